using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

/// <summary>
/// Answers the questions people ask of lineage: what feeds this, what breaks if I change that, how does data get
/// from here to there, why is this number wrong, what is stale, slow or failing, who touched what, and where
/// personal data goes. Every query reads the in-memory <see cref="LineageGraph"/> under its shared lock, and every
/// traversal shares one breadth-first walk with a node budget, so results on huge graphs say <c>Partial</c>
/// instead of hanging. Results are sorted by node id so they diff cleanly.
/// </summary>
/// <example>
/// <code>
/// var engine = new LineageQueryEngine(graph);
/// var node = engine.Resolve("customers_source").Node!.Value;
/// var impact = engine.Impact(node);
/// Console.WriteLine($"{impact.DatasetCount} datasets affected, notify {impact.Owners.Count} owners");
/// </code>
/// </example>
public sealed partial class LineageQueryEngine
{
    private readonly LineageGraph _graph;
    private readonly LineageQueryOptions _defaults;

    /// <summary>Creates an engine over a graph, with default limits for queries that are not given their own.</summary>
    public LineageQueryEngine(LineageGraph graph, LineageQueryOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
        _defaults = defaults ?? LineageQueryOptions.Default;
    }

    /// <summary>The graph the engine reads.</summary>
    public LineageGraph Graph => _graph;

    /// <summary>
    /// An engine over this engine's graph as it stood at <paramref name="moment"/> (see <see cref="LineageGraph.AsOf"/>),
    /// with the same default limits: every query answers as of that moment.
    /// </summary>
    public LineageQueryEngine AsOf(DateTimeOffset moment) => new(_graph.AsOf(moment), _defaults);

    // The moment a query answers as of: its options' AsOf, else the engine's graph's (GraphMoment.Now: as it is).
    private long Moment(LineageQueryOptions? options = null) =>
        Math.Min((options ?? _defaults).AsOf?.UtcTicks ?? GraphMoment.Now, _graph.MomentTicks);

    /// <summary>Finds data sources (datasets) by namespace, name pattern, type, tag and owner, sorted by id.</summary>
    public IReadOnlyList<DatasetInfo> FindDataSources(DataSourceFilter? filter = null)
    {
        filter ??= new DataSourceFilter();
        return _graph.Read(store =>
        {
            var list = new List<DatasetInfo>();
            var moment = Moment();
            var propagated = filter.Tag is { } wanted ? PropagatedTo(store, wanted) : null;
            foreach (var record in store.Datasets)
            {
                if (store.Resolve(record.Node) != record.Node || record.FirstSeen > moment || (!filter.IncludeDeleted && GraphMoment.DeletedAt(record, moment)))
                {
                    continue;
                }

                if (filter.Namespace is { } ns && !Glob.IsMatch(ns, record.Id.Namespace))
                {
                    continue;
                }

                if (filter.NamePattern is { } pattern && !Glob.IsMatch(pattern, record.Id.Name))
                {
                    continue;
                }

                if (filter.Type is { } type && !string.Equals(type, record.DatasetType, StringComparison.OrdinalIgnoreCase)
                    && !string.Equals(type, record.SourceName, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (filter.SourceType is { } sourceType && DataSourceTypes.Of(record.DatasetType, record.Id.Namespace, record.SourceUri) != sourceType)
                {
                    continue;
                }

                var info = GraphViews.Dataset(store, record, moment);
                if (propagated is not null)
                {
                    var reached = propagated.GetValueOrDefault(record.Id);
                    if (!HasTag(info, filter.Tag!) && reached is null)
                    {
                        continue;
                    }

                    info = info with { PropagatedTags = reached ?? [] };
                }

                if (filter.Owner is { } owner && !HasOwner(info.Owners, owner))
                {
                    continue;
                }

                list.Add(info);
            }

            list.Sort((a, b) => a.Id.CompareTo(b.Id));
            return (IReadOnlyList<DatasetInfo>)list;
        });
    }

    private static bool HasTag(DatasetInfo dataset, string tag) => dataset.Tags.Any(t => Matches(t, tag)) || dataset.Fields.Any(f => f.Tags.Any(t => Matches(t, tag)));

    // A tag key, or key=value, matching a tag (case-insensitive).
    private static bool Matches(Model.Facets.Tag t, string tag)
    {
        var at = tag.IndexOf('=', StringComparison.Ordinal);
        var key = at < 0 ? tag : tag[..at];
        return string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)
            && (at < 0 || string.Equals(t.Value, tag[(at + 1)..], StringComparison.OrdinalIgnoreCase));
    }

    // The tags propagated along lineage into each dataset or its fields, for a search by tag.
    private Dictionary<DatasetId, List<Classification>> PropagatedTo(GraphStore store, string tag)
    {
        var at = tag.IndexOf('=', StringComparison.Ordinal);
        var report = Classifications(store, ClassificationOptions.Default with { Tag = at < 0 ? tag : tag[..at] }, null);
        var reached = new Dictionary<DatasetId, List<Classification>>();
        foreach (var classification in report.Classifications)
        {
            if (classification.Propagated && Matches(classification.Tag, tag))
            {
                var dataset = classification.Node.AsDataset();
                if (!reached.TryGetValue(dataset, out var list))
                {
                    reached[dataset] = list = [];
                }

                list.Add(classification);
            }
        }

        return reached;
    }

    private static bool HasOwner(IReadOnlyList<Model.Facets.Owner> owners, string owner) => owners.Any(o =>
        string.Equals(o.Name, owner, StringComparison.OrdinalIgnoreCase)
        || (o.Name.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
            && string.Equals(o.Name[(colon + 1)..], owner, StringComparison.OrdinalIgnoreCase)));

    private TraversalRequest Request(LineageQueryOptions? options, int up, int down, EdgeMask edges)
    {
        options ??= _defaults;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxNodes, 1, nameof(options));
        return new TraversalRequest
        {
            UpstreamDepth = up,
            DownstreamDepth = down,
            MaxNodes = options.MaxNodes,
            IncludeDeleted = options.IncludeDeleted,
            AsOf = Moment(options),
            Edges = edges,
        };
    }

    // Finds the canonical node for an id or throws the argument exception callers expect for an unknown node (or, as
    // of a moment, one not yet seen then).
    private int Require(GraphStore store, NodeId node, string parameter)
    {
        var found = store.Find(node);
        if (found < 0)
        {
            throw new ArgumentException($"The graph has no node '{node}'.", parameter);
        }

        var moment = Moment();
        return GraphMoment.Existed(store, found, moment) ? found
            : throw new ArgumentException($"The graph has no node '{node}' as of {GraphViews.Time(moment):O}: it was first seen later.", parameter);
    }
}
