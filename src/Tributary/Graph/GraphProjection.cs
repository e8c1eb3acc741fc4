using System.Runtime.InteropServices;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Projects OpenLineage events onto the interned store with OpenLineage's semantics: events of one run accumulate,
// a facet re-sent replaces the earlier one of the same name, and a facet marked _deleted removes it.
internal sealed partial class GraphProjection(GraphStore store)
{
    public void Apply(LineageEvent lineageEvent)
    {
        var time = lineageEvent.EventTime.UtcTicks;
        switch (lineageEvent)
        {
            case RunEvent run:
                ApplyRun(run, time);
                break;
            case DatasetEvent dataset:
                ApplyDataset(dataset.Dataset, time, output: false);
                break;
            case JobEvent job:
                var jobNode = ApplyJob(job.Job, time);
                foreach (var input in job.Inputs)
                {
                    store.AddEdge(ApplyDataset(input, time, output: false), jobNode, EdgeKind.Read, time);
                }

                foreach (var output in job.Outputs)
                {
                    var dataset = ApplyDataset(output, time, output: true);
                    store.AddEdge(jobNode, dataset, EdgeKind.Write, time);
                }

                break;
        }
    }

    private void ApplyRun(RunEvent e, long time)
    {
        var runNode = store.InternRun(e.Run.RunId, out var created);
        var run = store.RunOf(runNode);
        var jobNode = ApplyJob(e.Job, time);
        if (run.Job < 0)
        {
            run.Job = jobNode;
            store.AddEdge(runNode, jobNode, EdgeKind.RunOf, time);
            (store.JobOf(jobNode).Runs ??= []).Add(runNode);
        }

        run.FirstEvent = created ? time : Math.Min(run.FirstEvent, time);
        run.LastEvent = Math.Max(run.LastEvent, time);
        run.Producer = e.Producer;
        run.Sql = store.JobOf(jobNode).Sql ?? run.Sql;
        ApplyState(run, e.EventType, time);
        ApplyRunFacets(run, e.Run.Facets);

        var failed = e.EventType is RunState.Fail or RunState.Abort;
        foreach (var input in e.Inputs)
        {
            var dataset = ApplyDataset(input, time, output: false);
            store.AddEdge(dataset, jobNode, EdgeKind.Read, time);
            ref var item = ref RunDataset(run, dataset, output: false);
            var statistics = input.InputFacets.Get<InputStatisticsInputDatasetFacet>();
            var metrics = input.InputFacets.Get<DataQualityMetricsInputDatasetFacet>() ?? input.Facets.Get<DataQualityMetricsInputDatasetFacet>();
            item.RowCount = statistics?.RowCount ?? metrics?.RowCount ?? item.RowCount;
            item.Bytes = statistics?.Size ?? metrics?.Bytes ?? item.Bytes;
            ApplyAssertions(run, dataset, input.InputFacets, input.Facets);
        }

        foreach (var output in e.Outputs)
        {
            var dataset = ApplyDataset(output, time, output: true, written: !failed);
            store.AddEdge(jobNode, dataset, EdgeKind.Write, time);
            ref var item = ref RunDataset(run, dataset, output: true);
            var statistics = output.OutputFacets.Get<OutputStatisticsOutputDatasetFacet>();
            item.RowCount = statistics?.RowCount ?? item.RowCount;
            item.Bytes = statistics?.Size ?? item.Bytes;
            ApplyAssertions(run, dataset, output.OutputFacets, output.Facets);
            ApplyVersion(run, dataset, output, item, time);
        }

        if (e.EventType is RunState.Complete or RunState.Fail or RunState.Abort)
        {
            JobVersioning.Record(store, run, time);
        }
    }

    private static void ApplyState(RunRecord run, RunState? state, long time)
    {
        switch (state)
        {
            case RunState.Start:
                run.StartedAt = run.StartedAt == 0 ? time : Math.Min(run.StartedAt, time);
                run.State = run.State is RunState.Complete or RunState.Fail or RunState.Abort ? run.State : RunState.Start;
                break;
            case RunState.Running:
                run.State = run.State is RunState.Complete or RunState.Fail or RunState.Abort ? run.State : RunState.Running;
                break;
            case RunState.Complete or RunState.Fail or RunState.Abort:
                run.State = state;
                run.EndedAt = Math.Max(run.EndedAt, time);
                break;
            case RunState.Other:
                run.State ??= RunState.Other;
                break;
        }
    }

    private static void ApplyRunFacets(RunRecord run, FacetSet facets)
    {
        foreach (var (name, facet) in facets)
        {
            var deleted = facet.Deleted;
            switch (name)
            {
                case ErrorMessageRunFacet.Key:
                    run.ErrorMessage = deleted ? null : (facet as ErrorMessageRunFacet)?.Message ?? run.ErrorMessage;
                    run.StackTrace = deleted ? null : (facet as ErrorMessageRunFacet)?.StackTrace ?? run.StackTrace;
                    break;
                case OperationTypeRunFacet.Key:
                    run.OperationType = deleted ? null : (facet as OperationTypeRunFacet)?.OperationType ?? run.OperationType;
                    break;
                case NominalTimeRunFacet.Key:
                    run.NominalStart = deleted ? null : (facet as NominalTimeRunFacet)?.NominalStartTime ?? run.NominalStart;
                    run.NominalEnd = deleted ? null : (facet as NominalTimeRunFacet)?.NominalEndTime ?? run.NominalEnd;
                    break;
                case ParentRunFacet.Key:
                    run.ParentRun = deleted ? null : (facet as ParentRunFacet)?.Run ?? run.ParentRun;
                    run.ParentJob = deleted ? null : (facet as ParentRunFacet)?.Job ?? run.ParentJob;
                    break;
            }
        }
    }

    private static ref RunDatasetRecord RunDataset(RunRecord run, int dataset, bool output)
    {
        var items = CollectionsMarshal.AsSpan(run.Datasets);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Dataset == dataset && items[i].Output == output)
            {
                return ref items[i];
            }
        }

        run.Datasets.Add(new RunDatasetRecord(dataset, output));
        return ref CollectionsMarshal.AsSpan(run.Datasets)[^1];
    }

    private void ApplyAssertions(RunRecord run, int dataset, FacetSet first, FacetSet second)
    {
        var facet = first.Get<DataQualityAssertionsDatasetFacet>() ?? second.Get<DataQualityAssertionsDatasetFacet>();
        if (facet is null)
        {
            return;
        }

        // The facet re-sent for the same dataset replaces what the run reported before; the dataset remembers the
        // latest run that tested it, so a later passing test clears an earlier failure.
        store.DatasetOf(dataset).AssertionRun = run.Node;
        run.FailedAssertions?.RemoveAll(a => a.Dataset == dataset);
        foreach (var assertion in facet.Assertions)
        {
            if (!assertion.Success && !facet.Deleted)
            {
                (run.FailedAssertions ??= []).Add((dataset, assertion));
            }
        }
    }
}
