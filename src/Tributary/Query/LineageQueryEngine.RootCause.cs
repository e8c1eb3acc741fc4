using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    private const int RecentRuns = 5;

    // Row counts wobble from run to run; a drop smaller than this is noise, not evidence.
    private const double VolumeDropPercent = 10;

    /// <summary>
    /// The likely causes of a data-quality problem in a dataset: the dataset itself and everything upstream within
    /// <paramref name="maxDepth"/> levels, ranked by evidence — failed quality assertions, failed runs of the jobs
    /// (among their last five), schema changes and row-count drops between the last two versions — nearer
    /// suspects first when the evidence weighs the same.
    /// </summary>
    public RootCauseReport RootCause(NodeId dataset, int maxDepth = 20, LineageQueryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        return Diagnostics.LineageTelemetry.Measure("root-cause", () => _graph.Read(store =>
        {
            var start = Require(store, dataset, nameof(dataset));
            if (store.KindOf(start) == NodeKind.DatasetField)
            {
                start = store.FieldOf(start).Dataset;
            }

            using var walk = GraphTraversal.Walk(store, [start], Request(options, maxDepth, 0, EdgeMask.Table));
            var candidates = new List<RootCauseCandidate>();
            var upstream = new List<NodeId>(walk.Count);
            for (var i = 0; i < walk.Count; i++)
            {
                var node = walk.Nodes[i];
                upstream.Add(store.IdOf(node));
                if (node == start)
                {
                    // The dataset with the problem is the symptom, not a suspect; its own failed checks are why we look.
                    continue;
                }

                var moment = Moment(options);
                var evidence = store.KindOf(node) switch
                {
                    NodeKind.Dataset => DatasetEvidence(store, store.DatasetOf(node), moment),
                    NodeKind.Job => JobEvidence(store, store.JobOf(node), moment),
                    _ => [],
                };
                if (evidence.Count > 0)
                {
                    var score = evidence.Sum(Weight);
                    evidence.Sort((a, b) => Weight(b).CompareTo(Weight(a)) is var c && c != 0 ? c : b.At.CompareTo(a.At));
                    candidates.Add(new RootCauseCandidate(store.IdOf(node), walk.UpstreamDepths[i], score, evidence));
                }
            }

            candidates.Sort((a, b) =>
                b.Score.CompareTo(a.Score) is var c && c != 0 ? c
                : a.Depth.CompareTo(b.Depth) is var d && d != 0 ? d
                : a.Node.CompareTo(b.Node));
            upstream.Sort(NodeOrder.Instance);
            return new RootCauseReport(store.IdOf(start), candidates, upstream, walk.Partial);
        }));
    }

    private static double Weight(RootCauseEvidence evidence) => evidence.Kind switch
    {
        EvidenceKind.FailedAssertion => 4,
        EvidenceKind.FailedRun => 3,
        EvidenceKind.SchemaChange => 2,
        _ => 2,
    };

    private static List<RootCauseEvidence> DatasetEvidence(GraphStore store, DatasetRecord dataset, long moment)
    {
        var evidence = new List<RootCauseEvidence>();
        if (AssertionRunAt(store, dataset, moment) is { FailedAssertions: { } failed } tested)
        {
            foreach (var (node, assertion) in failed)
            {
                if (store.Resolve(node) == dataset.Node)
                {
                    var column = assertion.Column is null ? "" : $" on {assertion.Column}";
                    evidence.Add(new RootCauseEvidence(EvidenceKind.FailedAssertion, $"assertion {assertion.Name}{column} failed",
                        GraphViews.Time(tested.LastEvent), tested.Id));
                }
            }
        }

        var count = dataset.Versions?.Count ?? 0;
        while (count > 0 && dataset.Versions![count - 1].FirstSeen > moment)
        {
            count--;
        }

        if (count >= 2 && dataset.Versions is { } versions)
        {
            var (previous, latest) = (versions[count - 2], versions[count - 1]);
            var run = store.RunOf(latest.Run);
            if (GraphViews.VersionSchema(dataset, count - 2) is { } previousSchema && GraphViews.VersionSchema(dataset, count - 1) is { } latestSchema)
            {
                var before = previousSchema.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
                var after = latestSchema.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
                var added = after.Except(before).Order(StringComparer.Ordinal).ToArray();
                var removed = before.Except(after).Order(StringComparer.Ordinal).ToArray();
                if (added.Length + removed.Length > 0)
                {
                    var text = string.Join("; ", new[] { added.Length > 0 ? "added " + string.Join(", ", added) : null, removed.Length > 0 ? "removed " + string.Join(", ", removed) : null }.OfType<string>());
                    evidence.Add(new RootCauseEvidence(EvidenceKind.SchemaChange, "schema changed: " + text, GraphViews.Time(latest.FirstSeen), run.Id));
                }
            }

            if (previous.Statistics.RowCount is > 0 and var before2 && latest.Statistics.RowCount is { } after2 && after2 < before2
                && 100.0 * (before2 - after2) / before2 is var percent && percent >= VolumeDropPercent)
            {
                evidence.Add(new RootCauseEvidence(EvidenceKind.VolumeDrop, $"rows fell from {before2} to {after2} (-{percent:0.#}%)", GraphViews.Time(latest.FirstSeen), run.Id));
            }
        }

        return evidence;
    }

    // The run whose quality assertions on the dataset stood at the moment: the newest that tested it (now), or, as of
    // an earlier moment, the newest run by then that reported a failed assertion on it (a run that passed every
    // check is not remembered per dataset, so an earlier failure is not known to have been cleared then).
    private static RunRecord? AssertionRunAt(GraphStore store, DatasetRecord dataset, long moment)
    {
        if (dataset.AssertionRun < 0)
        {
            return null;
        }

        var newest = store.RunOf(dataset.AssertionRun);
        if (moment == GraphMoment.Now || newest.LastEvent <= moment)
        {
            return newest;
        }

        RunRecord? best = null;
        var edges = store.Edges;
        var nodes = store.Nodes;
        foreach (var first in (ReadOnlySpan<int>)[nodes[dataset.Node].FirstIn, nodes[dataset.Node].FirstOut])
        {
            for (var e = first; e >= 0; e = edges[e].From == dataset.Node ? edges[e].NextOut : edges[e].NextIn)
            {
                var job = edges[e].From == dataset.Node ? edges[e].To : edges[e].From;
                if (edges[e].Dead || store.KindOf(job) != NodeKind.Job)
                {
                    continue;
                }

                foreach (var r in store.JobOf(job).Runs ?? [])
                {
                    var run = store.RunOf(r);
                    if (run.LastEvent <= moment && (best is null || run.LastEvent > best.LastEvent)
                        && run.FailedAssertions is { } failed && failed.Exists(a => store.Resolve(a.Dataset) == dataset.Node))
                    {
                        best = run;
                    }
                }
            }
        }

        return best;
    }

    private static List<RootCauseEvidence> JobEvidence(GraphStore store, JobRecord job, long moment)
    {
        var evidence = new List<RootCauseEvidence>();
        if (job.Runs is not { } all)
        {
            return evidence;
        }

        var runs = moment == GraphMoment.Now ? all : all.FindAll(r => store.RunOf(r).FirstEvent <= moment);
        for (var i = runs.Count - 1; i >= 0 && i >= runs.Count - RecentRuns; i--)
        {
            var run = store.RunOf(runs[i]);
            if (GraphMoment.FailedBy(run, moment))
            {
                var state = run.State == RunState.Fail ? "failed" : "aborted";
                var message = run.ErrorMessage is null ? "" : ": " + run.ErrorMessage;
                evidence.Add(new RootCauseEvidence(EvidenceKind.FailedRun, $"run {run.Id} {state}{message}", GraphViews.Time(run.EndedAt != 0 ? run.EndedAt : run.LastEvent), run.Id));
            }
        }

        return evidence;
    }
}
