using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// What changed between <paramref name="from"/> and <paramref name="to"/>: the graph as of each moment compared
    /// (see <see cref="LineageGraph.AsOf"/>), optionally only within <paramref name="depth"/> levels of
    /// <paramref name="node"/> at either moment. Throws <see cref="ArgumentException"/> when <paramref name="to"/> is
    /// before <paramref name="from"/> or the node existed at neither moment.
    /// </summary>
    public LineageDiff Diff(DateTimeOffset from, DateTimeOffset to, NodeId? node = null, int depth = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        if (to < from)
        {
            throw new ArgumentException($"The diff runs from {from:O} to {to:O}: the end is before the start.", nameof(to));
        }

        var before = new LineageQueryEngine(_graph.AsOf(from), _defaults);
        var after = new LineageQueryEngine(_graph.AsOf(to), _defaults);
        HashSet<NodeId>? scope = null;
        if (node is { } start)
        {
            scope = [];
            foreach (var engine in new[] { before, after })
            {
                if (engine.Graph.Contains(start))
                {
                    var lineage = engine.Lineage(start, depth, depth, new LineageQueryOptions { IncludeDeleted = true, MaxNodes = _defaults.MaxNodes });
                    scope.UnionWith(lineage.Nodes.Select(n => n.Id));
                }
            }

            if (scope.Count == 0)
            {
                throw new ArgumentException($"The graph has no node '{start}' at {from:O} or at {to:O}.", nameof(node));
            }
        }

        bool InScope(NodeId id) => scope is null || scope.Contains(id);
        var datasetsBefore = before.Graph.GetDatasets().Where(d => !d.Deleted && InScope(NodeId.From(d.Id))).ToDictionary(d => d.Id);
        var datasetsAfter = after.Graph.GetDatasets().Where(d => !d.Deleted && InScope(NodeId.From(d.Id))).ToDictionary(d => d.Id);
        var jobsBefore = before.Graph.GetJobs().Where(j => !j.Deleted && InScope(NodeId.From(j.Id))).ToDictionary(j => j.Id);
        var jobsAfter = after.Graph.GetJobs().Where(j => !j.Deleted && InScope(NodeId.From(j.Id))).ToDictionary(j => j.Id);

        var fieldsAdded = new SortedSet<FieldId>();
        var fieldsRemoved = new SortedSet<FieldId>();
        var schemas = new List<SchemaChange>();
        var owners = new List<ValueChange>();
        var tags = new List<ValueChange>();
        var rows = new List<RowCountChange>();
        foreach (var (id, now) in datasetsAfter.OrderBy(p => p.Key))
        {
            if (!datasetsBefore.TryGetValue(id, out var then))
            {
                continue;
            }

            var typesThen = then.Fields.ToDictionary(f => f.Id.Name, f => f.Type, StringComparer.Ordinal);
            var typesNow = now.Fields.ToDictionary(f => f.Id.Name, f => f.Type, StringComparer.Ordinal);
            var added = typesNow.Keys.Except(typesThen.Keys).Order(StringComparer.Ordinal).ToArray();
            var removed = typesThen.Keys.Except(typesNow.Keys).Order(StringComparer.Ordinal).ToArray();
            var retyped = typesNow.Where(p => typesThen.TryGetValue(p.Key, out var t) && t is not null && p.Value is not null && !string.Equals(t, p.Value, StringComparison.Ordinal))
                .Select(p => $"{p.Key}: {typesThen[p.Key]} → {p.Value}").Order(StringComparer.Ordinal).ToArray();
            if (added.Length + removed.Length + retyped.Length > 0)
            {
                schemas.Add(new SchemaChange(id, added, removed, retyped));
                fieldsAdded.UnionWith(added.Select(f => new FieldId(id, f)));
                fieldsRemoved.UnionWith(removed.Select(f => new FieldId(id, f)));
            }

            Changed(owners, NodeId.From(id), then.Owners.Select(o => o.Name), now.Owners.Select(o => o.Name));
            Changed(tags, NodeId.From(id), then.Tags.Select(TagText), now.Tags.Select(TagText));
            var (rowsThen, rowsNow) = (LatestRows(before, id), LatestRows(after, id));
            if (rowsThen != rowsNow)
            {
                rows.Add(new RowCountChange(id, rowsThen, rowsNow));
            }
        }

        var sql = new List<SqlChange>();
        var runsBetween = after.Graph.GetRuns().Where(r => r.StartedAt > from && InScope(NodeId.From(r.Job))).ToList();
        foreach (var (id, now) in jobsAfter.OrderBy(p => p.Key))
        {
            var then = jobsBefore.GetValueOrDefault(id);
            if (then is not null)
            {
                Changed(owners, NodeId.From(id), then.Owners.Select(o => o.Name), now.Owners.Select(o => o.Name));
                Changed(tags, NodeId.From(id), then.Tags.Select(TagText), now.Tags.Select(TagText));
            }

            var other = runsBetween.Where(r => r.Job == id && r.Sql is not null && r.Sql != then?.Sql && r.Sql != now.Sql)
                .Select(r => $"{r.Id} ({r.State?.ToString().ToUpperInvariant() ?? "UNKNOWN"})").ToArray();
            if (then is not null && (then.Sql != now.Sql || other.Length > 0))
            {
                var diff = then.Sql == now.Sql ? "" : UnifiedDiff.Of(then.Sql, now.Sql, $"{id} at {from:O}", $"{id} at {to:O}");
                sql.Add(new SqlChange(id, then.Sql, now.Sql, diff, other));
            }
        }

        var edgesThen = Edges(before, InScope);
        var edgesNow = Edges(after, InScope);
        var failed = runsBetween.Where(r => r.State is RunState.Fail or RunState.Abort).ToArray();
        return new LineageDiff(from, to, node)
        {
            DatasetsAdded = [.. datasetsAfter.Keys.Except(datasetsBefore.Keys).Order()],
            DatasetsRemoved = [.. datasetsBefore.Keys.Except(datasetsAfter.Keys).Order()],
            JobsAdded = [.. jobsAfter.Keys.Except(jobsBefore.Keys).Order()],
            JobsRemoved = [.. jobsBefore.Keys.Except(jobsAfter.Keys).Order()],
            FieldsAdded = [.. fieldsAdded],
            FieldsRemoved = [.. fieldsRemoved],
            EdgesAdded = [.. edgesNow.Except(edgesThen).OrderBy(e => e.From, NodeOrder.Instance).ThenBy(e => e.To, NodeOrder.Instance).ThenBy(e => e.Kind)],
            EdgesRemoved = [.. edgesThen.Except(edgesNow).OrderBy(e => e.From, NodeOrder.Instance).ThenBy(e => e.To, NodeOrder.Instance).ThenBy(e => e.Kind)],
            SchemaChanges = schemas,
            OwnerChanges = [.. owners.OrderBy(c => c.Node, NodeOrder.Instance)],
            TagChanges = [.. tags.OrderBy(c => c.Node, NodeOrder.Instance)],
            SqlChanges = sql,
            RowCounts = rows,
            FailedRuns = failed,
            FailedAssertions = [.. runsBetween.SelectMany(r => r.FailedAssertions).Distinct().OrderBy(a => a.Dataset).ThenBy(a => a.Assertion.Name, StringComparer.Ordinal)],
        };
    }

    private static string TagText(Model.Facets.Tag tag) => tag.Value is { Length: > 0 } value ? $"{tag.Key}={value}" : tag.Key;

    private static void Changed(List<ValueChange> changes, NodeId node, IEnumerable<string> before, IEnumerable<string> after)
    {
        var a = before.Distinct().Order(StringComparer.Ordinal).ToArray();
        var b = after.Distinct().Order(StringComparer.Ordinal).ToArray();
        if (!a.SequenceEqual(b, StringComparer.Ordinal))
        {
            changes.Add(new ValueChange(node, a, b));
        }
    }

    private static long? LatestRows(LineageQueryEngine engine, DatasetId dataset) =>
        engine.Graph.GetDatasetVersions(dataset) is { Count: > 0 } versions ? versions[^1].RowCount : null;

    private static HashSet<EdgeChange> Edges(LineageQueryEngine engine, Func<NodeId, bool> inScope)
    {
        var edges = new HashSet<EdgeChange>();
        foreach (var edge in engine.Graph.GetEdges())
        {
            if (edge.Kind is EdgeKind.Read or EdgeKind.Write && inScope(edge.From) && inScope(edge.To))
            {
                edges.Add(new EdgeChange(edge.From, edge.To, edge.Kind));
            }
        }

        return edges;
    }
}
