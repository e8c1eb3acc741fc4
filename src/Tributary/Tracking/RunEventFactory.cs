using System.Reflection;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tracking;

/// <summary>Turns a queued run transition into the <see cref="RunEvent"/> it stands for, on the tracker's background thread.</summary>
internal sealed class RunEventFactory(string producer)
{
    private static readonly ProcessingEngineRunFacet _engine = new(Environment.Version.ToString())
    {
        Name = ".NET",
        OpenlineageAdapterVersion = typeof(RunEventFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
    };

    private static readonly JobTypeJobFacet _jobType = new("BATCH", "TRIBUTARY");

    private static readonly OperationTypeRunFacet[] _operations =
        [.. Enum.GetValues<OperationType>().Select(type => new OperationTypeRunFacet(type))];

    public LineageEvent Build(in PendingEvent pending)
    {
        if (pending.Ready is not null)
        {
            return pending.Ready;
        }

        var scope = pending.Scope!;
        var terminal = pending.State is not RunState.Start;
        return new RunEvent
        {
            EventTime = pending.Time,
            Producer = producer,
            EventType = pending.State,
            Run = new Run(scope.RunId) { Facets = RunFacets(scope, pending) },
            Job = new Job(scope.Job) { Facets = JobFacets(scope, pending) },
            Inputs = Inputs(scope.Inputs(pending.Inputs), terminal),
            Outputs = Outputs(scope.Outputs(pending.Outputs), terminal),
        };
    }

    private static FacetSet RunFacets(RunScope scope, in PendingEvent pending)
    {
        var facets = new List<KeyValuePair<string, Facet>>(4 + pending.RunFacets);
        if (scope.BuildParentFacet() is { } parent)
        {
            facets.Add(new(ParentRunFacet.Key, parent));
        }

        if (scope.OperationType is { } type)
        {
            facets.Add(new(OperationTypeRunFacet.Key, _operations[(int)type]));
        }

        facets.Add(new(ProcessingEngineRunFacet.Key, _engine));
        if (pending.Error is { } error)
        {
            facets.Add(new(ErrorMessageRunFacet.Key, new ErrorMessageRunFacet(error.Message, "C#") { StackTrace = error.ToString() }));
        }

        // The caller's facets come last, so a facet of the same name replaces Tributary's.
        facets.AddRange(scope.RunFacets(pending.RunFacets));
        return new FacetSet(facets);
    }

    private static FacetSet JobFacets(RunScope scope, in PendingEvent pending)
    {
        var own = scope.JobFacets(pending.JobFacets);
        var facets = new List<KeyValuePair<string, Facet>>(1 + own.Length) { new(JobTypeJobFacet.Key, _jobType) };
        facets.AddRange(own);
        return new FacetSet(facets);
    }

    private static InputDataset[] Inputs(ReadOnlySpan<DatasetEntry> entries, bool withStatistics)
    {
        var inputs = new InputDataset[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var inputFacets = (entry.Dataset as InputDataset)?.InputFacets ?? FacetSet.Empty;
            if (withStatistics && entry.RecordCount >= 0)
            {
                inputFacets = inputFacets.With(InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = entry.RecordCount });
            }

            inputs[i] = new InputDataset(entry.Id) { Facets = entry.Dataset?.Facets ?? FacetSet.Empty, InputFacets = inputFacets };
        }

        return inputs;
    }

    private static OutputDataset[] Outputs(ReadOnlySpan<DatasetEntry> entries, bool withStatistics)
    {
        var outputs = new OutputDataset[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var outputFacets = (entry.Dataset as OutputDataset)?.OutputFacets ?? FacetSet.Empty;
            if (withStatistics && entry.RecordCount >= 0)
            {
                outputFacets = outputFacets.With(OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = entry.RecordCount });
            }

            outputs[i] = new OutputDataset(entry.Id) { Facets = entry.Dataset?.Facets ?? FacetSet.Empty, OutputFacets = outputFacets };
        }

        return outputs;
    }
}
