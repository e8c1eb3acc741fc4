using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Sql;

namespace Tributary.Dbt;

/// <summary>
/// Turns dbt artifacts into OpenLineage run events, named as the OpenLineage dbt integration names them: one job per
/// model, seed and snapshot (<c>database.schema.package.name</c>), reading the datasets it depends on (models,
/// seeds, snapshots, sources) and writing its relation (<c>database.schema.alias</c>). With <c>run_results.json</c>
/// each executed node gets START and COMPLETE (or FAIL with the error message) at the times dbt recorded, and its
/// tests become <c>dataQualityAssertions</c> on the tested dataset; without it, every node gets one COMPLETE at the
/// manifest's time. Compiled SQL becomes the <c>sql</c> job facet and, through <see cref="SqlLineage"/>, the
/// <c>columnLineage</c> of the output, using the columns of <c>catalog.json</c> (else the manifest's) as the catalog.
/// Run ids are derived from the invocation and the node, so importing the same artifacts twice adds nothing.
/// </summary>
public static class DbtImporter
{
    /// <summary>The producer of the events made from dbt artifacts.</summary>
    public const string Producer = Json.EventWriter.TributaryProducer + "#dbt";

    private static readonly HashSet<string> Runnable = new(StringComparer.Ordinal) { "model", "seed", "snapshot" };

    /// <summary>Reads the artifacts (paths to <c>manifest.json</c> and, optionally, <c>run_results.json</c> and <c>catalog.json</c>) and returns the events in time order.</summary>
    /// <param name="manifestPath">dbt's <c>target/manifest.json</c>.</param>
    /// <param name="runResultsPath">dbt's <c>target/run_results.json</c>, or null.</param>
    /// <param name="catalogPath">dbt's <c>target/catalog.json</c> (from <c>dbt docs generate</c>), or null.</param>
    /// <param name="options">Namespaces; defaults derive the dataset namespace from the adapter.</param>
    /// <exception cref="FormatException">A file is not the dbt artifact it should be.</exception>
    public static IReadOnlyList<RunEvent> Import(string manifestPath, string? runResultsPath = null, string? catalogPath = null, DbtImportOptions? options = null)
    {
        using var manifest = Parse(manifestPath, "manifest");
        using var runResults = runResultsPath is null ? null : Parse(runResultsPath, "run_results");
        using var catalog = catalogPath is null ? null : Parse(catalogPath, "catalog");
        return Import(manifest.RootElement, runResults?.RootElement, catalog?.RootElement, options);
    }

    /// <summary>Turns parsed artifacts into events (see <see cref="Import(string, string?, string?, DbtImportOptions?)"/>).</summary>
    public static IReadOnlyList<RunEvent> Import(JsonElement manifest, JsonElement? runResults = null, JsonElement? catalog = null, DbtImportOptions? options = null)
    {
        options ??= new DbtImportOptions();
        if (manifest.ValueKind != JsonValueKind.Object || !manifest.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a dbt manifest: it has no \"nodes\" object");
        }

        var metadata = manifest.TryGetProperty("metadata", out var m) ? m : default;
        var adapter = Text(metadata, "adapter_type") ?? "";
        var datasetNamespace = options.DatasetNamespace ?? DefaultNamespace(adapter);
        SqlAnalysisOptions.TryParseDialect(adapter, out var dialect);
        var generated = Time(Text(metadata, "generated_at")) ?? DateTimeOffset.UnixEpoch;
        var invocation = Text(runResults ?? default, "metadata", "invocation_id") ?? Text(metadata, "invocation_id") ?? "";

        // Every relation: models, seeds, snapshots and sources, by unique id.
        var relations = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var node in nodes.EnumerateObject())
        {
            relations[node.Name] = node.Value;
        }

        if (manifest.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Object)
        {
            foreach (var source in sources.EnumerateObject())
            {
                relations[source.Name] = source.Value;
            }
        }

        var sqlCatalog = new SqlCatalog();
        foreach (var (id, node) in relations)
        {
            var columns = CatalogColumns(catalog, id) ?? ManifestColumns(node);
            if (columns.Count > 0)
            {
                sqlCatalog.Add(RelationName(node), columns);
            }
        }

        var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (runResults is { ValueKind: JsonValueKind.Object } rr && rr.TryGetProperty("results", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var result in list.EnumerateArray())
            {
                if (Text(result, "unique_id") is { } id)
                {
                    results[id] = result;
                }
            }
        }
        else if (runResults is not null)
        {
            throw new FormatException("not dbt run results: there is no \"results\" array");
        }

        var events = new List<RunEvent>();
        foreach (var (id, node) in relations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!Runnable.Contains(Text(node, "resource_type") ?? ""))
            {
                continue;
            }

            var hasResult = results.TryGetValue(id, out var result);
            if (runResults is not null && !hasResult)
            {
                continue; // not part of this invocation
            }

            var status = hasResult ? Text(result, "status") ?? "success" : "success";
            if (status is "skipped")
            {
                continue;
            }

            var (start, end) = hasResult ? Timing(result, generated) : (generated, generated);
            var job = new Job(JobOf(node, options))
            {
                Facets = JobFacets(node, adapter),
            };
            var runId = new RunId(DeterministicGuid(invocation + "/" + id));
            var inputs = DependsOn(node)
                .Where(relations.ContainsKey)
                .Select(d => relations[d])
                .Where(d => Runnable.Contains(Text(d, "resource_type") ?? "") || Text(d, "resource_type") == "source")
                .Select(d => new InputDataset(new DatasetId(datasetNamespace, RelationName(d))) { Facets = DatasetFacets(d, catalog, datasetNamespace) })
                .DistinctBy(d => d.Id)
                .ToList();
            var outputId = new DatasetId(datasetNamespace, RelationName(node));
            var outputFacets = DatasetFacets(node, catalog, datasetNamespace);
            if (Compiled(node) is { Length: > 0 } sql && ColumnLineage(sql, dialect, sqlCatalog, datasetNamespace) is { } lineage)
            {
                outputFacets = outputFacets.With(ColumnLineageDatasetFacet.Key, lineage);
            }

            var assertions = hasResult ? Assertions(id, nodes, results) : [];
            if (assertions.Count > 0)
            {
                outputFacets = outputFacets.With(DataQualityAssertionsDatasetFacet.Key, new DataQualityAssertionsDatasetFacet { Assertions = assertions, Producer = Producer });
            }

            var failed = status is "error" or "fail" or "runtime error";
            var output = new OutputDataset(outputId) { Facets = outputFacets };
            if (hasResult && result.TryGetProperty("adapter_response", out var response) && response.TryGetProperty("rows_affected", out var rows) && rows.TryGetInt64(out var count) && count >= 0)
            {
                output = output with { OutputFacets = FacetSet.Empty.With(OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = count, Producer = Producer }) };
            }

            if (hasResult)
            {
                events.Add(new RunEvent { EventType = RunState.Start, EventTime = start, Producer = Producer, Run = new Run(runId), Job = job, Inputs = inputs, Outputs = [new OutputDataset(outputId)] });
            }

            var runFacets = FacetSet.Empty;
            if (failed)
            {
                runFacets = runFacets.With(ErrorMessageRunFacet.Key, new ErrorMessageRunFacet(Text(result, "message") ?? status, "SQL") { Producer = Producer });
            }

            events.Add(new RunEvent
            {
                EventType = failed ? RunState.Fail : RunState.Complete,
                EventTime = end,
                Producer = Producer,
                Run = new Run(runId) { Facets = runFacets },
                Job = job,
                Inputs = inputs,
                Outputs = failed ? [] : [output],
            });
        }

        return [.. events.OrderBy(e => e.EventTime).ThenBy(e => e.EventType == RunState.Start ? 0 : 1)];
    }

    /// <summary>
    /// Every model, seed and snapshot of a manifest with the job and output dataset <see cref="Import(string, string?, string?, DbtImportOptions?)"/>
    /// names it by, its compiled SQL (null when the manifest was not compiled) and the adapter's dialect: what
    /// <c>tributary impact --dbt</c> compares with the store. In unique-id order.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not a dbt manifest.</exception>
    public static IReadOnlyList<DbtModel> Models(JsonElement manifest, DbtImportOptions? options = null)
    {
        options ??= new DbtImportOptions();
        if (manifest.ValueKind != JsonValueKind.Object || !manifest.TryGetProperty("nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("not a dbt manifest: it has no \"nodes\" object");
        }

        var adapter = Text(manifest.TryGetProperty("metadata", out var m) ? m : default, "adapter_type") ?? "";
        var datasetNamespace = options.DatasetNamespace ?? DefaultNamespace(adapter);
        SqlAnalysisOptions.TryParseDialect(adapter, out var dialect);
        var models = new List<DbtModel>();
        foreach (var node in nodes.EnumerateObject().OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (Runnable.Contains(Text(node.Value, "resource_type") ?? ""))
            {
                models.Add(new DbtModel(node.Name, JobOf(node.Value, options), new DatasetId(datasetNamespace, RelationName(node.Value)), Compiled(node.Value), dialect));
            }
        }

        return models;
    }

    // The OpenLineage dbt integration's job name: database.schema.package.model.
    private static JobId JobOf(JsonElement node, DbtImportOptions options) =>
        new(options.JobNamespace, $"{Text(node, "database")}.{Text(node, "schema")}.{Text(node, "package_name")}.{Text(node, "name")}");

    /// <summary>The dataset namespace the OpenLineage dbt integration uses for an adapter when the profile is not known.</summary>
    public static string DefaultNamespace(string adapter) => adapter switch
    {
        "bigquery" => "bigquery",
        "" => "dbt",
        _ => adapter + "://dbt",
    };

    private static FacetSet JobFacets(JsonElement node, string adapter)
    {
        var facets = FacetSet.Empty.With(JobTypeJobFacet.Key, new JobTypeJobFacet("BATCH", "DBT") { JobType = (Text(node, "resource_type") ?? "model").ToUpperInvariant(), Producer = Producer });
        if (Compiled(node) is { Length: > 0 } sql)
        {
            facets = facets.With(SqlJobFacet.Key, new SqlJobFacet(sql) { Dialect = adapter.Length > 0 ? adapter : null, Producer = Producer });
        }

        if (Text(node, "description") is { Length: > 0 } description)
        {
            facets = facets.With(DocumentationFacet.Key, new DocumentationFacet(description) { Producer = Producer });
        }

        return facets;
    }

    private static FacetSet DatasetFacets(JsonElement node, JsonElement? catalog, string datasetNamespace)
    {
        var facets = FacetSet.Empty.With(DatasourceDatasetFacet.Key, new DatasourceDatasetFacet { Name = datasetNamespace, Uri = datasetNamespace, Producer = Producer });
        var id = Text(node, "unique_id") ?? "";
        var typed = CatalogTypedColumns(catalog, id);
        var columns = typed ?? ManifestColumns(node).Select(c => (c, (string?)null, Description(node, c))).ToList();
        if (columns.Count > 0)
        {
            facets = facets.With(SchemaDatasetFacet.Key, new SchemaDatasetFacet
            {
                Fields = [.. columns.Select(c => new SchemaField(c.Item1, c.Item2, c.Item3 is { Length: > 0 } d ? d : Description(node, c.Item1)))],
                Producer = Producer,
            });
        }

        if (Text(node, "description") is { Length: > 0 } description)
        {
            facets = facets.With(DocumentationFacet.Key, new DocumentationFacet(description) { Producer = Producer });
        }

        return facets;
    }

    private static string? Description(JsonElement node, string column) =>
        node.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Object && columns.TryGetProperty(column, out var c) ? Text(c, "description") is { Length: > 0 } d ? d : null : null;

    // A model's compiled SELECT has no target table: its output columns are the model's.
    private static ColumnLineageDatasetFacet? ColumnLineage(string sql, SqlDialect dialect, SqlCatalog catalog, string datasetNamespace)
    {
        var result = SqlLineage.Analyze(sql, new SqlAnalysisOptions { Dialect = dialect, Catalog = catalog });
        var columns = result.Columns.Where(c => c.Target.Table is null).ToList();
        if (result.HasErrors || columns.Count == 0)
        {
            return null;
        }

        InputField Field(SqlColumnRef column, IEnumerable<Transformation> transformations) =>
            new(datasetNamespace, column.Table ?? "", column.Column) { Transformations = [.. transformations] };

        var fields = columns.GroupBy(c => c.Target.Column, StringComparer.Ordinal).Select(g => new ColumnLineageField(
            g.Key,
            [.. g.SelectMany(c => c.Sources.Select(s => (s.Column, T: new Transformation("DIRECT", SqlLineageResult.Subtype(s.Kind), null, s.Masking ? true : null)))
                .Concat(c.IndirectSources.Select(s => (s.Column, T: new Transformation("INDIRECT", SqlLineageResult.Subtype(s.Kind))))))
                .Where(s => s.Column.Table is not null)
                .GroupBy(s => s.Column)
                .Select(s => Field(s.Key, s.Select(x => x.T)))])).ToList();
        var dataset = result.Indirect.Where(i => i.Column.Table is not null).GroupBy(i => i.Column)
            .Select(g => Field(g.Key, g.Select(i => new Transformation("INDIRECT", SqlLineageResult.Subtype(i.Kind))))).ToList();
        return new ColumnLineageDatasetFacet { Fields = fields, Dataset = dataset, Producer = Producer };
    }

    private static List<Assertion> Assertions(string modelId, JsonElement nodes, Dictionary<string, JsonElement> results)
    {
        var assertions = new List<Assertion>();
        foreach (var node in nodes.EnumerateObject())
        {
            if (Text(node.Value, "resource_type") != "test" || !results.TryGetValue(node.Name, out var result) || !DependsOn(node.Value).Contains(modelId))
            {
                continue;
            }

            var name = Text(node.Value, "test_metadata", "name") ?? Text(node.Value, "name") ?? node.Name;
            var column = Text(node.Value, "column_name") ?? Text(node.Value, "test_metadata", "kwargs", "column_name");
            var status = Text(result, "status");
            assertions.Add(new Assertion(name, status is "pass" or "success", column));
        }

        return [.. assertions.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Column, StringComparer.Ordinal)];
    }

    private static (DateTimeOffset Start, DateTimeOffset End) Timing(JsonElement result, DateTimeOffset fallback)
    {
        DateTimeOffset? start = null, end = null;
        if (result.TryGetProperty("timing", out var timing) && timing.ValueKind == JsonValueKind.Array)
        {
            foreach (var step in timing.EnumerateArray())
            {
                start ??= Time(Text(step, "started_at"));
                end = Time(Text(step, "completed_at")) ?? end;
            }
        }

        var s = start ?? fallback;
        var seconds = result.TryGetProperty("execution_time", out var t) && t.TryGetDouble(out var d) ? d : 0;
        return (s, end ?? s.AddSeconds(seconds));
    }

    private static string? Compiled(JsonElement node) => Text(node, "compiled_code") ?? Text(node, "compiled_sql");

    private static IEnumerable<string> DependsOn(JsonElement node) =>
        node.TryGetProperty("depends_on", out var d) && d.TryGetProperty("nodes", out var n) && n.ValueKind == JsonValueKind.Array
            ? n.EnumerateArray().Select(e => e.GetString()).OfType<string>()
            : [];

    /// <summary>database.schema.identifier: the relation a node (alias or name) or a source (identifier) is materialised as.</summary>
    private static string RelationName(JsonElement node)
    {
        var table = Text(node, "identifier") ?? Text(node, "alias") ?? Text(node, "name") ?? "";
        return string.Join('.', new[] { Text(node, "database"), Text(node, "schema"), table }.Where(p => !string.IsNullOrEmpty(p)));
    }

    private static List<string> ManifestColumns(JsonElement node) =>
        node.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Object ? [.. columns.EnumerateObject().Select(c => Text(c.Value, "name") ?? c.Name)] : [];

    private static List<string>? CatalogColumns(JsonElement? catalog, string id) => CatalogTypedColumns(catalog, id)?.Select(c => c.Name).ToList();

    private static List<(string Name, string? Type, string? Description)>? CatalogTypedColumns(JsonElement? catalog, string id)
    {
        if (catalog is not { ValueKind: JsonValueKind.Object } c)
        {
            return null;
        }

        foreach (var section in new[] { "nodes", "sources" })
        {
            if (c.TryGetProperty(section, out var entries) && entries.ValueKind == JsonValueKind.Object && entries.TryGetProperty(id, out var entry)
                && entry.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Object)
            {
                return [.. columns.EnumerateObject()
                    .OrderBy(p => p.Value.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : int.MaxValue)
                    .Select(p => (Text(p.Value, "name") ?? p.Name, Text(p.Value, "type"), Text(p.Value, "comment")))];
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static Guid DeterministicGuid(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        var bytes = hash[..16].ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x80); // version 8 (custom), little-endian field layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes);
    }

    private static JsonDocument Parse(string path, string what)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not a dbt {what} file: {e.Message}", e);
        }
    }
}

/// <summary>Namespaces of the events <see cref="DbtImporter"/> makes.</summary>
public sealed record DbtImportOptions
{
    /// <summary>The job namespace; default <c>dbt</c>.</summary>
    public string JobNamespace { get; init; } = "dbt";

    /// <summary>The namespace of the warehouse's datasets, for example <c>postgres://db.example:5432</c>; default derived from the adapter (<c>bigquery</c>, <c>postgres://dbt</c>, ...).</summary>
    public string? DatasetNamespace { get; init; }
}
