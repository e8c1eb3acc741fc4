using System.Runtime.InteropServices;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Projects OpenLineage events onto the interned store with OpenLineage's semantics: events of one run accumulate,
// a facet re-sent replaces the earlier one of the same name, and a facet marked _deleted removes it. Every piece of
// state remembers the stamp (event time, then sequence) that set it and only a newer stamp replaces it, so the
// graph is the same whatever order the events arrive in; history (runs, versions, first/last seen) keeps all.
internal sealed partial class GraphProjection(GraphStore store)
{
    // Called when a runId already used by another job arrives: the two are kept as separate runs.
    public Action<RunId, JobId, JobId>? OnRunIdReused { get; set; }

    private long _sequence;

    public void Apply(LineageEvent lineageEvent, long sequence, long order)
    {
        _sequence = sequence;
        var stamp = new Stamp(lineageEvent.EventTime.UtcTicks, order);
        switch (lineageEvent)
        {
            case RunEvent run:
                ApplyRun(run, stamp);
                break;
            case DatasetEvent dataset when IncidentResolutionFacet(dataset.Dataset.Facets) is { } resolution:
                // A hand resolution of an incident is a record, not a sighting of the dataset: it changes nothing else.
                ApplyResolution(resolution, stamp);
                break;
            case DatasetEvent dataset when TagDefinitionFacet(dataset.Dataset.Facets) is { } definition:
                // A tag's definition belongs to no dataset: the reserved dataset its event names is not a sighting.
                ApplyTagDefinition(definition, stamp);
                break;
            case DatasetEvent dataset:
                var node = ApplyDataset(dataset.Dataset, stamp, output: false);
                Note(node, dataset.Dataset.Facets, FacetPlace.Dataset, 0, stamp);
                break;
            case JobEvent job when IncidentResolutionFacet(job.Job.Facets) is { } resolution:
                ApplyResolution(resolution, stamp);
                break;
            case JobEvent job:
                var jobNode = ApplyJob(job.Job, stamp);
                for (var i = 0; i < job.Inputs.Count; i++)
                {
                    var input = ApplyDataset(job.Inputs[i], stamp, output: false);
                    store.AddEdge(input, jobNode, EdgeKind.Read, stamp.Time);
                    Note(input, job.Inputs[i].Facets, FacetPlace.Input, i, stamp);
                    Note(input, job.Inputs[i].InputFacets, FacetPlace.InputFacets, i, stamp);
                }

                for (var i = 0; i < job.Outputs.Count; i++)
                {
                    var dataset = ApplyDataset(job.Outputs[i], stamp, output: true);
                    store.AddEdge(jobNode, dataset, EdgeKind.Write, stamp.Time);
                    Note(dataset, job.Outputs[i].Facets, FacetPlace.Output, i, stamp);
                    Note(dataset, job.Outputs[i].OutputFacets, FacetPlace.OutputFacets, i, stamp);
                }

                break;
        }
    }

    private void ApplyRun(RunEvent e, Stamp stamp)
    {
        var time = stamp.Time;
        var jobNode = ApplyJob(e.Job, stamp);
        var runNode = store.InternRun(e.Run.RunId, jobNode, out var created, out var otherJob);
        if (created && otherJob >= 0)
        {
            OnRunIdReused?.Invoke(e.Run.RunId, store.JobIdOf(otherJob), e.Job.Id);
        }

        var run = store.RunOf(runNode);
        if (created)
        {
            store.AddEdge(runNode, jobNode, EdgeKind.RunOf, time);
            (store.JobOf(jobNode).Runs ??= []).Add(runNode);
        }

        run.FirstEvent = created ? time : Math.Min(run.FirstEvent, time);
        run.LastEvent = Math.Max(run.LastEvent, time);
        if (stamp.Supersedes(run.ProducerAt))
        {
            run.Producer = e.Producer;
            run.ProducerAt = stamp;
        }

        if (e.Job.Facets[SqlJobFacet.Key] is SqlJobFacet sql && stamp.Supersedes(run.SqlAt))
        {
            run.Sql = sql.Deleted ? null : sql.Query;
            run.SqlAt = stamp;
        }

        ApplyState(run, e.EventType, stamp);
        ApplyRunFacets(run, e.Run.Facets, stamp);
        Note(runNode, e.Run.Facets, FacetPlace.Run, 0, stamp);

        var failed = e.EventType is RunState.Fail or RunState.Abort;
        var datasetsBefore = run.Datasets.Length;
        for (var i = 0; i < e.Inputs.Count; i++)
        {
            var input = e.Inputs[i];
            var dataset = ApplyDataset(input, stamp, output: false);
            store.AddEdge(dataset, jobNode, EdgeKind.Read, time);
            ref var item = ref RunDataset(run, dataset, output: false);
            var statistics = input.InputFacets.Get<InputStatisticsInputDatasetFacet>();
            var metrics = input.InputFacets.Get<DataQualityMetricsInputDatasetFacet>() ?? input.Facets.Get<DataQualityMetricsInputDatasetFacet>();
            SetStatistics(ref item, statistics?.RowCount ?? metrics?.RowCount, statistics?.Size ?? metrics?.Bytes, stamp);
            ApplyAssertions(run, dataset, input.InputFacets, input.Facets, stamp);
            Note(dataset, input.Facets, FacetPlace.Input, i, stamp);
            Note(dataset, input.InputFacets, FacetPlace.InputFacets, i, stamp);
        }

        for (var i = 0; i < e.Outputs.Count; i++)
        {
            var output = e.Outputs[i];
            var dataset = ApplyDataset(output, stamp, output: true, written: !failed);
            store.AddEdge(jobNode, dataset, EdgeKind.Write, time);
            var known = run.Datasets.Length;
            ref var item = ref RunDataset(run, dataset, output: true);
            var firstWrite = run.Datasets.Length > known;
            var statistics = output.OutputFacets.Get<OutputStatisticsOutputDatasetFacet>();
            SetStatistics(ref item, statistics?.RowCount, statistics?.Size, stamp);
            ApplyAssertions(run, dataset, output.OutputFacets, output.Facets, stamp);
            ApplyVersion(run, dataset, output, item, time, i, firstWrite);
            Note(dataset, output.Facets, FacetPlace.Output, i, stamp);
            Note(dataset, output.OutputFacets, FacetPlace.OutputFacets, i, stamp);
        }

        // A finished run's job version is the union of everything it read and wrote; an event of the run that
        // arrives after its COMPLETE (out of order) and adds datasets moves the run to the version it really had.
        if (run.State is RunState.Complete or RunState.Fail or RunState.Abort
            && (e.EventType is RunState.Complete or RunState.Fail or RunState.Abort || run.Datasets.Length != datasetsBefore))
        {
            JobVersioning.Record(store, run, run.EndedAt);
        }
    }

    private static void SetStatistics(ref RunDatasetRecord item, long? rows, long? bytes, Stamp stamp)
    {
        if ((rows is not null || bytes is not null) && stamp.Supersedes(item.StatisticsAt))
        {
            item.Statistics.RowCount = rows ?? item.Statistics.RowCount;
            item.Statistics.Bytes = bytes ?? item.Statistics.Bytes;
            item.StatisticsAt = stamp;
        }
    }

    // A terminal state (COMPLETE, FAIL, ABORT) outranks START and RUNNING whatever their times; among terminal
    // states, and among the others, the newest event decides.
    private static void ApplyState(RunRecord run, RunState? state, Stamp stamp)
    {
        var terminal = run.State is RunState.Complete or RunState.Fail or RunState.Abort;
        switch (state)
        {
            case RunState.Start:
                run.StartedAt = run.StartedAt == 0 ? stamp.Time : Math.Min(run.StartedAt, stamp.Time);
                goto case RunState.Running;
            case RunState.Running:
                if (!terminal && stamp.Supersedes(run.StateAt))
                {
                    run.State = state;
                    run.StateAt = stamp;
                }

                break;
            case RunState.Complete or RunState.Fail or RunState.Abort:
                if (!terminal || stamp.Supersedes(run.EndedStamp))
                {
                    run.State = state;
                    run.EndedStamp = stamp;
                }

                run.EndedAt = Math.Max(run.EndedAt, stamp.Time);
                break;
            case RunState.Other:
                run.State ??= RunState.Other;
                break;
        }
    }

    private static void ApplyRunFacets(RunRecord run, FacetSet facets, Stamp stamp)
    {
        foreach (var (name, facet) in facets.Items)
        {
            var deleted = facet.Deleted;
            switch (name)
            {
                case ErrorMessageRunFacet.Key when stamp.Supersedes(run.ErrorAt):
                    run.ErrorMessage = deleted ? null : (facet as ErrorMessageRunFacet)?.Message ?? run.ErrorMessage;
                    run.StackTrace = deleted ? null : (facet as ErrorMessageRunFacet)?.StackTrace ?? run.StackTrace;
                    run.ErrorAt = stamp;
                    break;
                case OperationTypeRunFacet.Key when stamp.Supersedes(run.OperationAt):
                    run.OperationType = deleted ? null : (facet as OperationTypeRunFacet)?.OperationType ?? run.OperationType;
                    run.OperationAt = stamp;
                    break;
                case NominalTimeRunFacet.Key when stamp.Supersedes(run.NominalAt):
                    run.NominalStart = deleted ? null : (facet as NominalTimeRunFacet)?.NominalStartTime ?? run.NominalStart;
                    run.NominalEnd = deleted ? null : (facet as NominalTimeRunFacet)?.NominalEndTime ?? run.NominalEnd;
                    run.NominalAt = stamp;
                    break;
                case CallParametersRunFacet.Key when stamp.Supersedes(run.ParametersAt):
                    run.Parameters = deleted ? null : CallParametersRunFacet.From(facet)?.Parameters ?? run.Parameters;
                    run.ParametersAt = stamp;
                    break;
                case ParentRunFacet.Key when stamp.Supersedes(run.ParentAt):
                    run.ParentRun = deleted ? null : (facet as ParentRunFacet)?.Run ?? run.ParentRun;
                    run.ParentJob = deleted ? null : (facet as ParentRunFacet)?.Job ?? run.ParentJob;
                    run.ParentAt = stamp;
                    break;
            }
        }
    }

    private static ref RunDatasetRecord RunDataset(RunRecord run, int dataset, bool output)
    {
        var items = run.Datasets;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Dataset == dataset && items[i].Output == output)
            {
                return ref items[i];
            }
        }

        return ref run.AddDataset(new RunDatasetRecord(dataset, output));
    }

    private void ApplyAssertions(RunRecord run, int dataset, FacetSet first, FacetSet second, Stamp stamp)
    {
        var facet = first.Get<DataQualityAssertionsDatasetFacet>() ?? second.Get<DataQualityAssertionsDatasetFacet>();
        if (facet is null)
        {
            return;
        }

        // The facet re-sent for the same dataset replaces what the run reported before; the dataset remembers the
        // newest run that tested it, so a later passing test clears an earlier failure.
        var record = store.DatasetOf(dataset);
        if (stamp.Supersedes(record.AssertionAt))
        {
            record.AssertionRun = run.Node;
            record.AssertionAt = stamp;
        }

        RemoveOf(run.FailedAssertions, dataset);
        RemoveOf(run.PassedAssertions, dataset);
        foreach (var assertion in facet.Deleted ? [] : facet.Assertions)
        {
            if (assertion.Success)
            {
                (run.PassedAssertions ??= []).Add((dataset, assertion));
            }
            else
            {
                (run.FailedAssertions ??= []).Add((dataset, assertion));
            }
        }
    }

    // Without a lambda: one capturing `dataset` would be allocated on every call, facet or not (every dataset of every event).
    private static void RemoveOf(List<(int Dataset, Assertion Assertion)>? assertions, int dataset)
    {
        if (assertions is null)
        {
            return;
        }

        var kept = 0;
        for (var i = 0; i < assertions.Count; i++)
        {
            if (assertions[i].Dataset != dataset)
            {
                assertions[kept++] = assertions[i];
            }
        }

        assertions.RemoveRange(kept, assertions.Count - kept);
    }

    // Remembers, per facet name, the newest event that carried it; a facet sent as _deleted forgets it.
    private void Note(int node, FacetSet facets, FacetPlace place, int index, Stamp stamp)
    {
        if (facets.Count == 0)
        {
            return;
        }

        ref var notes = ref store.NotesOf(node);
        foreach (var (name, facet) in facets.Items)
        {
            var nameId = store.InternName(name);
            var at = -1;
            if (notes is not null)
            {
                var span = CollectionsMarshal.AsSpan(notes);
                for (var i = 0; i < span.Length; i++)
                {
                    if (span[i].Name == nameId)
                    {
                        at = i;
                        break;
                    }
                }
            }

            if (at >= 0 && !stamp.Supersedes(notes![at].At))
            {
                continue;
            }

            var note = new FacetNote { Name = nameId, Place = place, Index = index, At = stamp, Sequence = _sequence, Deleted = facet.Deleted };
            if (at >= 0)
            {
                CollectionsMarshal.AsSpan(notes)[at] = note;
            }
            else
            {
                (notes ??= []).Add(note);
            }
        }
    }
}
