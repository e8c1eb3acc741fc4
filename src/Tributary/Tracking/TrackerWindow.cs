using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// What keeps a tracker's in-memory graph bounded in a long-running process: the graph holds a window of the newest
/// operations, at most <c>max_graph_nodes</c> datasets and jobs and none older than <c>operation_retention_hours</c>.
/// When a limit is passed, the oldest operations leave the window whole and the graph is rebuilt from the events of
/// those that stay, through the same projection; the store keeps every event.
/// </summary>
/// <remarks>
/// Why the oldest operations go rather than new nodes being refused: a tracker answers "what just happened", so a
/// dataset written a minute ago must be in its graph, and the datasets that leave are those no kept operation touched,
/// the least recently seen. Trimming replays the events kept, so it runs only once a quarter of the node budget has
/// been added since the last trim, or once an eighth of the retention has passed beyond it: a few checks per event
/// and no scan. The window keeps the events of its operations (not their bytes) so it never reads the store again.
/// </remarks>
internal sealed class TrackerWindow : ILineageProjection
{
    private readonly LineageGraph _graph;
    private readonly int _maxNodes;
    private readonly long _retentionTicks;
    private readonly long _slackTicks;
    private readonly TimeProvider _time;
    private readonly Queue<Entry> _events = new();
    private int _trimAbove;

    public TrackerWindow(LineageGraph graph, LineageConfig config, TimeProvider time)
    {
        _graph = graph;
        _maxNodes = config.MaxGraphNodes;
        _retentionTicks = TimeSpan.FromHours(config.OperationRetentionHours).Ticks;
        _slackTicks = _retentionTicks / 8;
        _time = time;
        _trimAbove = _maxNodes;
    }

    /// <summary>How many times the window dropped operations; 0 while the graph holds everything the store does.</summary>
    public int Trims { get; private set; }

    /// <summary>The events the graph is built from now.</summary>
    public int EventCount => _events.Count;

    // Called by the replica, one event at a time under its apply lock, after the graph applied the event.
    public void Apply(IngestedEvent ingested)
    {
        var e = ingested.Event;
        _events.Enqueue(new Entry(ingested.Sequence, ingested.Digest.IsNone ? ingested.Sequence : ingested.Digest.TieBreak, e.EventTime.UtcTicks, e));
        TrimIfDue();
    }

    // Also called before the tracker's reads (under the replica's apply lock): time passes without events too.
    public void TrimIfDue()
    {
        var tooOld = _retentionTicks > 0 && _events.TryPeek(out var oldest) && oldest.Ticks < _time.GetUtcNow().UtcTicks - _retentionTicks - _slackTicks;
        if (tooOld || _graph.DatasetAndJobCount > _trimAbove)
        {
            Trim();
        }
    }

    private void Trim()
    {
        var entries = _events.ToArray();
        var cutoff = _retentionTicks > 0 ? _time.GetUtcNow().UtcTicks - _retentionTicks : long.MinValue;

        // Newest first: keep events while their datasets and jobs fit in three quarters of the budget (the newest always
        // stays), so the next quarter of new nodes can arrive before trimming again.
        var target = Math.Max(1, _maxNodes - (_maxNodes / 4));
        var seen = new HashSet<NodeId>();
        var touched = new List<NodeId>();
        var start = entries.Length;
        for (var i = entries.Length - 1; i >= 0 && entries[i].Ticks >= cutoff; i--)
        {
            touched.Clear();
            NodesOf(entries[i].Event, touched);
            var added = 0;
            foreach (var node in touched)
            {
                added += seen.Contains(node) ? 0 : 1;
            }

            if (start < entries.Length && seen.Count + added > target)
            {
                break;
            }

            seen.UnionWith(touched);
            start = i;
        }

        // Operations leave whole: a run with an event before the window's start loses its later events too.
        var dropped = new HashSet<(RunId, JobId)>();
        for (var i = 0; i < start; i++)
        {
            if (entries[i].Event is RunEvent run)
            {
                dropped.Add((run.Run.RunId, run.Job.Id));
            }
        }

        _events.Clear();
        var rebuilt = new LineageGraph();
        for (var i = start; i < entries.Length; i++)
        {
            ref readonly var entry = ref entries[i];
            if (entry.Event is RunEvent run && dropped.Contains((run.Run.RunId, run.Job.Id)))
            {
                continue;
            }

            rebuilt.Apply(entry.Event, entry.Sequence, entry.Order);
            _events.Enqueue(entry);
        }

        _graph.ReplaceWith(rebuilt);
        rebuilt.Dispose();
        Trims++;

        // A single operation larger than the budget stays; trimming again waits for a quarter budget of new nodes.
        _trimAbove = Math.Max(_maxNodes, _graph.DatasetAndJobCount + Math.Max(1, _maxNodes / 4));
    }

    private static void NodesOf(LineageEvent e, List<NodeId> nodes)
    {
        switch (e)
        {
            case RunEvent run:
                nodes.Add(NodeId.From(run.Job.Id));
                AddDatasets(run.Inputs, run.Outputs, nodes);
                break;
            case JobEvent job:
                nodes.Add(NodeId.From(job.Job.Id));
                AddDatasets(job.Inputs, job.Outputs, nodes);
                break;
            case DatasetEvent dataset:
                nodes.Add(NodeId.From(dataset.Dataset.Id));
                break;
        }
    }

    private static void AddDatasets(IReadOnlyList<InputDataset> inputs, IReadOnlyList<OutputDataset> outputs, List<NodeId> nodes)
    {
        foreach (var input in inputs)
        {
            nodes.Add(NodeId.From(input.Id));
        }

        foreach (var output in outputs)
        {
            nodes.Add(NodeId.From(output.Id));
        }
    }

    private readonly record struct Entry(long Sequence, long Order, long Ticks, LineageEvent Event);
}
