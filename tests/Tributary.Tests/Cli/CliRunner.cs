using System.CommandLine;
using Tributary.Cli;

namespace Tributary.Tests.Cli;

/// <summary>Runs the tributary command line in-process with captured output.</summary>
public static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var config = new InvocationConfiguration { Output = output, Error = error };
        var code = await global::Tributary.Cli.Cli.Build().Parse(args).InvokeAsync(config);
        return (code, output.ToString(), error.ToString());
    }
}
