using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Datasets not written within <paramref name="olderThan"/> of <paramref name="now"/>, sorted by id. A dataset
    /// no run ever wrote (a source only read) is judged by when it was last seen. Dropped datasets are left out.
    /// </summary>
    public IReadOnlyList<StaleDataset> Stale(TimeSpan olderThan, DateTimeOffset now) => _graph.Read(store =>
    {
        var list = new List<StaleDataset>();
        var moment = Moment();
        foreach (var record in store.Datasets)
        {
            if (store.Resolve(record.Node) != record.Node || record.FirstSeen > moment || GraphMoment.DeletedAt(record, moment))
            {
                continue;
            }

            var info = moment == GraphMoment.Now ? null : GraphViews.Dataset(store, record, moment);
            var written = info is null ? GraphViews.OptionalTime(record.LastWritten) : info.LastWritten;
            var seen = info?.LastSeen ?? GraphViews.Time(record.LastSeen);
            var age = now - (written ?? seen);
            if (age > olderThan)
            {
                list.Add(new StaleDataset(record.Id, written, seen, age));
            }
        }

        list.Sort((a, b) => a.Dataset.CompareTo(b.Dataset));
        return (IReadOnlyList<StaleDataset>)list;
    });

    /// <summary>
    /// Duration statistics of finished runs (count, mean, p50, p95, max, error rate) per job or per operation type,
    /// optionally only for one operation type and runs started at or after <paramref name="since"/>; sorted by key.
    /// </summary>
    public IReadOnlyList<PerformanceStats> PerformanceStats(
        PerformanceGrouping groupBy = PerformanceGrouping.Job, OperationType? operationType = null, DateTimeOffset? since = null) => _graph.Read(store =>
    {
        var groups = new SortedDictionary<string, (List<double> Durations, int Failed)>(StringComparer.Ordinal);
        var moment = Moment();
        foreach (var run in store.Runs)
        {
            if (run.Job < 0 || run.EndedAt == 0 || run.EndedAt > moment || (operationType is { } type && run.OperationType != type))
            {
                continue;
            }

            var started = run.StartedAt != 0 ? run.StartedAt : run.FirstEvent;
            if (since is { } from && started < from.UtcTicks)
            {
                continue;
            }

            var key = groupBy switch
            {
                PerformanceGrouping.Job => store.JobIdOf(run.Job).ToString(),
                PerformanceGrouping.All when operationType is null => "all",
                _ => run.OperationType?.ToString().ToUpperInvariant() ?? "unknown",
            };
            if (!groups.TryGetValue(key, out var group))
            {
                group = ([], 0);
            }

            group.Durations.Add(TimeSpan.FromTicks(Math.Max(0, run.EndedAt - started)).TotalMilliseconds);
            groups[key] = (group.Durations, group.Failed + (run.State is RunState.Fail or RunState.Abort ? 1 : 0));
        }

        return (IReadOnlyList<PerformanceStats>)groups.Select(g =>
        {
            var durations = g.Value.Durations;
            durations.Sort();
            return new PerformanceStats(g.Key, durations.Count, g.Value.Failed, durations.Average(), Percentile(durations, 0.50), Percentile(durations, 0.95), durations[^1]);
        }).ToArray();
    });

    /// <summary>
    /// Rows and bytes in and out per job and per dataset, in time buckets of <paramref name="bucket"/> (default one
    /// day) by run start, optionally within [<paramref name="from"/>, <paramref name="to"/>).
    /// </summary>
    public VolumeFlowReport VolumeFlow(TimeSpan? bucket = null, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var width = bucket ?? TimeSpan.FromDays(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero, nameof(bucket));
        return _graph.Read(store =>
        {
            var jobs = new Dictionary<(int Node, long Start), long[]>();
            var datasets = new Dictionary<(int Node, long Start), long[]>();
            var moment = Moment();
            foreach (var run in store.Runs)
            {
                var started = run.StartedAt != 0 ? run.StartedAt : run.FirstEvent;
                if (run.Job < 0 || run.Datasets.Length == 0 || run.FirstEvent > moment || started < (from?.UtcTicks ?? long.MinValue) || started >= (to?.UtcTicks ?? long.MaxValue))
                {
                    continue;
                }

                var start = started - (started % width.Ticks);
                var job = Totals(jobs, (run.Job, start));
                job[4]++;
                foreach (var item in run.Datasets)
                {
                    var dataset = Totals(datasets, (store.Resolve(item.Dataset), start));
                    dataset[4]++;
                    var (rows, bytes) = (item.Statistics.RowCount ?? 0, item.Statistics.Bytes ?? 0);
                    // A job's input is its dataset's output, and the other way round.
                    var (jobSlot, datasetSlot) = item.Output ? (2, 0) : (0, 2);
                    job[jobSlot] += rows;
                    job[jobSlot + 1] += bytes;
                    dataset[datasetSlot] += rows;
                    dataset[datasetSlot + 1] += bytes;
                }
            }

            return new VolumeFlowReport(width, Buckets(store, jobs), Buckets(store, datasets));
        });
    }

    /// <summary>Runs that failed or were aborted, with their error messages, optionally since a moment; oldest first.</summary>
    public IReadOnlyList<RunInfo> FailedRuns(DateTimeOffset? since = null) => _graph.Read(store =>
    {
        var list = new List<RunInfo>();
        var moment = Moment();
        foreach (var run in store.Runs)
        {
            if (run.Job >= 0 && GraphMoment.FailedBy(run, moment) && (since is null || run.LastEvent >= since.Value.UtcTicks))
            {
                list.Add(GraphViews.Run(store, run, moment));
            }
        }

        list.Sort((a, b) => a.StartedAt != b.StartedAt ? a.StartedAt.CompareTo(b.StartedAt) : a.Id.CompareTo(b.Id));
        return (IReadOnlyList<RunInfo>)list;
    });

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static long[] Totals(Dictionary<(int, long), long[]> totals, (int, long) key)
    {
        if (!totals.TryGetValue(key, out var value))
        {
            value = new long[5];
            totals.Add(key, value);
        }

        return value;
    }

    private static VolumeBucket[] Buckets(GraphStore store, Dictionary<(int Node, long Start), long[]> totals)
    {
        var list = totals.Select(t => new VolumeBucket(store.IdOf(t.Key.Node), GraphViews.Time(t.Key.Start), t.Value[0], t.Value[1], t.Value[2], t.Value[3], (int)t.Value[4])).ToList();
        list.Sort((a, b) => a.Node.CompareTo(b.Node) is var c && c != 0 ? c : a.Start.CompareTo(b.Start));
        return [.. list];
    }
}
