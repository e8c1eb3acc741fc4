namespace Tributary.Ingest;

/// <summary>Settings of a <see cref="LineageReplica"/>.</summary>
public sealed record LineageReplicaOptions
{
    /// <summary>The defaults: SQL derivation on, no checkpoint file.</summary>
    public static LineageReplicaOptions Default { get; } = new();

    /// <summary>The checkpoint's file name inside an embedded store's folder: <c>graph.checkpoint</c>.</summary>
    public const string CheckpointFileName = "graph.checkpoint";

    /// <summary>Options for the embedded store in <paramref name="storeDirectory"/>: its checkpoint lives beside the events.</summary>
    public static LineageReplicaOptions ForStore(string storeDirectory) =>
        new() { CheckpointPath = Path.Combine(Path.GetFullPath(storeDirectory), CheckpointFileName) };

    /// <summary>
    /// The graph checkpoint file, or null for none. Opening loads it and replays only the events after it; a missing,
    /// stale, corrupt or older-format checkpoint is reported through <see cref="OnWarning"/> and rebuilt from the events.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// The checkpoint already being read (see <see cref="CheckpointPreload"/>), used in place of reading
    /// <see cref="CheckpointPath"/> again when it is the same file. Default: none.
    /// </summary>
    public CheckpointPreload? Preload { get; init; }

    /// <summary>
    /// Write a fresh checkpoint after opening when the replayed tail had at least this many events (0: never), unless
    /// the tail is short (see <see cref="ShortTail"/>). Default 1.
    /// </summary>
    public int CheckpointAfterReplayOf { get; init; } = 1;

    /// <summary>
    /// A tail after the checkpoint shorter than this is replayed at each opening rather than checkpointed, when it is
    /// also under a fiftieth of the events the checkpoint covers (0: every tail is checkpointed). Writing a checkpoint
    /// rewrites the whole graph however few events were added (84 MB and 0.18 s for 100,000 realistic events, ten times
    /// that for a million), while a query that replays 100 events takes about 0.05 s longer and one that replays 1,000
    /// about 0.1-0.15 s. So an hourly ingest of a few events into a large store leaves the checkpoint as it is until
    /// the tail grows, and the queries after it stay within a tenth of a second of their time. Default 1,000.
    /// </summary>
    public int ShortTail { get; init; } = 1_000;

    /// <summary>
    /// After a replay of at least this many events, read the graph back from the checkpoint just written (0: never).
    /// A graph grown event by event has its names and records scattered among what parsing left behind; read back in
    /// one pass they lie together and answer faster. Default 10,000.
    /// </summary>
    public int RelayoutAfterReplayOf { get; init; } = 10_000;

    /// <summary>
    /// While following, write a checkpoint every this many applied events (0: never), and at most a twentieth of the
    /// time: after a checkpoint that took T, the next one waits until 19T has passed. Default 100,000.
    /// </summary>
    public int CheckpointEveryEvents { get; init; } = 100_000;

    /// <summary>
    /// Derives column lineage from the SQL of a run's <c>sql</c> job facet for outputs that have none (see
    /// <see cref="SqlLineageDerivation"/>). The stored event and its digest stay exactly what the producer sent; the
    /// derived facets are on what projections receive, marked with <see cref="SqlLineageDerivation.Producer"/>. Default true.
    /// </summary>
    public bool DeriveColumnLineageFromSql { get; init; } = true;

    /// <summary>
    /// The most work deriving lineage from one event's SQL may take (time and SQL length). A statement past it gets no
    /// derived lineage and a warning through <see cref="OnWarning"/>, and is not analysed again in this process.
    /// Default <see cref="SqlDerivationBudget.Default"/>.
    /// </summary>
    public SqlDerivationBudget SqlBudget { get; init; } = SqlDerivationBudget.Default;

    /// <summary>Called with what went wrong and where (a checkpoint rebuilt, a runId reused by another job). Default: none.</summary>
    public Action<string>? OnWarning { get; init; }

    /// <summary>Called when a stored event no longer reads or a projection throws, with the event's sequence. Default: none.</summary>
    public Action<long, Exception>? OnDeliveryError { get; init; }
}
