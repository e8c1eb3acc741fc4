using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// What the graph knows about one run, accumulated over all its events (START, RUNNING, COMPLETE, ...). Facts most
// runs lack (errors, parents, nominal times, data-quality assertions, and the stamps of the events that set them)
// live in a details object created only when one arrives: 96 bytes less per run that has none of them.
internal sealed class RunRecord(RunId id, int node)
{
    private RunDetails? _details;

    public RunId Id { get; } = id;
    public int Node { get; } = node;
    public int Job = -1;

    // The next run with the same runId but another job (-1 when none): producers that reuse a runId get one run per job.
    public int NextSameId = -1;
    public RunState? State;
    public long FirstEvent;
    public long LastEvent;
    public long StartedAt;
    public long EndedAt;
    public string? Producer;
    public string? Sql;
    public Guid? JobVersion;
    public Stamp ProducerAt, StateAt, EndedStamp, SqlAt;
    public List<FacetNote>? Notes;

    // The datasets the run read and wrote, kept in an array of the record's own (a List besides would be 32 bytes more
    // per run, and one more object for every collection to trace).
    private RunDatasetRecord[] _datasets = [];
    private int _datasetCount;

    /// <summary>The datasets the run read and wrote, in the order first seen; valid until the next <see cref="AddDataset"/>.</summary>
    public Span<RunDatasetRecord> Datasets => _datasets.AsSpan(0, _datasetCount);

    /// <summary>Adds a dataset the run read or wrote, and returns it in place.</summary>
    public ref RunDatasetRecord AddDataset(RunDatasetRecord item)
    {
        if (_datasetCount == _datasets.Length)
        {
            Array.Resize(ref _datasets, Math.Max(2, _datasetCount * 2));
        }

        _datasets[_datasetCount] = item;
        return ref _datasets[_datasetCount++];
    }

    public string? ErrorMessage { get => _details?.ErrorMessage; set => Details(value is null)?.ErrorMessage = value; }

    public string? StackTrace { get => _details?.StackTrace; set => Details(value is null)?.StackTrace = value; }

    public OperationType? OperationType { get => _details?.OperationType; set => Details(value is null)?.OperationType = value; }

    public DateTimeOffset? NominalStart { get => _details?.NominalStart; set => Details(value is null)?.NominalStart = value; }

    public DateTimeOffset? NominalEnd { get => _details?.NominalEnd; set => Details(value is null)?.NominalEnd = value; }

    public RunId? ParentRun { get => _details?.ParentRun; set => Details(value is null)?.ParentRun = value; }

    public JobId? ParentJob { get => _details?.ParentJob; set => Details(value is null)?.ParentJob = value; }

    public IReadOnlyList<KeyValuePair<string, string?>>? Parameters { get => _details?.Parameters; set => Details(value is null)?.Parameters = value; }

    public List<(int Dataset, Assertion Assertion)>? FailedAssertions { get => _details?.FailedAssertions; set => Details(value is null)?.FailedAssertions = value; }

    // The assertions that passed, kept beside the failures so an incident knows when its check passed again.
    public List<(int Dataset, Assertion Assertion)>? PassedAssertions { get => _details?.PassedAssertions; set => Details(value is null)?.PassedAssertions = value; }

    public Stamp ErrorAt { get => _details?.ErrorAt ?? default; set => Details(!value.IsSet)?.ErrorAt = value; }

    public Stamp OperationAt { get => _details?.OperationAt ?? default; set => Details(!value.IsSet)?.OperationAt = value; }

    public Stamp NominalAt { get => _details?.NominalAt ?? default; set => Details(!value.IsSet)?.NominalAt = value; }

    public Stamp ParentAt { get => _details?.ParentAt ?? default; set => Details(!value.IsSet)?.ParentAt = value; }

    public Stamp ParametersAt { get => _details?.ParametersAt ?? default; set => Details(!value.IsSet)?.ParametersAt = value; }

    // Clearing a value never creates the details object.
    private RunDetails? Details(bool clearing) => clearing ? _details : _details ??= new RunDetails();

    private sealed class RunDetails
    {
        public string? ErrorMessage;
        public string? StackTrace;
        public OperationType? OperationType;
        public DateTimeOffset? NominalStart;
        public DateTimeOffset? NominalEnd;
        public RunId? ParentRun;
        public JobId? ParentJob;
        public IReadOnlyList<KeyValuePair<string, string?>>? Parameters;
        public List<(int Dataset, Assertion Assertion)>? FailedAssertions;
        public List<(int Dataset, Assertion Assertion)>? PassedAssertions;
        public Stamp ErrorAt, OperationAt, NominalAt, ParentAt, ParametersAt;
    }
}
