using System.CommandLine;
using System.CommandLine.Parsing;
using Tributary.Export;

namespace Tributary.Cli.Output;

/// <summary>Runs a command body, turning user mistakes into a one-line error and exit code 1.</summary>
internal static class CommandAction
{
    /// <summary>The exit code of a command stopped by Ctrl+C: 130, as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    public static void Set(Command command, Func<ParseResult, CancellationToken, Task> body) =>
        Set(command, async (result, ct) =>
        {
            await body(result, ct);
            return 0;
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
                return Fail(result, ex.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                result.InvocationConfiguration.Error.WriteLine($"tributary {Path(result)}: interrupted");
                return Interrupted;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or Storage.LineageStoreCorruptedException)
            {
                // A problem with the user's files or values that no command turned into words of its own: its message says what.
                WriteTraceWhenDebugging(result, ex);
                return Fail(result, ex.Message);
            }
            catch (Exception ex)
            {
                // A bug: still one line, never a stack trace; TRIBUTARY_DEBUG=1 shows the trace for a report.
                WriteTraceWhenDebugging(result, ex);

                return Fail(result, $"unexpected error ({ex.GetType().Name}: {ex.Message}); run again with TRIBUTARY_DEBUG=1 for details and report it");
            }
        });

    private static void WriteTraceWhenDebugging(ParseResult result, Exception ex)
    {
        if (Environment.GetEnvironmentVariable("TRIBUTARY_DEBUG") is "1" or "true")
        {
            result.InvocationConfiguration.Error.WriteLine(ex.ToString());
        }
    }

    private static int Fail(ParseResult result, string message)
    {
        result.InvocationConfiguration.Error.WriteLine($"tributary {Path(result)}: {VisibleText.Escape(message)}");
        return 1;
    }

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

    /// <summary>Opens the store a query command names, as of its <c>--as-of</c> moment when the command has one and it is given.</summary>
    public static async Task<LineageSession> OpenAsync(ParseResult result, Option<string> store, CancellationToken ct)
    {
        var session = await LineageSession.OpenAsync(result.GetValue(store)!, ct);
        foreach (var option in result.CommandResult.Command.Options)
        {
            if (option.Name == CommonOptions.AsOfName && option is Option<string?> asOf && result.GetValue(asOf) is { } moment)
            {
                session.AsOf(moment);
            }
        }

        return session;
    }
}
