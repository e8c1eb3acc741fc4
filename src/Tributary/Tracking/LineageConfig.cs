using System.Collections;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Tracking configuration from files and the environment: the first source document's settings (<c>base_path</c>,
/// <c>enable_persistence</c>, <c>track_repository_operations</c>, <c>enabled_operation_types</c>,
/// <c>max_graph_nodes</c>, <c>repository_settings</c>) and OpenLineage's (<c>transport</c>, <c>OPENLINEAGE_*</c>), so
/// existing OpenLineage setups work unchanged. Reading never throws for bad values: they are kept, and
/// <see cref="Validate"/> lists every problem. Turn a configuration into a tracker with
/// <c>LineageTracker.Create(config)</c>.
/// </summary>
/// <remarks>
/// Precedence, lowest to highest, as <see cref="Load(string?)"/> applies it: built-in defaults; the first
/// <c>openlineage.yml</c> found where OpenLineage clients look (<c>OPENLINEAGE_CONFIG</c>, then
/// <c>./openlineage.yml</c>, then <c>~/.openlineage/openlineage.yml</c>); the file passed to <c>Load</c>; the
/// environment (<c>LINEAGE_*</c>, then <c>OPENLINEAGE_URL</c>/<c>_ENDPOINT</c>/<c>_API_KEY</c>, then
/// <c>OPENLINEAGE__TRANSPORT__*</c>, the most specific); finally <c>OPENLINEAGE_DISABLED=true</c> turns everything
/// off. Values set in code (<c>config with { ... }</c> or on <see cref="TrackerOptions"/>) beat them all. Unlike
/// OpenLineage's Python client, where the file beats the variables, the environment wins here, so an operator can
/// override a checked-in file at deploy time without editing it.
/// </remarks>
public sealed partial record LineageConfig
{
    /// <summary>The configuration with every default: console transport, everything tracked, nothing persisted.</summary>
    public static LineageConfig Default { get; } = new();

    /// <summary>The folder local lineage data goes to (<c>base_path</c>, <c>LINEAGE_BASE_PATH</c>). Default: <c>./data/lineage</c>.</summary>
    public string BasePath { get; init; } = "./data/lineage";

    /// <summary>
    /// Keep lineage under <see cref="BasePath"/> (<c>enable_persistence</c>, <c>LINEAGE_ENABLE_PERSISTENCE</c>): a tracker
    /// created with <c>new LineageTracker(config)</c> keeps it in the Parquet lake there; one created from
    /// <see cref="ToTrackerOptions()"/> appends every event to <c>events.ndjson</c> there, besides its transport. Default: false.
    /// </summary>
    public bool EnablePersistence { get; init; }

    /// <summary>Track calls through wrapped repositories (<c>track_repository_operations</c>, <c>LINEAGE_TRACK_REPOS</c>). Default: true.</summary>
    public bool TrackRepositoryOperations { get; init; } = true;

    /// <summary>The operation types to track (<c>enabled_operation_types</c>, <c>LINEAGE_ENABLED_OPERATION_TYPES</c>, comma-separated). Default: null, every type.</summary>
    public IReadOnlySet<OperationType>? EnabledOperationTypes { get; init; }

    /// <summary>
    /// The most datasets and jobs a tracker's in-memory graph holds (<c>max_graph_nodes</c>, <c>LINEAGE_MAX_GRAPH_NODES</c>):
    /// past it the oldest operations leave the graph (the store keeps them), and it is the default node budget of the
    /// tracker's queries and drawings, which say <c>Partial</c> when they reach it. Default: 1000.
    /// </summary>
    public int MaxGraphNodes { get; init; } = 1000;

    /// <summary>
    /// How many hours a tracker keeps an operation in memory (<c>operation_retention_hours</c>,
    /// <c>LINEAGE_OPERATION_RETENTION_HOURS</c>): older operations leave the tracker's <c>Operations</c> and graph
    /// (its store keeps them), for processes that run for days. Default: 0, keep every operation.
    /// </summary>
    public int OperationRetentionHours { get; init; }

    /// <summary>Per-repository settings (<c>repository_settings</c>), by repository name. Default: none.</summary>
    public IReadOnlyDictionary<string, RepositorySettings> RepositorySettings { get; init; } = new Dictionary<string, RepositorySettings>(StringComparer.Ordinal);

    /// <summary>Turn tracking off entirely (<c>OPENLINEAGE_DISABLED</c>, or <c>transport.type: noop</c>). Default: false.</summary>
    public bool Disabled { get; init; }

    /// <summary>The namespace of jobs named by plain strings (<c>namespace</c>, <c>OPENLINEAGE_NAMESPACE</c>). Default: <c>default</c>.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where events go (<c>transport</c>). Default: console.</summary>
    public TransportConfig Transport { get; init; } = new();

    // Problems met while reading (unparsable values, malformed files), reported by Validate.
    internal IReadOnlyList<string> ReadProblems { get; init; } = [];

    // Where each setting came from ("LINEAGE_MAX_GRAPH_NODES", "base_path in ./lineage.json"), so messages can say which to fix.
    internal IReadOnlyDictionary<string, string> Sources { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Reads a configuration file over the defaults: JSON in the first source document's format, or, for
    /// <c>.yml</c>/<c>.yaml</c> files, OpenLineage's <c>openlineage.yml</c> format (both accept both kinds of keys).
    /// Throws <see cref="FileNotFoundException"/> when the file does not exist; problems inside it go to <see cref="Validate"/>.
    /// </summary>
    public static LineageConfig FromFile(string path) => Default.WithFile(path);

    /// <summary>Reads the process's environment variables over the defaults; see the remarks for the variables read.</summary>
    public static LineageConfig FromEnvironment() => FromEnvironment(EnvironmentSnapshot());

    /// <summary>Reads the process's environment variables over the defaults: the document's <c>LineageConfig.from_env()</c>; the same as <see cref="FromEnvironment()"/>.</summary>
    public static LineageConfig FromEnv() => FromEnvironment();

    /// <summary>
    /// The configuration in effect (the document's <c>get_config()</c>): that of the global tracker when it was created
    /// from one, otherwise what <see cref="Load(string?)"/> finds (openlineage.yml, then the environment).
    /// </summary>
    public static LineageConfig GetConfig() => LineageTracker.Global.Config ?? Load();

    /// <summary>Reads the given variables over the defaults, as <see cref="FromEnvironment()"/> reads the process's (for tests and hosts that keep settings elsewhere).</summary>
    public static LineageConfig FromEnvironment(IReadOnlyDictionary<string, string> variables) => Default.WithEnvironment(variables);

    /// <summary>
    /// Builds the configuration the way OpenLineage clients find theirs, plus an optional file of your own, in the
    /// precedence the remarks describe: defaults, discovered <c>openlineage.yml</c>, <paramref name="configFile"/>,
    /// environment, <c>OPENLINEAGE_DISABLED</c>.
    /// </summary>
    public static LineageConfig Load(string? configFile = null) =>
        Load(configFile, EnvironmentSnapshot(), Directory.GetCurrentDirectory(), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static LineageConfig Load(string? configFile, IReadOnlyDictionary<string, string> variables, string currentDirectory, string? home)
    {
        var config = Default;
        if (variables.GetValueOrDefault("OPENLINEAGE_CONFIG") is { Length: > 0 } named)
        {
            config = File.Exists(named) ? config.WithFile(named)
                : config with { ReadProblems = [.. config.ReadProblems, $"OPENLINEAGE_CONFIG names '{named}', which does not exist; fix the path or unset OPENLINEAGE_CONFIG."] };
        }
        else if (FindOpenLineageYaml(currentDirectory, home) is { } found)
        {
            config = config.WithFile(found);
        }

        if (configFile is not null)
        {
            config = config.WithFile(configFile);
        }

        return config.WithEnvironment(variables);
    }

    /// <summary>
    /// Turns the configuration into tracker options with the transport it describes. Throws
    /// <see cref="ArgumentException"/> listing every problem when <see cref="Validate"/> finds any.
    /// </summary>
    public TrackerOptions ToTrackerOptions()
    {
        ThrowIfInvalid();
        return ToTrackerOptions(IsOff ? null : CreateTransport());
    }

    // The options with a transport chosen by the caller (a tracker with its own graph adds its store).
    internal TrackerOptions ToTrackerOptions(ILineageTransport? transport) => new()
    {
        Enabled = !IsOff,
        Transport = IsOff ? null : transport,
        Namespace = Namespace,
        EnabledOperationTypes = EnabledOperationTypes,
        TrackRepositoryOperations = TrackRepositoryOperations,
        RepositorySettings = RepositorySettings,
    };

    // The transport the configuration names explicitly (a type or a URL), or null when it names none: a tracker
    // with its own graph then prints nothing to the console.
    internal ILineageTransport? ConfiguredTransport() =>
        IsOff || (Transport.Type is null && Transport.Url is null) ? null : CreateMainTransport();

    private bool IsOff => Disabled || string.Equals(Transport.Type, "noop", StringComparison.OrdinalIgnoreCase);

    private ILineageTransport CreateTransport()
    {
        var type = EffectiveTransportType();
        if (EnablePersistence && Transport.Type is null && Transport.Url is null)
        {
            // Persistence without a transport keeps the events; it does not also print every one of them.
            return new FileTransport(PersistencePath);
        }

        var main = CreateMainTransport();
        var persistenceIsMain = type == "file" && Path.GetFullPath(Transport.Path ?? PersistencePath) == Path.GetFullPath(PersistencePath);
        return EnablePersistence && !persistenceIsMain ? new CompositeTransport([main, new FileTransport(PersistencePath)]) : main;
    }

    private ILineageTransport CreateMainTransport()
    {
        var type = EffectiveTransportType();
        return type switch
        {
            "http" => new HttpTransport(new HttpTransportOptions
            {
                Url = new Uri(Transport.Url!),
                Endpoint = Transport.Endpoint ?? "/api/v1/lineage",
                ApiKey = Transport.ApiKey,
                Gzip = string.Equals(Transport.Compression, "gzip", StringComparison.OrdinalIgnoreCase),
                Timeout = Transport.Timeout is null ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(ParseSeconds(Transport.Timeout)!.Value),
            }),
            "file" => new FileTransport(Transport.Path ?? PersistencePath),
            _ => new ConsoleTransport(),
        };
    }

    private string PersistencePath => Path.Combine(BasePath, "events.ndjson");

    private string EffectiveTransportType() =>
        Transport.Type?.Trim().ToLowerInvariant() ?? (Transport.Url is not null ? "http" : "console");

    private static string? FindOpenLineageYaml(string currentDirectory, string? home)
    {
        var local = Path.Combine(currentDirectory, "openlineage.yml");
        if (File.Exists(local))
        {
            return local;
        }

        var user = home is null ? null : Path.Combine(home, ".openlineage", "openlineage.yml");
        return user is not null && File.Exists(user) ? user : null;
    }

    private static Dictionary<string, string> EnvironmentSnapshot()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && entry.Value is string value)
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}
