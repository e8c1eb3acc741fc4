using System.CommandLine;

namespace Tributary.Cli.Output;

/// <summary>Runs a command body, turning user mistakes into a one-line error and exit code 1.</summary>
internal static class CommandAction
{
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task> body) =>
        command.SetAction(async (result, ct) =>
        {
            try
            {
                await body(result, ct);
                return 0;
            }
            catch (CliException ex)
            {
                result.InvocationConfiguration.Error.WriteLine($"tributary {command.Name}: {ex.Message}");
                return 1;
            }
        });

    public static async Task<LineageSession> OpenAsync(ParseResult result, Option<string> store, CancellationToken ct) =>
        await LineageSession.OpenAsync(result.GetValue(store)!, ct);
}
