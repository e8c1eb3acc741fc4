using System.Runtime.CompilerServices;

namespace Tributary.Tests.Export;

/// <summary>
/// Compares text with a committed <c>Snapshots/{Class}.{Test}.approved.txt</c>; on a mismatch (or a missing file)
/// writes <c>.received.txt</c> beside it and fails, so a reviewer can diff the two and rename to approve.
/// </summary>
public static class Snapshot
{
    /// <summary>Asserts that <paramref name="actual"/> equals the approved snapshot of the calling test.</summary>
    public static void Match(string actual, string? suffix = null, [CallerMemberName] string test = "", [CallerFilePath] string file = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(file)!, "Snapshots");
        var name = Path.GetFileNameWithoutExtension(file) + "." + test + (suffix is null ? "" : "." + suffix);
        var approved = Path.Combine(folder, name + ".approved.txt");
        var received = Path.Combine(folder, name + ".received.txt");
        var expected = File.Exists(approved) ? File.ReadAllText(approved) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No approved snapshot {approved}; wrote {received}. Review it and rename it to approve."
            : $"Output differs from {approved} at line {FirstDifference(expected, actual)}; wrote {received}.");
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return Math.Min(a.Length, b.Length) + 1;
    }
}
