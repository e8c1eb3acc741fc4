namespace Tributary.Sql.Parsing;

/// <summary>The lexical and syntactic switches that differ between dialects.</summary>
internal sealed class DialectInfo
{
    public required SqlDialect Dialect { get; init; }

    public bool DoubleQuoteIsIdentifier { get; init; } = true;

    public bool BacktickIsIdentifier { get; init; } = true;

    public bool BracketIsIdentifier { get; init; }

    public bool BackslashEscapes { get; init; }

    public bool HashComments { get; init; }

    public bool DollarQuotes { get; init; }

    public bool NestedComments { get; init; }

    public bool TripleQuotes { get; init; }

    public bool SlashSlashComments { get; init; }

    /// <summary>BigQuery: a quoted table path <c>`a.b.c`</c> is three parts.</summary>
    public bool SplitQuotedPaths { get; init; }

    /// <summary>A select item may refer to an alias defined before it in the same list.</summary>
    public bool LateralColumnAlias { get; init; }

    /// <summary>A <c>:</c> after an expression reads a semi-structured path (Snowflake).</summary>
    public bool ColonPaths { get; init; }

    public bool IsTSql => Dialect == SqlDialect.TSql;

    /// <summary>PostgreSQL and the dialects built on its SQL (Redshift, DuckDB).</summary>
    public bool IsPostgresFamily => Dialect is SqlDialect.PostgreSql or SqlDialect.Redshift or SqlDialect.DuckDb;

    public static DialectInfo For(SqlDialect dialect) => dialect switch
    {
        SqlDialect.PostgreSql or SqlDialect.Redshift or SqlDialect.DuckDb => new() { Dialect = dialect, DollarQuotes = true, NestedComments = true, BacktickIsIdentifier = false },
        SqlDialect.Spark or SqlDialect.Hive or SqlDialect.Databricks => new()
        {
            Dialect = dialect, DoubleQuoteIsIdentifier = false, BackslashEscapes = true, LateralColumnAlias = dialect != SqlDialect.Hive,
        },
        SqlDialect.Snowflake => new() { Dialect = dialect, DollarQuotes = true, SlashSlashComments = true, LateralColumnAlias = true, ColonPaths = true, BackslashEscapes = true },
        SqlDialect.BigQuery => new()
        {
            Dialect = dialect, DoubleQuoteIsIdentifier = false, BackslashEscapes = true, HashComments = true, TripleQuotes = true, SplitQuotedPaths = true,
        },
        SqlDialect.TSql => new() { Dialect = dialect, BracketIsIdentifier = true, BacktickIsIdentifier = false },
        SqlDialect.MySql => new() { Dialect = dialect, DoubleQuoteIsIdentifier = false, BackslashEscapes = true, HashComments = true },
        SqlDialect.Sqlite => new() { Dialect = dialect, BracketIsIdentifier = true },
        SqlDialect.Athena or SqlDialect.Trino => new() { Dialect = dialect },
        SqlDialect.Oracle or SqlDialect.Teradata => new() { Dialect = dialect, BacktickIsIdentifier = false },
        _ => new() { Dialect = dialect },
    };
}
