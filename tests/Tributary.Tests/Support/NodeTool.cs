using System.Diagnostics;

namespace Tributary.Tests.Support;

/// <summary>Runs the test-only Node.js tools under tests/ (installing their npm packages on first use).</summary>
public static class NodeTool
{
    private static readonly object InstallLock = new();

    /// <summary>Runs <c>node script args</c> in the tool folder and returns its exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string toolFolder, string script, params string[] args)
    {
        var dir = Path.Combine(TestData.Repository, "tests", toolFolder);
        EnsureInstalled(dir);
        return Execute("node", dir, [script, .. args]);
    }

    private static void EnsureInstalled(string dir)
    {
        lock (InstallLock)
        {
            if (Directory.Exists(Path.Combine(dir, "node_modules")))
            {
                return;
            }

            // npm install rather than ci: a lock file written on one platform lacks the optional native packages of others.
            var (code, output) = Execute("npm", dir, ["install", "--no-audit", "--no-fund"]);
            if (code != 0)
            {
                throw new InvalidOperationException($"npm install in {dir} failed ({code}):\n{output}");
            }
        }
    }

    private static (int, string) Execute(string file, string dir, string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
