using System.Diagnostics;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// A small tmpfs mounted on a fresh folder, so a test can fill a real disk or make it read-only. Mounting needs root,
/// which the machines these tests run on give; without it the test fails saying so rather than pass untested.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MB.</summary>
    public Tmpfs(int megabytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tributary-tmpfs", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path);
    }

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>Makes the file system read-only (or writable again).</summary>
    public void Remount(bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Path);

    /// <summary>Writes a file until the disk is full; returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var file = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[64 << 10];
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // Full: fill the last bytes too, one page at a time.
            chunk = new byte[1];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                }
            }
            catch (IOException)
            {
                // Completely full.
            }
        }

        return filler;
    }

    /// <summary>Unmounts and removes the folder.</summary>
    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path, recursive: true);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({error.Trim()}); these tests need root to mount a tmpfs");
        }
    }
}
