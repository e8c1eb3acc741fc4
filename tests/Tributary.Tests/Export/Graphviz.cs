using System.Diagnostics;

namespace Tributary.Tests.Export;

/// <summary>Runs the real Graphviz <c>dot</c>, installing the Debian package first when it is missing and we are root.</summary>
public static class Graphviz
{
    private static readonly Lazy<string> Dot = new(FindOrInstall);

    /// <summary>Renders DOT text to SVG with <c>dot -Tsvg</c>; returns the exit code, the SVG and the error output.</summary>
    public static (int ExitCode, string Svg, string Errors) RenderSvg(string dot)
    {
        var start = new ProcessStartInfo(Dot.Value, "-Tsvg") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FindOrInstall()
    {
        if (Which("dot") is { } found)
        {
            return found;
        }

        // Same command as scripts/install-test-deps.sh, for a test run on a machine that skipped it.
        using var install = Process.Start(new ProcessStartInfo("apt-get", "install -y graphviz") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        install.StandardOutput.ReadToEnd();
        install.WaitForExit();
        return Which("dot") ?? throw new InvalidOperationException("Graphviz 'dot' is missing and 'apt-get install -y graphviz' did not provide it; run scripts/install-test-deps.sh as root.");
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
