using Tributary.Dbt;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Sql;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// The impact of replacing <paramref name="job"/>'s SQL with <paramref name="proposedSql"/> before it ships: the
    /// proposed SQL's table and column lineage (our parser, with the graph's schemas as its catalog) compared with
    /// the job's current lineage, and every removed, renamed or recomputed output column followed downstream
    /// through column lineage. The dialect defaults to the one the job's SQL facet names. Throws
    /// <see cref="ArgumentException"/> for a job the graph does not know. When the SQL is a bare query (a dbt model's
    /// compiled SELECT), <paramref name="queryWrites"/> names the dataset its result columns are written to.
    /// </summary>
    public SqlChangeImpact SqlChange(JobId job, string proposedSql, SqlDialect? dialect = null, int maxDepth = 20, DatasetId? queryWrites = null)
    {
        ArgumentNullException.ThrowIfNull(proposedSql);
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        var info = _graph.GetJob(job) ?? throw new ArgumentException($"The graph has no job '{job}'.", nameof(job));
        var catalog = new SqlCatalog();
        _graph.ForEachSchema((id, schema) => SqlLineageDerivation.AddSchema(catalog, id, schema));
        var chosen = dialect ?? (SqlAnalysisOptions.TryParseDialect(info.SqlDialect, out var known) ? known : SqlDialect.Ansi);
        var proposed = SqlLineage.Analyze(proposedSql, new SqlAnalysisOptions { Dialect = chosen, Catalog = catalog });
        var diagnostics = proposed.Diagnostics.Select(d => d.ToString()).ToArray();

        // Tables the SQL names are matched to the job's datasets first, then to any dataset the graph knows by that name.
        string Name(string table) => Match(table, info.Outputs) ?? Match(table, info.Inputs) ?? MatchAny(table) ?? table;
        var proposedInputs = proposed.Inputs.Select(Name).ToHashSet(StringComparer.Ordinal);
        var currentInputs = info.Inputs.Select(d => NodeId.From(d).ToString()).ToHashSet(StringComparer.Ordinal);
        var outputs = new List<SqlOutputChange>();
        var proposedOutputs = proposed.Outputs.Select(Name).ToList();
        var queryOutput = queryWrites is { } written ? NodeId.From(written).ToString() : null;
        if (queryOutput is not null && !proposedOutputs.Contains(queryOutput))
        {
            proposedOutputs.Add(queryOutput);
        }

        foreach (var output in info.Outputs.Select(d => NodeId.From(d).ToString()).Union(proposedOutputs, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var before = CurrentColumns(output);
            var after = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var column in proposed.Columns)
            {
                if (column.Target.Table is { } table ? Name(table) == output : queryOutput == output)
                {
                    var sources = after.TryGetValue(column.Target.Column, out var set) ? set : after[column.Target.Column] = new SortedSet<string>(StringComparer.Ordinal);
                    foreach (var source in column.Sources)
                    {
                        sources.Add(Source(Name(source.Column.Table ?? ""), source.Column.Column));
                    }
                }
            }

            // A job that stops writing a dataset removes every column of it; one that starts writing one adds them.
            var writes = proposedOutputs.Contains(output);
            if (queryOutput == output)
            {
                // A model's SELECT over tables whose catalog lists only documented columns cannot produce the others, so
                // a column the graph knows no sources for (a schema field only) is not called removed when it is absent.
                foreach (var (column, sources) in before)
                {
                    if (sources.Count == 0 && !after.ContainsKey(column))
                    {
                        before.Remove(column);
                    }
                }
            }

            outputs.Add(Compare(output, before, writes ? after : [], maxDepth));
        }

        return new SqlChangeImpact(
            job,
            [.. outputs.Where(o => o.Columns.Count > 0)],
            [.. currentInputs.Except(proposedInputs).Order(StringComparer.Ordinal)],
            [.. proposedInputs.Except(currentInputs).Except(proposedOutputs).Order(StringComparer.Ordinal)],
            diagnostics);
    }

    /// <summary>
    /// The impact of a dbt project's compiled SQL on what the store knows: each model whose job the graph knows is
    /// compared as <see cref="SqlChange"/> compares one job's proposed SQL (its compiled SELECT writing its relation);
    /// models the graph does not know, or without compiled SQL, are listed apart.
    /// </summary>
    public DbtChangeImpact DbtChange(IEnumerable<DbtModel> models, int maxDepth = 20)
    {
        ArgumentNullException.ThrowIfNull(models);
        var changes = new List<SqlChangeImpact>();
        var unknown = new List<string>();
        var uncompiled = new List<string>();
        foreach (var model in models)
        {
            if (model.CompiledSql is null)
            {
                uncompiled.Add(model.UniqueId);
            }
            else if (_graph.GetJob(model.Job) is null)
            {
                unknown.Add(model.UniqueId);
            }
            else
            {
                changes.Add(SqlChange(model.Job, model.CompiledSql, model.Dialect, maxDepth, model.Output));
            }
        }

        return new DbtChangeImpact(changes, unknown, uncompiled);
    }

    private static string Source(string dataset, string column) => dataset + "." + column;

    private static string? Match(string table, IReadOnlyList<DatasetId> datasets)
    {
        foreach (var dataset in datasets)
        {
            if (SameTable(dataset.Name, table))
            {
                return NodeId.From(dataset).ToString();
            }
        }

        return null;
    }

    private string? MatchAny(string table) => _graph.Read(store =>
    {
        foreach (var record in store.Datasets)
        {
            if (store.Resolve(record.Node) == record.Node && SameTable(record.Id.Name, table))
            {
                return NodeId.From(record.Id).ToString();
            }
        }

        return null;
    });

    // A dataset name stands for a table the SQL names when it is that name, or ends with it after a '.' or '/'.
    private static bool SameTable(string name, string table) =>
        string.Equals(name, table, StringComparison.OrdinalIgnoreCase)
        || (name.Length > table.Length && name.EndsWith(table, StringComparison.OrdinalIgnoreCase) && name[name.Length - table.Length - 1] is '.' or '/'
            || (table.Length > name.Length && table.EndsWith(name, StringComparison.OrdinalIgnoreCase) && table[table.Length - name.Length - 1] == '.'));

    // The output dataset's columns now, each with the fields its value comes from (direct column lineage).
    private Dictionary<string, SortedSet<string>> CurrentColumns(string output)
    {
        var columns = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        if (!NodeId.TryParse(output, out var id) || id.Kind != NodeKind.Dataset || _graph.GetDataset(id.AsDataset()) is not { } dataset)
        {
            return columns;
        }

        foreach (var field in dataset.Fields)
        {
            var sources = columns[field.Id.Name] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var edge in _graph.GetEdges(NodeId.From(field.Id), LineageDirection.Upstream))
            {
                if (edge.Kind == EdgeKind.ColumnLineage && edge.Transformations.Any(t => !string.Equals(t.Type, "INDIRECT", StringComparison.OrdinalIgnoreCase)))
                {
                    sources.Add(Source(NodeId.From(edge.From.AsDataset()).ToString(), edge.From.Field!));
                }
            }
        }

        return columns;
    }

    private SqlOutputChange Compare(string output, Dictionary<string, SortedSet<string>> before, Dictionary<string, SortedSet<string>> after, int maxDepth)
    {
        var removed = before.Keys.Where(c => !after.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        var added = after.Keys.Where(c => !before.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        var changes = new List<SqlColumnChange>();

        // A removed column whose value the proposed SQL computes, from the same sources, under a new name was renamed.
        foreach (var column in removed.ToArray())
        {
            var twin = before[column].Count == 0 ? null : added.FirstOrDefault(a => after[a].SetEquals(before[column]));
            if (twin is not null)
            {
                changes.Add(new SqlColumnChange(column, "renamed", twin, [.. before[column]], [.. after[twin]]));
                removed.Remove(column);
                added.Remove(twin);
            }
        }

        changes.AddRange(removed.Select(c => new SqlColumnChange(c, "removed", null, [.. before[c]], [])));
        changes.AddRange(added.Select(c => new SqlColumnChange(c, "added", null, [], [.. after[c]])));
        foreach (var (column, sources) in before)
        {
            // A column the graph knows no sources for (a schema field only) is not called recomputed.
            if (after.TryGetValue(column, out var next) && sources.Count > 0 && !sources.SetEquals(next))
            {
                changes.Add(new SqlColumnChange(column, "recomputed", null, [.. sources], [.. next]));
            }
        }

        changes.Sort((a, b) => string.CompareOrdinal(a.Column, b.Column));
        var downstream = new SortedDictionary<FieldId, SqlDownstreamField>();
        var datasets = new SortedSet<DatasetId>();
        var jobs = new SortedSet<JobId>();
        if (NodeId.TryParse(output, out var id) && id.Kind == NodeKind.Dataset)
        {
            foreach (var change in changes.Where(c => c.Change != "added"))
            {
                var field = NodeId.From(new FieldId(id.AsDataset(), change.Column));
                if (!_graph.Contains(field))
                {
                    continue;
                }

                foreach (var level in Impact(field, maxDepth).Levels)
                {
                    foreach (var reached in level.Fields)
                    {
                        downstream.TryAdd(reached, new SqlDownstreamField(reached, change.Column, level.Depth));
                        datasets.Add(reached.Dataset);
                    }
                }
            }
        }

        var owners = new SortedDictionary<string, Owner>(StringComparer.Ordinal);
        foreach (var dataset in datasets)
        {
            foreach (var owner in _graph.GetDataset(dataset)?.Owners ?? [])
            {
                owners.TryAdd(owner.Name, owner);
            }

            foreach (var edge in _graph.GetEdges(NodeId.From(dataset), LineageDirection.Upstream))
            {
                if (edge.Kind == EdgeKind.Write && _graph.GetJob(edge.From.AsJob()) is { } writer)
                {
                    jobs.Add(writer.Id);
                    foreach (var owner in writer.Owners)
                    {
                        owners.TryAdd(owner.Name, owner);
                    }
                }
            }
        }

        return new SqlOutputChange(output, changes, [.. downstream.Values], [.. datasets], [.. jobs], [.. owners.Values]);
    }
}
