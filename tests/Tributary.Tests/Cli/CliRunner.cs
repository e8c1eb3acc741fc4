using System.CommandLine;
using Tributary.Cli;

namespace Tributary.Tests.Cli;

/// <summary>Runs the tributary command line in-process with captured output.</summary>
public static class CliRunner
{
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(args, CancellationToken.None);

    /// <summary>Runs with a token that stands for Ctrl+C.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, CancellationToken interrupt)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var code = await global::Tributary.Cli.Cli.InvokeAsync(args, config, interrupt);
        return (code, output.ToString(), error.ToString());
    }
}
