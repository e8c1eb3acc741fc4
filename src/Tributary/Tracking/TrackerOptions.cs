using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// How a <see cref="LineageTracker"/> behaves: where events go, how big its queue is, what it tracks and how it
/// reports problems. Every property has a default, so <c>new TrackerOptions()</c> is a working tracker that prints
/// events to the console. To build options from files and environment variables, use
/// <see cref="LineageConfig.ToTrackerOptions()"/>.
/// </summary>
public sealed class TrackerOptions
{
    /// <summary>The producer URI Tributary writes into events it emits.</summary>
    public const string DefaultProducer = Json.EventWriter.TributaryProducer;

    /// <summary>Where events go. Default: a <see cref="ConsoleTransport"/> on standard output, as OpenLineage clients do when nothing is configured.</summary>
    public ILineageTransport? Transport { get; init; }

    /// <summary>The namespace of jobs named by a plain string ([TrackLineage], <c>StartRun(string)</c>). Default: <c>default</c>, OpenLineage's.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>The namespace of datasets named by a plain string in [TrackLineage]. Default: null, meaning <see cref="Namespace"/>.</summary>
    public string? DatasetNamespace { get; init; }

    /// <summary>The <c>producer</c> URI written into every event. Default: <see cref="DefaultProducer"/>.</summary>
    public string Producer { get; init; } = DefaultProducer;

    /// <summary>
    /// How many events may wait for the transport. Default: 10,000. When the queue is full, new events are dropped,
    /// counted and reported through <see cref="OnFailure"/>; the host never waits (in audit mode the call throws instead).
    /// </summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>
    /// How long disposing the tracker waits for queued events to be delivered before giving up on the rest (they
    /// are reported as lost). Default: 30 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Called, on the tracker's background thread, for every failure: an undeliverable event or events dropped on a
    /// full queue. Exceptions it throws are ignored. Default: null, which writes one line per failure to standard error.
    /// </summary>
    public Action<TrackingFailure>? OnFailure { get; init; }

    /// <summary>
    /// Audit mode: when true, failures reach the host as <see cref="LineageTrackingException"/>. A full queue makes the
    /// call that produced the event throw; <see cref="RunScope.CompleteAsync"/> and <see cref="RunScope.FailAsync"/>
    /// wait until their events are delivered and throw if they were not; <see cref="LineageTracker.FlushAsync"/> and
    /// disposal throw for any failure since the previous flush. Default: false (tracking never throws into the host).
    /// </summary>
    public bool ThrowOnFailure { get; init; }

    /// <summary>Whether anything is tracked at all. Default: true; false gives a tracker that does nothing, cheaply.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The operation types to track; runs of other types are not tracked (their scopes do nothing). Runs started
    /// without an operation type are always tracked. Default: null, meaning every type.
    /// </summary>
    public IReadOnlySet<OperationType>? EnabledOperationTypes { get; init; }

    /// <summary>Whether <see cref="LineageTracker.Wrap{TInterface}"/> tracks calls at all; false returns implementations unwrapped. Default: true.</summary>
    public bool TrackRepositoryOperations { get; init; } = true;

    /// <summary>
    /// Per-repository settings, keyed by the repository name given to <see cref="LineageTracker.Wrap{TInterface}"/>
    /// (default: the interface name without its leading <c>I</c>). Default: empty; a repository without settings
    /// tracks only its [TrackLineage] methods, with record counts.
    /// </summary>
    public IReadOnlyDictionary<string, RepositorySettings> RepositorySettings { get; init; } =
        new Dictionary<string, RepositorySettings>(StringComparer.Ordinal);

    /// <summary>Where event times come from. Default: <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where the tracker logs (category <c>Tributary</c>): runs started and ended at Debug, failures at Warning instead
    /// of standard error when <see cref="OnFailure"/> is not set. Default: null, no logging.
    /// </summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    // A copy with another transport and clock (the options are immutable once built).
    internal TrackerOptions With(ILineageTransport? transport, TimeProvider? timeProvider, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null) => new()
    {
        Transport = transport,
        Namespace = Namespace,
        DatasetNamespace = DatasetNamespace,
        Producer = Producer,
        QueueCapacity = QueueCapacity,
        ShutdownTimeout = ShutdownTimeout,
        OnFailure = OnFailure,
        ThrowOnFailure = ThrowOnFailure,
        Enabled = Enabled,
        EnabledOperationTypes = EnabledOperationTypes,
        TrackRepositoryOperations = TrackRepositoryOperations,
        RepositorySettings = RepositorySettings,
        TimeProvider = timeProvider ?? TimeProvider,
        LoggerFactory = loggerFactory ?? LoggerFactory,
    };
}
