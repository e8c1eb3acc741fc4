using System.Text.Json;
using Tributary.Sql;

namespace Tributary.Tools.Sql;

/// <summary>One case of a SQL → lineage case file (the <c>sql-cases</c> format): SQL, options, expected lineage, checks and tags.</summary>
public sealed record SqlCase
{
    /// <summary>The case id.</summary>
    public required string Id { get; init; }

    /// <summary>The dialect name as written in the file (for example <c>tsql</c>).</summary>
    public required string Dialect { get; init; }

    /// <summary>The SQL text.</summary>
    public required string Sql { get; init; }

    /// <summary>The default schema, or null.</summary>
    public string? DefaultSchema { get; init; }

    /// <summary>The catalog the extractor may use, or null.</summary>
    public SqlCatalog? Catalog { get; init; }

    /// <summary>How several statements combine; union unless the case says script.</summary>
    public SqlSemantics Semantics { get; init; }

    /// <summary>True when union semantics should run column edges end to end (<c>end_to_end_columns</c>, Tributary's own cases).</summary>
    public bool EndToEndColumns { get; init; }

    /// <summary>True when names compare case-sensitively.</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>Expected input tables.</summary>
    public IReadOnlyList<string> ExpectedInputs { get; init; } = [];

    /// <summary>Expected output tables.</summary>
    public IReadOnlyList<string> ExpectedOutputs { get; init; } = [];

    /// <summary>Expected intermediate tables, or null when the case does not say.</summary>
    public IReadOnlyList<string>? ExpectedIntermediate { get; init; }

    /// <summary>Expected column lineage (target, sources, kind), or null when the case has none.</summary>
    public IReadOnlyList<SqlCaseColumn>? ExpectedColumns { get; init; }

    /// <summary>Expected dataset-level indirect uses (source, kind), or null when the case has none.</summary>
    public IReadOnlyList<(string Source, string Kind)>? ExpectedIndirect { get; init; }

    /// <summary>What the case checks: <c>tables</c>, <c>columns</c>, <c>indirect</c>.</summary>
    public IReadOnlyList<string> Checks { get; init; } = [];

    /// <summary>The case's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The options to analyse this case with.</summary>
    public SqlAnalysisOptions ToOptions()
    {
        SqlAnalysisOptions.TryParseDialect(Dialect, out var dialect);
        return new SqlAnalysisOptions { Dialect = dialect, Catalog = Catalog, DefaultSchema = DefaultSchema, Semantics = Semantics, CaseSensitive = CaseSensitive, EndToEndColumns = EndToEndColumns };
    }

    /// <summary>Returns the id, so test runners show it.</summary>
    public override string ToString() => Id;

    /// <summary>Reads every case of a case file's JSON (an array of cases).</summary>
    /// <exception cref="FormatException">The JSON is not an array of cases.</exception>
    public static IReadOnlyList<SqlCase> ParseAll(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A SQL case file must be a JSON array of cases.");
        }

        return [.. document.RootElement.EnumerateArray().Select(Parse)];
    }

    /// <summary>Reads every case of a case file.</summary>
    public static IReadOnlyList<SqlCase> Load(string path) => ParseAll(File.ReadAllText(path));

    private static SqlCase Parse(JsonElement e)
    {
        var expected = e.GetProperty("expected");
        return new SqlCase
        {
            Id = e.GetProperty("id").GetString() ?? "",
            Dialect = e.TryGetProperty("dialect", out var d) ? d.GetString() ?? "ansi" : "ansi",
            Sql = e.GetProperty("sql").GetString() ?? "",
            DefaultSchema = e.TryGetProperty("default_schema", out var ds) && ds.ValueKind == JsonValueKind.String ? ds.GetString() : null,
            Catalog = e.TryGetProperty("catalog", out var c) && c.ValueKind == JsonValueKind.Object ? SqlCatalog.FromJson(c) : null,
            Semantics = e.TryGetProperty("semantics", out var s) && string.Equals(s.GetString(), "script", StringComparison.OrdinalIgnoreCase) ? SqlSemantics.Script : SqlSemantics.Union,
            CaseSensitive = e.TryGetProperty("case_sensitive", out var cs) && cs.ValueKind == JsonValueKind.True,
            EndToEndColumns = e.TryGetProperty("end_to_end_columns", out var ee) && ee.ValueKind == JsonValueKind.True,
            ExpectedInputs = Strings(expected, "inputs") ?? [],
            ExpectedOutputs = Strings(expected, "outputs") ?? [],
            ExpectedIntermediate = Strings(expected, "intermediate"),
            ExpectedColumns = expected.TryGetProperty("columns", out var cols) && cols.ValueKind == JsonValueKind.Array
                ? [.. cols.EnumerateArray().Select(col => new SqlCaseColumn(
                    col.GetProperty("target").GetString() ?? "",
                    Strings(col, "sources") ?? [],
                    col.TryGetProperty("kind", out var k) ? k.GetString() ?? "identity" : "identity",
                    Strings(col, "indirect_sources")))]
                : null,
            ExpectedIndirect = expected.TryGetProperty("indirect", out var ind) && ind.ValueKind == JsonValueKind.Array
                ? [.. ind.EnumerateArray().Select(i => (i.GetProperty("source").GetString() ?? "", i.GetProperty("kind").GetString() ?? ""))]
                : null,
            Checks = Strings(e, "checks") ?? ["tables"],
            Tags = Strings(e, "tags") ?? [],
        };
    }

    private static List<string>? Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray().Select(x => x.GetString() ?? "")] : null;
}

/// <summary>An expected target column of a case.</summary>
/// <param name="Target">The target column, <c>table.column</c> (or just the column for a bare SELECT).</param>
/// <param name="Sources">The source columns.</param>
/// <param name="Kind">identity, transformation or aggregation.</param>
/// <param name="IndirectSources">Sources used only as a condition or window key, or null.</param>
public sealed record SqlCaseColumn(string Target, IReadOnlyList<string> Sources, string Kind, IReadOnlyList<string>? IndirectSources);
