using System.Diagnostics;

namespace Tributary.Server.Tests.Support;

/// <summary>Runs <c>dotnet Tributary.Cli.dll ...</c> as a separate process, the way a user runs <c>tributary</c>.</summary>
public static class CliProcess
{
    /// <summary>
    /// Runs the command line with <paramref name="args"/> (and <paramref name="environment"/> added to this process's)
    /// and returns its exit code, standard output and standard error once it exits; fails after two minutes.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, IDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerProcess.CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "1";
        info.Environment.Remove("TRIBUTARY_API_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tributary {string.Join(' ', args)} did not finish within 2 minutes");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs the command line with <paramref name="args"/>.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, null);
}
