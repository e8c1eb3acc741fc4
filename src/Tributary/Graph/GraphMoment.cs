using Tributary.Model;

namespace Tributary.Graph;

// How the graph stood at a moment (UTC ticks; long.MaxValue is now): which nodes existed, which datasets were
// dropped, which edges a job's latest run then had, and what state a run was in. Everything here reads history the
// projection keeps (first/last seen, runs, versions, StateHistory), so an answer "as of" costs a few probes more
// than one "now", not a replay of the store.
internal static class GraphMoment
{
    public const long Now = long.MaxValue;

    // Whether the node had been seen by the moment (a field: its dataset).
    public static bool Existed(GraphStore store, int node, long moment)
    {
        if (moment == Now)
        {
            return true;
        }

        return store.FirstSeenOf(store.KindOf(node) == NodeKind.DatasetField ? store.FieldOf(node).Dataset : node) <= moment;
    }

    // Whether the node (a dataset, or a field through its dataset, or a job) was dropped at the moment.
    public static bool DeletedAt(GraphStore store, int node, long moment)
    {
        if (moment == Now)
        {
            return store.IsDeleted(node);
        }

        var nodes = store.Nodes;
        if (nodes[node].Kind == NodeKind.DatasetField)
        {
            node = store.FieldOf(node).Dataset;
        }

        ref readonly var n = ref nodes[node];
        if (n.Kind == NodeKind.Job)
        {
            // A job is dropped at or after the last event that mentions it (see ApplyJobLifecycle).
            return n.Deleted && store.JobOf(node).LastSeen <= moment;
        }

        if (!n.EverDropped)
        {
            return false;
        }

        return DeletedAt(store.DatasetOf(node), moment);
    }

    public static bool DeletedAt(DatasetRecord dataset, long moment)
    {
        if (moment == Now)
        {
            return dataset.Deleted;
        }

        if (dataset.Lifecycle is not { } lifecycle)
        {
            return false;
        }

        for (var i = lifecycle.Count - 1; i >= 0; i--)
        {
            if (lifecycle[i].At.Time <= moment)
            {
                return lifecycle[i].Dropped;
            }
        }

        return false;
    }

    // The job's newest run that had begun by the moment and names at least one dataset; -1 when none (a job known
    // only from job events, whose edges then answer by when they were first seen). A job or run record still in a
    // checkpoint is read in place: as-of walks ask this of every job they pass, and need nothing else of them.
    public static int LatestRun(GraphStore store, int job, long moment)
    {
        if (store.Jobs.TryUndecoded(store.Nodes[job].Ref, out var record))
        {
            var scanner = new RecordScanner(record);
            var count = GraphStore.SeekJobRuns(ref scanner);
            var runs = System.Buffers.ArrayPool<int>.Shared.Rent(count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    runs[i] = (int)scanner.Number();
                }

                return LatestRun(store, runs.AsSpan(0, count), moment);
            }
            finally
            {
                System.Buffers.ArrayPool<int>.Shared.Return(runs);
            }
        }

        return store.JobOf(job).Runs is { } list ? LatestRun(store, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list), moment) : -1;
    }

    // Newest first, as runs are usually listed oldest first: the first run that qualifies is then usually the answer,
    // and older ones are ruled out by their first-event time alone. Of runs that began at the same moment the one
    // listed last wins, as it always has.
    private static int LatestRun(GraphStore store, ReadOnlySpan<int> runs, long moment)
    {
        var best = -1;
        var bestTime = long.MinValue;
        for (var i = runs.Length - 1; i >= 0; i--)
        {
            var node = runs[i];
            var first = store.FirstSeenOf(node);
            if (first <= moment && first > bestTime && NamesDataset(store, node, -1, false))
            {
                best = node;
                bestTime = first;
            }
        }

        return best;
    }

    // Whether the run names the dataset as an input or output (any dataset at all for -1), resolving merged aliases;
    // a run record still in a checkpoint is read in place.
    private static bool NamesDataset(GraphStore store, int run, int dataset, bool output)
    {
        if (store.Runs.TryUndecoded(store.Nodes[run].Ref, out var record))
        {
            var scanner = new RecordScanner(record);
            for (int i = 0, n = GraphStore.SeekRunDatasets(ref scanner); i < n; i++)
            {
                var (named, isOutput) = GraphStore.ReadRunDataset(ref scanner);
                if (Matches(named, isOutput))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var item in store.RunOf(run).Datasets)
        {
            if (Matches(item.Dataset, item.Output))
            {
                return true;
            }
        }

        return false;

        bool Matches(int named, bool isOutput) => dataset < 0 || (isOutput == output && (named == dataset || store.Resolve(named) == dataset));
    }

    // Whether the edge stood at the moment: first seen by then, and for a job's read or write, named by the job's
    // latest run then (a run that stopped reading a table drops that edge from later moments). `runs` caches each
    // job's latest run for one walk.
    public static bool EdgeAt(GraphStore store, int edge, long moment, IntMap runs)
    {
        ref readonly var record = ref store.Edges[edge];
        if (record.FirstSeen > moment)
        {
            return false;
        }

        if (moment == Now || record.Kind is not (EdgeKind.Read or EdgeKind.Write))
        {
            return true;
        }

        var output = record.Kind == EdgeKind.Write;
        var (job, dataset) = output ? (record.From, record.To) : (record.To, record.From);
        if (!runs.TryGetValue(job, out var latest))
        {
            latest = LatestRun(store, job, moment);
            runs.TryAdd(job, latest);
        }

        return latest < 0 || NamesDataset(store, latest, dataset, output);
    }

    // Whether the run had ended by the moment (its terminal state then known).
    public static bool EndedBy(RunRecord run, long moment) => run.EndedAt != 0 && run.EndedAt <= moment;

    // The run's state at the moment: its terminal state once it had ended, RUNNING while it was under way.
    public static RunState? StateAt(RunRecord run, long moment) =>
        moment == Now || EndedBy(run, moment) || run.State is not (RunState.Complete or RunState.Fail or RunState.Abort)
            ? run.State
            : RunState.Running;

    // The run counts among failures at the moment: it had failed or aborted by then.
    public static bool FailedBy(RunRecord run, long moment) => run.State is RunState.Fail or RunState.Abort && (moment == Now || EndedBy(run, moment));
}
