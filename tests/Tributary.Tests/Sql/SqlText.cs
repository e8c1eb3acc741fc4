using Tributary.Sql;

namespace Tributary.Tests.Sql;

/// <summary>Analyses SQL and renders results as short readable lines, so tests read like the lineage they expect.</summary>
internal static class SqlText
{
    public static SqlLineageResult Analyze(string sql, SqlDialect dialect = SqlDialect.Ansi, SqlCatalog? catalog = null, SqlSemantics semantics = SqlSemantics.Union, string? defaultSchema = null) =>
        SqlLineage.Analyze(sql, new SqlAnalysisOptions { Dialect = dialect, Catalog = catalog, Semantics = semantics, DefaultSchema = defaultSchema });

    /// <summary><c>target &lt;- source, source (kind)</c> per target column.</summary>
    public static string[] Columns(SqlLineageResult result) =>
        [.. result.Columns.Select(c => $"{c.Target} <- {string.Join(", ", c.Sources.Select(s => s.Column + (s.Masking ? " [masked]" : "")))} ({c.Kind.ToString().ToLowerInvariant()})")];

    /// <summary><c>source kind</c> per dataset-level indirect use.</summary>
    public static string[] Indirect(SqlLineageResult result) =>
        [.. result.Indirect.Select(i => $"{i.Column} {(i.Kind == SqlIndirectKind.GroupBy ? "group_by" : i.Kind.ToString().ToLowerInvariant())}")];

    /// <summary>Inputs and outputs as <c>in: a, b | out: c</c>.</summary>
    public static string Tables(SqlLineageResult result) => $"in: {string.Join(", ", result.Inputs)} | out: {string.Join(", ", result.Outputs)}";

    public static SqlCatalog Catalog(params (string Table, string Columns)[] tables)
    {
        var catalog = new SqlCatalog();
        foreach (var (table, columns) in tables)
        {
            catalog.Add(table, columns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return catalog;
    }
}
