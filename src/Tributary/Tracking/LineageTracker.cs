using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Storage;

namespace Tributary.Tracking;

/// <summary>
/// The front door of the tracking SDK: starts runs of jobs, tracks calls through [TrackLineage] proxies and
/// delegates, and sends the resulting OpenLineage events through a transport from a background queue, so the
/// host's hot path never waits on I/O. Tracking never throws into the host unless
/// <see cref="TrackerOptions.ThrowOnFailure"/> (audit mode) asks it to.
/// </summary>
/// <example>
/// <code>
/// await using var tracker = LineageTracker.Create(LineageConfig.Load());
/// LineageTracker.Global = tracker;
/// await using (var run = tracker.StartRun(new JobId("billing", "nightly-invoices"), OperationType.Transform))
/// {
///     run.AddInput(orders).AddOutput(invoices);
///     await run.CompleteAsync();
/// }
/// </code>
/// </example>
public sealed partial class LineageTracker : IAsyncDisposable, IDisposable
{
    // Null until set; static initializers run in text order, so this must not read Disabled here.
    private static LineageTracker? _global;

    private readonly BufferedTransport? _buffer;
    private int _disposed;

    private LineageTracker(TrackerOptions options, BufferedTransport? buffer)
    {
        Options = options;
        _buffer = buffer;
        Logger = options.LoggerFactory?.CreateLogger(Diagnostics.LineageTelemetry.Name) ?? NullLogger.Instance;
    }

    private LineageTracker(Parts parts)
        : this(parts.Options, parts.Buffer)
    {
        _local = parts.Local;
        Config = parts.Config;
        // Before the replica's own wait (for events a checkpoint held back): the tracker's flush may add more.
        _local.Graph.BeforeRead = CatchUp + _local.Graph.BeforeRead;
        TrackerLog.Started(Logger, _local.Store is EmbeddedLineageStore embedded ? embedded.Directory : _local.Store.GetType().Name, Options.Transport?.GetType().Name ?? "nothing (disabled)");
    }

    /// <summary>A tracker that tracks nothing: runs are inert, delegates run as they are, <see cref="Wrap{TInterface}"/> returns the implementation.</summary>
    public static LineageTracker Disabled { get; } = new(new TrackerOptions { Enabled = false }, null);

    /// <summary>
    /// The process-wide tracker (the first source document's <c>set_global_tracker</c>) for code that has no tracker
    /// passed to it. Default: <see cref="Disabled"/>. Setting it does not dispose the previous one.
    /// </summary>
    public static LineageTracker Global
    {
        get => Volatile.Read(ref _global) ?? Disabled;
        set => Volatile.Write(ref _global, value ?? throw new ArgumentNullException(nameof(value), "Set LineageTracker.Global to LineageTracker.Disabled to turn global tracking off."));
    }

    /// <summary>The unfinished run of the current async flow, which runs started now will name as their parent; null outside any run.</summary>
    public static RunScope? CurrentRun => RunScope.Ambient;

    /// <summary>The tracker's logger (category <c>Tributary</c>), from <see cref="TrackerOptions.LoggerFactory"/>; a logger that drops everything when none was given.</summary>
    public ILogger Logger { get; }

    /// <summary>The options the tracker was created with.</summary>
    public TrackerOptions Options { get; }

    /// <summary>False for a disabled tracker, which records nothing.</summary>
    public bool IsEnabled => _buffer is not null;

    /// <summary>Events dropped so far because the queue was full.</summary>
    public long DroppedEvents => _buffer?.Dropped ?? 0;

    /// <summary>Events the transport failed to deliver so far (including those lost at a timed-out shutdown).</summary>
    public long FailedEvents => _buffer?.Failed ?? 0;

    /// <summary>Events delivered so far.</summary>
    public long SentEvents => _buffer?.Sent ?? 0;

    /// <summary>
    /// Creates a tracker; it starts its background queue at once. Throws <see cref="ArgumentException"/> when an
    /// option is out of range. Dispose it (<c>await using</c>) to deliver what is still queued.
    /// </summary>
    public static LineageTracker Create(TrackerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return new LineageTracker(options, null);
        }

        return new LineageTracker(options, CreateBuffer(options));
    }

    /// <summary>
    /// Creates a tracker from configuration (see <see cref="LineageConfig.Load(string?)"/>), the same as
    /// <see cref="LineageTracker(LineageConfig, TimeProvider?, ILoggerFactory?)"/>: it keeps its own graph, in the Parquet lake at <c>base_path</c> with
    /// <c>enable_persistence</c>. Throws <see cref="ArgumentException"/> listing every problem <see cref="LineageConfig.Validate"/> finds.
    /// </summary>
    public static LineageTracker Create(LineageConfig config) => new(config);

    private static BufferedTransport CreateBuffer(TrackerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, "options.QueueCapacity");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShutdownTimeout, TimeSpan.Zero, "options.ShutdownTimeout");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Namespace, "options.Namespace");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Producer, "options.Producer");
        var transport = options.Transport ?? new ConsoleTransport();
        var logger = options.LoggerFactory?.CreateLogger(Diagnostics.LineageTelemetry.Name);
        var onFailure = options.OnFailure
            ?? (logger is not null ? failure => TrackerLog.Failed(logger, failure.Message, failure.Exception) : failure => Console.Error.WriteLine("Tributary lineage tracking: " + failure));
        return new BufferedTransport(transport, new RunEventFactory(options.Producer), options, onFailure);
    }

    /// <summary>
    /// Starts a run of a job and emits its START event. The run's parent is <paramref name="parent"/> when given,
    /// otherwise the <see cref="CurrentRun"/>. Returns an inert scope when the tracker is disabled or the operation
    /// type is not in <see cref="TrackerOptions.EnabledOperationTypes"/>.
    /// </summary>
    /// <param name="job">The job the run executes.</param>
    /// <param name="operationType">The kind of work, sent as the <c>tributary_operation</c> run facet; null for none.</param>
    /// <param name="inputs">Inputs known at the start, included in START as well as in the final event.</param>
    /// <param name="outputs">Outputs known at the start, included in START as well as in the final event.</param>
    /// <param name="parent">An explicit parent run, for example one handed over by a scheduler; null to use the current run.</param>
    public RunScope StartRun(JobId job, OperationType? operationType = null, IReadOnlyList<DatasetId>? inputs = null,
        IReadOnlyList<DatasetId>? outputs = null, ParentRunFacet? parent = null) =>
        StartRun(job, operationType, inputs, outputs, parent, null);

    // As above; datasets of a tracked repository carry the datasetType facet that makes them its data sources.
    internal RunScope StartRun(JobId job, OperationType? operationType, IReadOnlyList<DatasetId>? inputs,
        IReadOnlyList<DatasetId>? outputs, ParentRunFacet? parent, FacetSet? repositoryFacets)
    {
        if (!Tracks(operationType))
        {
            return RunScope.None;
        }

        var scope = new RunScope(this, job, operationType, parent, Options.TimeProvider.GetUtcNow());
        for (var i = 0; inputs is not null && i < inputs.Count; i++)
        {
            _ = repositoryFacets is null ? scope.AddInput(inputs[i]) : scope.AddInput(new InputDataset(inputs[i]) { Facets = repositoryFacets });
        }

        for (var i = 0; outputs is not null && i < outputs.Count; i++)
        {
            _ = repositoryFacets is null ? scope.AddOutput(outputs[i]) : scope.AddOutput(new OutputDataset(outputs[i]) { Facets = repositoryFacets });
        }

        try
        {
            Enqueue(PendingEvent.Transition(scope, RunState.Start, scope.StartTime, null, null));
            TrackerLog.RunStarted(Logger, scope.RunId, job, operationType?.ToString() ?? "no operation type");
        }
        catch (LineageTrackingException)
        {
            // Audit mode: the run never started, so it must not stay the ambient parent of later runs.
            scope.Discard();
            throw;
        }

        return scope;
    }

    /// <summary>Starts a run of the job of this name in <see cref="TrackerOptions.Namespace"/>; see <see cref="StartRun(JobId, OperationType?, IReadOnlyList{DatasetId}?, IReadOnlyList{DatasetId}?, ParentRunFacet?)"/>.</summary>
    public RunScope StartRun(string jobName, OperationType? operationType = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        return StartRun(new JobId(Options.Namespace, jobName), operationType);
    }

    /// <summary>Queues a ready-made event (a <see cref="DatasetEvent"/>, a <see cref="JobEvent"/>, or a run event built elsewhere) for the transport.</summary>
    public void Emit(LineageEvent lineageEvent)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        if (_buffer is not null)
        {
            Enqueue(PendingEvent.Event(lineageEvent, null));
        }
    }

    /// <summary>
    /// Waits until every event queued before the call has been handled (delivered or reported). In audit mode,
    /// throws <see cref="LineageTrackingException"/> for failures since the previous flush.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_buffer is null)
        {
            return;
        }

        await _buffer.FlushAsync(cancellationToken).ConfigureAwait(false);
        ThrowUnobservedFailures();
    }

    /// <summary>
    /// Delivers what is queued (waiting at most <see cref="TrackerOptions.ShutdownTimeout"/>), stops the queue and
    /// disposes the transport. In audit mode, throws for failures not yet thrown. Runs finished afterwards are dropped.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_buffer is null)
        {
            await DisposeLocalAsync().ConfigureAwait(false);
            return;
        }

        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (ReferenceEquals(Global, this))
        {
            Global = Disabled;
        }

        try
        {
            await _buffer.DisposeAsync().ConfigureAwait(false);
            ThrowUnobservedFailures();
        }
        finally
        {
            await DisposeLocalAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the tracker synchronously, blocking until queued events are delivered; prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal ValueTask EnqueueTransition(RunScope scope, RunState state, Exception? error, bool waitForDelivery, CancellationToken cancellationToken)
    {
        var time = Options.TimeProvider.GetUtcNow();
        if (state is not RunState.Running)
        {
            TrackerLog.RunEnded(Logger, scope.RunId, scope.Job, state);
        }

        if (waitForDelivery && Options.ThrowOnFailure)
        {
            var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return EnqueueAndWaitAsync(PendingEvent.Transition(scope, state, time, error, delivered), delivered, cancellationToken);
        }

        Enqueue(PendingEvent.Transition(scope, state, time, error, null));
        return default;
    }

    private bool Tracks(OperationType? operationType) =>
        _buffer is not null && (operationType is not { } type || Options.EnabledOperationTypes is not { } enabled || enabled.Contains(type));

    private void Enqueue(in PendingEvent pending)
    {
        if (_buffer!.TryEnqueue(pending))
        {
            return;
        }

        if (Options.ThrowOnFailure)
        {
            var reason = Volatile.Read(ref _disposed) != 0
                ? "The tracker was disposed; the event was not recorded."
                : $"The tracker's queue is full ({_buffer.Capacity} events); the event was not recorded.";
            throw new LineageTrackingException([new TrackingFailure(reason, null, null, 1)]);
        }

        _buffer.CountDrop();
    }

    private async ValueTask EnqueueAndWaitAsync(PendingEvent pending, TaskCompletionSource delivered, CancellationToken cancellationToken)
    {
        try
        {
            await _buffer!.EnqueueAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new LineageTrackingException([new TrackingFailure("The tracker was disposed; the event was not recorded.", null, null, 1)]);
        }

        await delivered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ThrowUnobservedFailures()
    {
        if (Options.ThrowOnFailure && _buffer!.TakeUnobservedFailures() is { Count: > 0 } failures)
        {
            throw new LineageTrackingException(failures);
        }
    }
}
