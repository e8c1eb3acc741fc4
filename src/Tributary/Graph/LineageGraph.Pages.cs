namespace Tributary.Graph;

// Whole-graph listings read a page at a time, each page under the read lock only for as long as it takes: an export of
// a large graph (the lake's projection tables, rewritten at every compaction) then holds up the events being applied
// for a page's time, not for the whole graph's (about half a second at 900,000 runs). Records are only ever appended,
// so paging by position sees each once; what changes between pages is seen as it is when its page is read.
public sealed partial class LineageGraph
{
    private const int PageSize = 4096;

    // Every run, in the order the graph holds them.
    internal IEnumerable<RunInfo> RunsInPages() => Pages<RunInfo>(s => s.Runs.Count, AddRuns);

    // Every canonical dataset (aliases excluded), in the order the graph holds them.
    internal IEnumerable<DatasetInfo> DatasetsInPages() => Pages<DatasetInfo>(s => s.Datasets.Count, AddDatasets);

    // Every job, in the order the graph holds them.
    internal IEnumerable<JobInfo> JobsInPages() => Pages<JobInfo>(s => s.Jobs.Count, AddJobs);

    // Every live edge, in the order the graph holds them.
    internal IEnumerable<LineageEdge> EdgesInPages() => Pages<LineageEdge>(s => s.Edges.Length, AddEdges);

    // What the whole-graph listings (GetRuns and the rest, whole or by page) hold of the records at [from, end), as
    // the graph stands at its moment.
    private void AddRuns(GraphStore s, int from, int end, List<RunInfo> into)
    {
        for (var i = from; i < end; i++)
        {
            var record = s.Runs[i];
            if (record.Job >= 0 && record.FirstEvent <= MomentTicks)
            {
                into.Add(GraphViews.Run(s, record, MomentTicks));
            }
        }
    }

    private void AddDatasets(GraphStore s, int from, int end, List<DatasetInfo> into)
    {
        for (var i = from; i < end; i++)
        {
            var record = s.Datasets[i];
            if (s.Resolve(record.Node) == record.Node && record.FirstSeen <= MomentTicks)
            {
                into.Add(GraphViews.Dataset(s, record, MomentTicks));
            }
        }
    }

    private void AddJobs(GraphStore s, int from, int end, List<JobInfo> into)
    {
        for (var i = from; i < end; i++)
        {
            var record = s.Jobs[i];
            if (record.FirstSeen <= MomentTicks)
            {
                into.Add(GraphViews.Job(s, record, MomentTicks));
            }
        }
    }

    private void AddEdges(GraphStore s, int from, int end, List<LineageEdge> into)
    {
        using var runs = new IntMap(64);
        for (var e = from; e < end; e++)
        {
            if (!s.Edges[e].Dead && GraphMoment.EdgeAt(s, e, MomentTicks, runs))
            {
                into.Add(GraphViews.Edge(s, e));
            }
        }
    }

    // Pages of what `fill` adds for positions [from, end) of a table of `count` records.
    private IEnumerable<T> Pages<T>(Func<GraphStore, int> count, Action<GraphStore, int, int, List<T>> fill)
    {
        var page = new List<T>(PageSize);
        for (var from = 0; ; from += PageSize)
        {
            page.Clear();
            var more = Read(s =>
            {
                var end = Math.Min(count(s), from + PageSize);
                fill(s, from, end, page);
                return end < count(s);
            });
            foreach (var item in page)
            {
                yield return item;
            }

            if (!more)
            {
                yield break;
            }
        }
    }
}
