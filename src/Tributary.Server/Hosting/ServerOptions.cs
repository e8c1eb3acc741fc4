using Tributary.Ingest;

namespace Tributary.Server.Hosting;

/// <summary>
/// The server's settings, bound from the <c>Tributary</c> configuration section: <c>appsettings.json</c>, then
/// environment variables such as <c>Tributary__Store</c> or <c>Tributary__ApiKeys__0__Key</c>, then command-line flags.
/// </summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "Tributary";

    /// <summary>The folder of the embedded event store. Default <c>.tributary</c> in the working directory.</summary>
    public string Store { get; set; } = ".tributary";

    /// <summary>
    /// A PostgreSQL connection string (<c>Host=…;Username=…;Database=…</c>). With one, the server keeps its events in
    /// PostgreSQL instead of the embedded store (migrations run at start), and several servers may share the database:
    /// each follows the others' writes. Also read from <c>ConnectionStrings:Tributary</c>; flag <c>--postgres</c>.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>How often (milliseconds) a server on PostgreSQL looks for events other servers stored. Default 200.</summary>
    public int FollowIntervalMilliseconds { get; set; } = 200;

    /// <summary>
    /// Where a server on PostgreSQL keeps its graph checkpoint (a local file), so it starts by loading it and
    /// replaying only the events stored after it. Null (the default): no checkpoint. The embedded store always keeps
    /// its checkpoint beside its events (<c>graph.checkpoint</c>).
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>
    /// Write the graph checkpoint every this many applied events while serving (0: only at compaction and stop), and at
    /// most a twentieth of the time: after a checkpoint that took T, the next waits until 19T has passed. Default 100,000.
    /// </summary>
    public int CheckpointEveryEvents { get; set; } = 100_000;

    /// <summary>Derive column lineage from the SQL of a run's <c>sql</c> facet when a producer sent none. Default true; flag <c>--no-sql-lineage</c> turns it off.</summary>
    public bool DeriveColumnLineageFromSql { get; set; } = true;

    /// <summary>
    /// The most time (milliseconds) deriving lineage from one event's SQL may take; past it the event keeps no derived
    /// column lineage and the log says so. The work runs on the posting request, never holding up other producers. Default 5,000.
    /// </summary>
    public int SqlDerivationBudgetMilliseconds { get; set; } = 5_000;

    /// <summary>The longest SQL text (characters) lineage is derived from; longer ones are logged and skipped. Default 2,000,000.</summary>
    public int SqlDerivationMaxLength { get; set; } = 2_000_000;

    /// <summary>The graph checkpoint file in force: beside the embedded store's events, or <see cref="CheckpointPath"/> on PostgreSQL (null: none).</summary>
    public string? CheckpointFile => UsesPostgres ? CheckpointPath : LineageReplicaOptions.ForStore(Store).CheckpointPath;

    /// <summary>The options in <paramref name="configuration"/>: the <c>Tributary</c> section, and <c>ConnectionStrings:Tributary</c> when the section names no PostgreSQL.</summary>
    public static ServerOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ServerOptions();
        configuration.GetSection(Section).Bind(options);
        options.UseConnectionString(configuration);
        return options;
    }

    /// <summary>Takes PostgreSQL from <c>ConnectionStrings:Tributary</c> when no <see cref="Postgres"/> is set.</summary>
    internal void UseConnectionString(IConfiguration configuration)
    {
        if (!UsesPostgres && configuration.GetConnectionString("Tributary") is { Length: > 0 } connectionString)
        {
            Postgres = connectionString;
        }
    }

    /// <summary>True when the server keeps its events in PostgreSQL.</summary>
    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Postgres);

    /// <summary>The largest event accepted, in bytes of (decompressed) JSON; larger ones get 413. Default 5 MB.</summary>
    public int MaxEventBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The largest batch request accepted, in bytes of (decompressed) JSON; larger ones get 413. A batch is streamed through
    /// the ingest door as it arrives, so its size does not decide the memory it takes. Default 1 GB.
    /// </summary>
    public int MaxBatchBytes { get; set; } = 1 << 30;

    /// <summary>
    /// The API keys. Empty (the default) turns authentication off; with at least one key, every API call needs
    /// <c>Authorization: Bearer &lt;key&gt;</c> with the right permission.
    /// </summary>
    public IList<ApiKeyOptions> ApiKeys { get; init; } = [];

    /// <summary>
    /// How many compressed request bodies are inflated at once; more wait their turn (up to 30 s, then 503). A single event
    /// is held whole once inflated (up to <see cref="MaxEventBytes"/>); a batch is inflated as the door reads it. Default:
    /// the number of processors, 2 to 8.
    /// </summary>
    public int MaxConcurrentDecompressions { get; set; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>When keys are configured, lets reads (GET) through without a key, so only writers need one. Default false.</summary>
    public bool AllowAnonymousRead { get; set; }

    /// <summary>How OpenLineage namespaces and names become OpenMetadata entities for the OpenMetadata lineage API (<c>Tributary:OpenMetadata</c>).</summary>
    public OpenMetadata.OpenMetadataOptions OpenMetadata { get; init; } = new();

    /// <summary>How each classification travels along lineage (<c>Tributary:Classifications:Policies</c>); the CLI reads the same settings.</summary>
    public ClassificationSettings Classifications { get; init; } = new();

    /// <summary>How many events a slow live-stream client may fall behind before the oldest are dropped for it. Default 1024.</summary>
    public int StreamBuffer { get; set; } = 1024;

    /// <summary>The most nodes a lineage query visits before answering with what it found (marked partial). Default 10,000.</summary>
    public int MaxQueryNodes { get; set; } = 10_000;

    /// <summary>
    /// Compact the store's log into its Parquet lake (<c>lake/</c>) once this many events arrived since the last
    /// compaction, and at most a tenth of the time (after a compaction that took T, the next waits until 9T has passed),
    /// below the priority of requests (see <c>BackgroundPriority</c>).
    /// While events keep arriving such a compaction only appends them; the projection tables, whose rewrite costs the
    /// whole graph, follow every <see cref="CompactEveryMinutes"/> minutes or once ingest is quiet for a second.
    /// Default 100,000; 0 turns event-count compaction off.
    /// </summary>
    public long CompactEveryEvents { get; set; } = 100_000;

    /// <summary>
    /// Compact at least this often (minutes) when new events arrived, projection tables included: how far they may lag
    /// the events while ingest never pauses. Default 10; 0 turns timed compaction off (and every compaction then
    /// rewrites the projection tables).
    /// </summary>
    public double CompactEveryMinutes { get; set; } = 10;

    /// <summary>
    /// With a value, compaction drops raw events older than this many days from the lake, keeping each job's and
    /// dataset's latest run so the graph keeps what is current. Default: keep every raw event.
    /// </summary>
    public int? RetainDays { get; set; }

    internal void Validate()
    {
        if (RetainDays is < 1)
        {
            throw new InvalidOperationException($"Tributary:RetainDays is {RetainDays}; keep raw events at least 1 day (flag --retain-days).");
        }

        if (CompactEveryEvents < 0 || CompactEveryMinutes < 0)
        {
            throw new InvalidOperationException("Tributary:CompactEveryEvents and Tributary:CompactEveryMinutes must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(Store))
        {
            throw new InvalidOperationException("Tributary:Store is empty; set it to the folder of the event store (flag --store, variable Tributary__Store).");
        }

        if (FollowIntervalMilliseconds < 10)
        {
            throw new InvalidOperationException($"Tributary:FollowIntervalMilliseconds is {FollowIntervalMilliseconds}; it must be at least 10.");
        }

        if (SqlDerivationBudgetMilliseconds < 0 || SqlDerivationMaxLength < 0)
        {
            throw new InvalidOperationException("Tributary:SqlDerivationBudgetMilliseconds and Tributary:SqlDerivationMaxLength must not be negative (to turn derivation off, set Tributary:DeriveColumnLineageFromSql to false).");
        }

        if (MaxEventBytes < 1024)
        {
            throw new InvalidOperationException($"Tributary:MaxEventBytes is {MaxEventBytes}; it must be at least 1024 bytes.");
        }

        if (MaxBatchBytes < MaxEventBytes)
        {
            throw new InvalidOperationException($"Tributary:MaxBatchBytes ({MaxBatchBytes}) must be at least Tributary:MaxEventBytes ({MaxEventBytes}).");
        }

        if (MaxConcurrentDecompressions < 1)
        {
            throw new InvalidOperationException($"Tributary:MaxConcurrentDecompressions is {MaxConcurrentDecompressions}; it must be at least 1.");
        }

        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (string.IsNullOrEmpty(ApiKeys[i].Key) || ApiKeys[i].Key.Length < 16)
            {
                throw new InvalidOperationException($"Tributary:ApiKeys:{i}:Key must be at least 16 characters long.");
            }

            if (!ApiKeys[i].Read && !ApiKeys[i].Write)
            {
                throw new InvalidOperationException($"Tributary:ApiKeys:{i} grants nothing; set Read and/or Write to true.");
            }
        }

        Classifications.ToPolicies();
    }
}
