using Tributary.Sql;

namespace Tributary.Tracking;

/// <summary>How <see cref="TrackedDbConnection"/> turns executed SQL into runs.</summary>
public sealed record SqlCaptureOptions
{
    /// <summary>
    /// The namespace of the tables the SQL names, for example <c>postgres://db.example:5432</c>. Default: the
    /// provider's scheme and the connection's data source (<c>sqlite://shop.db</c>, <c>postgres://host</c>, ...).
    /// </summary>
    public string? DatasetNamespace { get; init; }

    /// <summary>The dialect of the SQL. Default: the provider's (SQLite, PostgreSQL, SQL Server, MySQL, Snowflake, ...), else ANSI.</summary>
    public SqlDialect? Dialect { get; init; }

    /// <summary>The schema unqualified table names belong to; default none (names are kept as written).</summary>
    public string? DefaultSchema { get; init; }

    /// <summary>
    /// Tables and columns known before the first command (for <c>*</c> and unqualified columns). The connection adds
    /// every table it sees created (CREATE TABLE with columns, CREATE TABLE AS SELECT) to its own copy.
    /// </summary>
    public SqlCatalog? Catalog { get; init; }

    /// <summary>
    /// Names the job of a command from its SQL and lineage. Default: the statement kind and the first table written
    /// (or read), for example <c>insert.sales.orders</c> or <c>select.sales.orders</c>, in the tracker's namespace.
    /// </summary>
    public Func<string, SqlLineageResult, string>? JobName { get; init; }

    /// <summary>True to track statements that neither read nor write a table (<c>SELECT 1</c>, <c>PRAGMA</c>, <c>BEGIN</c>); default false.</summary>
    public bool TrackStatementsWithoutTables { get; init; }

    /// <summary>True to track plain reads (a SELECT that writes nothing); default true.</summary>
    public bool TrackReads { get; init; } = true;
}
