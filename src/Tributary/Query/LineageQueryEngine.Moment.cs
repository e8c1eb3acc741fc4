using System.Globalization;
using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Reads the moment a user asks "as of": an ISO 8601 time (<c>2025-01-03T08:00:00Z</c>; without an offset it is
    /// UTC; a date alone is its midnight UTC) or the id of a run the graph knows, which stands for the moment that
    /// run ended (or, still running, its last event). Throws <see cref="FormatException"/> saying what was expected.
    /// </summary>
    public DateTimeOffset ParseMoment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (RunId.TryParse(text, out var runId))
        {
            var moment = _graph.Read(store =>
            {
                var node = store.Find(NodeId.From(runId));
                if (node < 0)
                {
                    return (long?)null;
                }

                var run = store.RunOf(node);
                return run.EndedAt != 0 ? run.EndedAt : run.LastEvent;
            });
            return moment is { } ticks ? GraphViews.Time(ticks)
                : throw new FormatException($"as of '{text}': the graph has no run with that id; give a run id it knows or an ISO 8601 time such as 2025-01-03T08:00:00Z");
        }

        if (text.Length >= 10 && char.IsAsciiDigit(text[0])
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        throw new FormatException($"as of '{text}': not an ISO 8601 time (such as 2025-01-03T08:00:00Z or 2025-01-03) nor a run id");
    }
}
