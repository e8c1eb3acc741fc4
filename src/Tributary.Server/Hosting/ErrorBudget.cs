using Tributary.Json;
using Tributary.Server.Api;

namespace Tributary.Server.Hosting;

/// <summary>
/// Keeps error answers small whatever the input: a 300 KB batch of bad events must not earn a 20 MB answer. Lists are
/// cut to their first entries with a count of the rest, and each message to a readable length.
/// </summary>
internal static class ErrorBudget
{
    /// <summary>The most failed events a batch answer lists.</summary>
    public const int MaxFailedEvents = 1000;

    /// <summary>The most errors listed for one event, and in one problem answer.</summary>
    public const int MaxErrors = 100;

    /// <summary>The most errors listed for each failed event of a batch.</summary>
    public const int MaxErrorsPerFailedEvent = 10;

    /// <summary>The longest message kept (messages may quote what was sent).</summary>
    public const int MaxMessageLength = 500;

    public static string Truncate(string text) => text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "… (cut)";

    public static string Text(LineageError error) => Truncate(error.ToString());

    public static ProblemError Problem(LineageError error) => new(Truncate(error.Path), Truncate(error.Message));

    public static FailedEvent Failed(int index, IReadOnlyList<LineageError> errors)
    {
        var listed = errors.Take(MaxErrorsPerFailedEvent).Select(Problem).ToArray();
        var reason = string.Join("; ", listed.Select(e => e.Path + ": " + e.Message));
        if (errors.Count > listed.Length)
        {
            reason += $"; and {errors.Count - listed.Length} more";
        }

        return new FailedEvent(index, reason, false, listed);
    }
}
