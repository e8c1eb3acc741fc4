using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Query;
using Tributary.Storage;

namespace Tributary.Cli;

/// <summary>
/// A store opened read-only through the same <see cref="LineageReplica"/> the server uses: the graph checkpoint is
/// loaded and only the events after it are replayed, so every query command answers from the graph a server would
/// build, and it works while a server holds the store.
/// </summary>
internal sealed class LineageSession
{
    // The engine's defaults: the classification policies of the settings (see CliSettings), as the server's engine has.
    private readonly LineageQueryOptions _defaults;

    private LineageSession(string directory, LineageReplica replica, LineageQueryOptions defaults)
    {
        Directory = directory;
        Replica = replica;
        _defaults = defaults;
        Engine = new LineageQueryEngine(replica.Graph, defaults);
    }

    /// <summary>The moment the session answers as of (see <see cref="AsOf"/>); null for now.</summary>
    public DateTimeOffset? Moment => Engine.Graph.Moment;

    /// <summary>
    /// Makes every answer of this session one as of <paramref name="text"/> (an ISO 8601 time or a run id); a time
    /// or run the store cannot stand for is a <see cref="CliException"/> saying what to give.
    /// </summary>
    public void AsOf(string text)
    {
        try
        {
            Engine = new LineageQueryEngine(Replica.Graph, _defaults).AsOf(Engine.ParseMoment(text));
        }
        catch (FormatException ex)
        {
            throw new CliException("--as-of: " + ex.Message);
        }
    }

    public string Directory { get; }

    public LineageReplica Replica { get; }

    public LineageGraph Graph => Engine.Graph;

    public LineageQueryEngine Engine { get; private set; }

    public long Events => Replica.AppliedThrough;

    public static async Task<LineageSession> OpenAsync(string directory, CancellationToken cancellationToken, TextWriter? warnings = null)
    {
        CommonOptions.RequireStore(directory);

        // The checkpoint is read, and its last event looked up, while the store opens.
        var options = LineageReplicaOptions.ForStore(directory);
        var preload = File.Exists(options.CheckpointPath) ? CheckpointPreload.Start(options.CheckpointPath!) : null;
        var defaults = new LineageQueryOptions { ClassificationPolicies = CliSettings.ClassificationPolicies() };
        options = options with
        {
            Preload = preload,
            OnWarning = message => (warnings ?? Console.Error).WriteLine("tributary: " + Tributary.Export.VisibleText.Escape(message)),
        };

        // Another process may compact the store while this one reads it, moving log segments into the lake under the
        // read. Each read already starts again when that happens; an open that still loses the race (a busy writer on
        // a loaded machine) is begun afresh, from the files as they are then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var store = EmbeddedLineageStore.Open(directory, new FileLineageStoreOptions { ReadOnly = true });
                var replica = await LineageReplica.OpenAsync(store, options, cancellationToken: cancellationToken);
                return new LineageSession(directory, replica, defaults);
            }
            catch (FileNotFoundException) when (attempt < OpenAttempts)
            {
                await Task.Delay(20 * attempt, cancellationToken);
            }
        }
    }

    private const int OpenAttempts = 5;

    /// <summary>Resolves a name as <see cref="Resolve"/> does, in the graph as it is now whatever the session's moment (for a diff, whose node may exist at only one of its moments).</summary>
    public Model.NodeId ResolveAtAll(string text) => new LineageSession(Directory, Replica, _defaults).Resolve(text);

    /// <summary>Resolves a NodeId or a unique dataset, job or field name; an unknown or ambiguous name is a <see cref="CliException"/>.</summary>
    public NodeId Resolve(string text)
    {
        var resolution = Engine.Resolve(text);
        if (resolution.Node is { } node)
        {
            return node;
        }

        if (resolution.IsAmbiguous)
        {
            throw new CliException($"'{text}' is ambiguous; use one of: {string.Join(", ", resolution.Candidates.Select(c => c.ToString()))}");
        }

        var when = Moment is { } moment ? $" as of {moment:O}" : "";
        throw new CliException($"no node named '{text}' in {Path.GetFullPath(Directory)}{when}; try `tributary find` to list datasets and jobs");
    }
}
