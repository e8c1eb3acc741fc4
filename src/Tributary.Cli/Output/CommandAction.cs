using System.CommandLine;
using System.CommandLine.Parsing;
using Tributary.Export;

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
                result.InvocationConfiguration.Error.WriteLine($"tributary {Path(result)}: {VisibleText.Escape(ex.Message)}");
                return 1;
            }
        });

    /// <summary>Like <see cref="Set(Command, Func{ParseResult, CancellationToken, Task})"/>, for a body that chooses its exit code.</summary>
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, ct) =>
        {
            try
            {
                return await body(result, ct);
            }
            catch (CliException ex)
            {
                result.InvocationConfiguration.Error.WriteLine($"tributary {Path(result)}: {VisibleText.Escape(ex.Message)}");
                return 1;
            }
        });

    /// <summary>The invoked command's path below the root, such as <c>sql score</c>.</summary>
    private static string Path(ParseResult result)
    {
        var names = new List<string>();
        for (var r = result.CommandResult; r.Parent is CommandResult parent; r = parent)
        {
            names.Insert(0, r.Command.Name);
        }

        return string.Join(' ', names);
    }

    public static async Task<LineageSession> OpenAsync(ParseResult result, Option<string> store, CancellationToken ct) =>
        await LineageSession.OpenAsync(result.GetValue(store)!, ct);
}
