using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tracking;

/// <summary>
/// One run of a job, from <see cref="LineageTracker.StartRun(JobId, OperationType?, IReadOnlyList{DatasetId}?, IReadOnlyList{DatasetId}?, ParentRunFacet?)"/>
/// (which emits START) to <see cref="Complete"/>, <see cref="Fail"/> or disposal (which emits ABORT when the run
/// was not finished). While it is open, the run is the ambient parent of runs started in the same async flow.
/// Methods never throw into the host (except in audit mode) and do nothing once the run is finished. Call them from
/// one flow at a time; the tracker reads what they record from its background thread safely.
/// </summary>
/// <example>
/// <code>
/// await using var run = tracker.StartRun(new JobId("billing", "nightly-invoices"), OperationType.Transform);
/// run.AddInput(orders).AddOutput(invoices);
/// run.SetOutputRecordCount(invoices, written);
/// await run.CompleteAsync();
/// </code>
/// </example>
public sealed class RunScope : IDisposable, IAsyncDisposable
{
    private static readonly AsyncLocal<RunScope?> _ambient = new();

    private readonly LineageTracker? _tracker;
    private readonly RunScope? _previous;
    private readonly RunScope? _parentScope;
    private readonly ParentRunFacet? _explicitParent;
    private AppendOnlyList<DatasetEntry> _inputs;
    private AppendOnlyList<DatasetEntry> _outputs;
    private AppendOnlyList<KeyValuePair<string, Facet>> _runFacets;
    private AppendOnlyList<KeyValuePair<string, Facet>> _jobFacets;
    private int _finished;

    private RunScope()
    {
        _finished = 1;
    }

    internal RunScope(LineageTracker tracker, JobId job, OperationType? operationType, ParentRunFacet? parent, DateTimeOffset startTime)
    {
        _tracker = tracker;
        Job = job;
        RunId = RunId.New();
        OperationType = operationType;
        StartTime = startTime;
        _previous = _ambient.Value;
        _explicitParent = parent;
        if (parent is null)
        {
            _parentScope = Unfinished(_previous);
        }

        _ambient.Value = this;
    }

    /// <summary>The open run of the current async flow, or null.</summary>
    internal static RunScope? Ambient => Unfinished(_ambient.Value);

    /// <summary>The inert scope returned when nothing is tracked (a disabled tracker or a filtered operation type).</summary>
    internal static RunScope None { get; } = new();

    /// <summary>The run's id (a new UUIDv7); the default id for a scope that is not recording.</summary>
    public RunId RunId { get; }

    /// <summary>The job this run executes.</summary>
    public JobId Job { get; }

    /// <summary>The operation type the run reports in its <c>tributary_operation</c> facet, or null.</summary>
    public OperationType? OperationType { get; }

    /// <summary>When the run started, from the tracker's <see cref="TrackerOptions.TimeProvider"/>.</summary>
    public DateTimeOffset StartTime { get; }

    /// <summary>False for a scope that records nothing (the tracker is disabled or the operation type is filtered out).</summary>
    public bool IsRecording => _tracker is not null;

    /// <summary>True once COMPLETE, FAIL or ABORT was emitted (always true for a scope that is not recording).</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    internal int InputCount => _inputs.Count;

    internal int OutputCount => _outputs.Count;

    internal int RunFacetCount => _runFacets.Count;

    internal int JobFacetCount => _jobFacets.Count;

    /// <summary>Adds an input dataset by id.</summary>
    public RunScope AddInput(DatasetId dataset) => Add(ref _inputs, dataset, null, -1);

    /// <summary>Adds an input dataset with its facets (an <see cref="InputDataset"/> keeps its input facets too).</summary>
    public RunScope AddInput(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Add(ref _inputs, dataset.Id, dataset, -1);
    }

    /// <summary>Adds an output dataset by id.</summary>
    public RunScope AddOutput(DatasetId dataset) => Add(ref _outputs, dataset, null, -1);

    /// <summary>Adds an output dataset with its facets (an <see cref="OutputDataset"/> keeps its output facets too).</summary>
    public RunScope AddOutput(Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Add(ref _outputs, dataset.Id, dataset, -1);
    }

    /// <summary>Records how many records the run read from an input (its <c>inputStatistics</c> facet), adding the input if needed.</summary>
    public RunScope SetInputRecordCount(DatasetId dataset, long recordCount) => Add(ref _inputs, dataset, null, Math.Max(0, recordCount));

    /// <summary>Records how many records the run wrote to an output (its <c>outputStatistics</c> facet), adding the output if needed.</summary>
    public RunScope SetOutputRecordCount(DatasetId dataset, long recordCount) => Add(ref _outputs, dataset, null, Math.Max(0, recordCount));

    /// <summary>Attaches a run facet (replacing an earlier one of the same name) to the events emitted from now on.</summary>
    public RunScope AddRunFacet(string name, Facet facet)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(facet);
        if (!IsFinished)
        {
            _runFacets.Add(new(name, facet));
        }

        return this;
    }

    /// <summary>Attaches a job facet (replacing an earlier one of the same name) to the events emitted from now on.</summary>
    public RunScope AddJobFacet(string name, Facet facet)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(facet);
        if (!IsFinished)
        {
            _jobFacets.Add(new(name, facet));
        }

        return this;
    }

    /// <summary>Finishes the run successfully: emits COMPLETE with the inputs, outputs, record counts and facets recorded.</summary>
    public void Complete() => Finish(RunState.Complete, null, waitForDelivery: false);

    /// <summary>
    /// Finishes the run successfully, like <see cref="Complete"/>. Returns at once, except in audit mode where it
    /// waits until COMPLETE is delivered and throws <see cref="LineageTrackingException"/> if it was not.
    /// </summary>
    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) =>
        Finish(RunState.Complete, null, waitForDelivery: true, cancellationToken);

    /// <summary>Finishes the run as failed: emits FAIL with an <c>errorMessage</c> facet (message, "C#", stack trace).</summary>
    public void Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Finish(RunState.Fail, exception, waitForDelivery: false);
    }

    /// <summary>Finishes the run as failed, like <see cref="Fail"/>; in audit mode waits for delivery, as <see cref="CompleteAsync"/> does.</summary>
    public ValueTask FailAsync(Exception exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Finish(RunState.Fail, exception, waitForDelivery: true, cancellationToken);
    }

    /// <summary>Finishes the run as stopped before it finished: emits ABORT.</summary>
    public void Abort() => Finish(RunState.Abort, null, waitForDelivery: false);

    /// <summary>Emits ABORT if the run was not finished, and ends its time as the ambient parent run.</summary>
    public void Dispose()
    {
        Finish(RunState.Abort, null, waitForDelivery: false);
        LeaveAmbient();
    }

    /// <summary>Emits ABORT if the run was not finished, like <see cref="Dispose"/>; returns at once.</summary>
    public ValueTask DisposeAsync()
    {
        // Not an async method: an async method would undo the ambient-run change when it returns.
        Dispose();
        return default;
    }

    /// <summary>The run's parent facet: the one given at start, or one naming the ambient run it started under.</summary>
    internal ParentRunFacet? BuildParentFacet()
    {
        if (_explicitParent is not null)
        {
            return _explicitParent;
        }

        if (_parentScope is null)
        {
            return null;
        }

        var (rootRun, rootJob) = _parentScope.Root();
        return new ParentRunFacet(_parentScope.RunId, _parentScope.Job) { RootRun = rootRun, RootJob = rootJob };
    }

    internal ReadOnlySpan<DatasetEntry> Inputs(int count) => _inputs.Prefix(count);

    internal ReadOnlySpan<DatasetEntry> Outputs(int count) => _outputs.Prefix(count);

    internal ReadOnlySpan<KeyValuePair<string, Facet>> RunFacets(int count) => _runFacets.Prefix(count);

    internal ReadOnlySpan<KeyValuePair<string, Facet>> JobFacets(int count) => _jobFacets.Prefix(count);

    /// <summary>Record counts for automatic tracking: set only where the run's own code did not set one.</summary>
    internal void SetDefaultRecordCounts(long inputRecords, long outputRecords)
    {
        for (var i = 0; inputRecords >= 0 && i < _inputs.Count; i++)
        {
            ref var entry = ref _inputs[i];
            entry.RecordCount = entry.RecordCount < 0 ? inputRecords : entry.RecordCount;
        }

        for (var i = 0; outputRecords >= 0 && i < _outputs.Count; i++)
        {
            ref var entry = ref _outputs[i];
            entry.RecordCount = entry.RecordCount < 0 ? outputRecords : entry.RecordCount;
        }
    }

    /// <summary>Stops being the ambient run of this flow (the run itself may go on, as an awaited call does).</summary>
    internal void LeaveAmbient()
    {
        if (_tracker is not null && ReferenceEquals(_ambient.Value, this))
        {
            _ambient.Value = Unfinished(_previous);
        }
    }

    /// <summary>Ends a run whose START could not be queued, without emitting anything.</summary>
    internal void Discard()
    {
        Volatile.Write(ref _finished, 1);
        LeaveAmbient();
    }

    internal ValueTask Finish(RunState state, Exception? error, bool waitForDelivery, CancellationToken cancellationToken = default)
    {
        if (_tracker is null || Interlocked.Exchange(ref _finished, 1) != 0)
        {
            return default;
        }

        LeaveAmbient();
        return _tracker.EnqueueTransition(this, state, error, waitForDelivery, cancellationToken);
    }

    private (RunId Run, JobId Job) Root() =>
        _explicitParent is { } p ? (p.RootRun ?? p.Run, p.RootJob ?? p.Job)
        : _parentScope is { } s ? s.Root()
        : (RunId, Job);

    private static RunScope? Unfinished(RunScope? scope)
    {
        while (scope is { IsFinished: true })
        {
            scope = scope._previous;
        }

        return scope;
    }

    private RunScope Add(ref AppendOnlyList<DatasetEntry> list, DatasetId id, Dataset? dataset, long recordCount)
    {
        if (IsFinished)
        {
            return this;
        }

        for (var i = 0; i < list.Count; i++)
        {
            ref var entry = ref list[i];
            if (entry.Id == id)
            {
                entry.Dataset = dataset ?? entry.Dataset;
                entry.RecordCount = recordCount >= 0 ? recordCount : entry.RecordCount;
                return this;
            }
        }

        list.Add(new DatasetEntry(id, dataset, recordCount));
        return this;
    }
}
