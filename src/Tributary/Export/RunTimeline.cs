using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Export;

/// <summary>The runs active in a time window, grouped by job: the first source document's <c>generate_timeline_data(hours_back)</c>.</summary>
/// <param name="From">The start of the window.</param>
/// <param name="To">The end of the window (usually now).</param>
/// <param name="Entries">Every run that overlapped the window, sorted by job, then start time, then run id.</param>
public sealed record RunTimeline(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TimelineEntry> Entries)
{
    /// <summary>The runs of the graph that started before <paramref name="to"/> and had not ended before <paramref name="from"/>.</summary>
    public static RunTimeline Of(LineageGraph graph, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from, to);
        var entries = new List<TimelineEntry>();
        foreach (var run in graph.GetRuns())
        {
            if (run.StartedAt > to || (run.EndedAt ?? to) < from)
            {
                continue;
            }

            entries.Add(new TimelineEntry(run.Id, run.Job, run.State, run.StartedAt, run.EndedAt)
            {
                OperationType = run.OperationType,
                RowsIn = Sum(run.Inputs),
                RowsOut = Sum(run.Outputs),
                Error = run.ErrorMessage,
            });
        }

        entries.Sort((a, b) =>
        {
            var c = a.Job.CompareTo(b.Job);
            c = c != 0 ? c : a.StartedAt.CompareTo(b.StartedAt);
            return c != 0 ? c : a.Run.CompareTo(b.Run);
        });
        return new RunTimeline(from, to, entries);
    }

    private static long? Sum(IReadOnlyList<RunDatasetInfo> datasets) =>
        datasets.Any(d => d.RowCount is not null) ? datasets.Sum(d => d.RowCount ?? 0) : null;
}
