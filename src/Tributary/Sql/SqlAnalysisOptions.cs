namespace Tributary.Sql;

/// <summary>What <see cref="SqlLineage.Analyze(string, SqlAnalysisOptions?)"/> needs to know besides the SQL text.</summary>
public sealed record SqlAnalysisOptions
{
    /// <summary>The dialect of the text; defaults to <see cref="SqlDialect.Ansi"/>.</summary>
    public SqlDialect Dialect { get; init; } = SqlDialect.Ansi;

    /// <summary>Known tables and their columns, used to expand <c>*</c> and to place unqualified columns; defaults to none.</summary>
    public SqlCatalog? Catalog { get; init; }

    /// <summary>The schema unqualified table names belong to (also set by <c>USE</c>); defaults to none.</summary>
    public string? DefaultSchema { get; init; }

    /// <summary>How several statements combine; defaults to <see cref="SqlSemantics.Union"/>.</summary>
    public SqlSemantics Semantics { get; init; } = SqlSemantics.Union;

    /// <summary>
    /// With <see cref="SqlSemantics.Union"/>: column edges run end to end through tables and views written earlier in the
    /// same script, as sqllineage's column paths do (<c>CREATE VIEW v AS SELECT x FROM a; INSERT INTO t SELECT x FROM v</c>
    /// gives <c>t.x ← a.x</c>), while the tables stay each statement's own (<c>v</c> is still an output and an input).
    /// Defaults to false: each statement's edges as written (<c>t.x ← v.x</c>). <see cref="SqlSemantics.Script"/> always
    /// runs column edges end to end.
    /// </summary>
    public bool EndToEndColumns { get; init; }

    /// <summary>True to compare identifiers case-sensitively; defaults to false (case-insensitive).</summary>
    public bool CaseSensitive { get; init; }

    /// <summary>
    /// The deepest nesting of expressions and subqueries accepted before a statement is rejected with a diagnostic
    /// saying so; defaults to 2,000. Chains that do not nest (CTEs reading the CTE before them, long joins, long
    /// operator chains) have no such limit. A statement deeper than the caller's stack allows is analysed on a thread
    /// with a larger stack, so the limit is this number and not the stack.
    /// </summary>
    public int MaxDepth { get; init; } = 2000;

    /// <summary>
    /// The most time one call of <see cref="SqlLineage.Analyze(string, SqlAnalysisOptions?)"/> may take; past it the analysis
    /// stops with an error diagnostic and <see cref="SqlLineageResult.StoppedByBudget"/> set, and returns no lineage. Null
    /// (the default): no limit.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// The longest SQL text (in characters) analysed; a longer one gets an error diagnostic,
    /// <see cref="SqlLineageResult.StoppedByBudget"/> and no lineage, without being read. Default: no limit.
    /// </summary>
    public int MaxLength { get; init; } = int.MaxValue;

    /// <summary>The dialect names <see cref="TryParseDialect"/> accepts, one per dialect, for help texts and error messages.</summary>
    public const string DialectNames = "ansi, postgres, redshift, duckdb, spark, hive, databricks, snowflake, bigquery, tsql, mysql, sqlite, athena, trino, oracle, teradata";

    /// <summary>Parses a dialect name such as <c>postgres</c>, <c>tsql</c>, <c>bigquery</c> or <c>spark</c>; unknown names give false.</summary>
    public static bool TryParseDialect(string? name, out SqlDialect dialect)
    {
        switch ((name ?? "").Trim().ToLowerInvariant())
        {
            case "" or "ansi" or "generic" or "sql" or "standard": dialect = SqlDialect.Ansi; return true;
            case "postgres" or "postgresql" or "pg" or "greenplum": dialect = SqlDialect.PostgreSql; return true;
            case "redshift": dialect = SqlDialect.Redshift; return true;
            case "duckdb": dialect = SqlDialect.DuckDb; return true;
            case "oracle" or "plsql": dialect = SqlDialect.Oracle; return true;
            case "teradata": dialect = SqlDialect.Teradata; return true;
            case "trino" or "presto": dialect = SqlDialect.Trino; return true;
            case "spark" or "spark2" or "sparksql" or "spark-sql": dialect = SqlDialect.Spark; return true;
            case "hive" or "hiveql": dialect = SqlDialect.Hive; return true;
            case "databricks": dialect = SqlDialect.Databricks; return true;
            case "snowflake": dialect = SqlDialect.Snowflake; return true;
            case "bigquery" or "bq": dialect = SqlDialect.BigQuery; return true;
            case "tsql" or "t-sql" or "mssql" or "sqlserver" or "sql-server" or "azuresql" or "synapse" or "fabric": dialect = SqlDialect.TSql; return true;
            case "mysql" or "mariadb": dialect = SqlDialect.MySql; return true;
            case "sqlite" or "sqlite3": dialect = SqlDialect.Sqlite; return true;
            case "athena": dialect = SqlDialect.Athena; return true;
            default: dialect = SqlDialect.Ansi; return false;
        }
    }
}
