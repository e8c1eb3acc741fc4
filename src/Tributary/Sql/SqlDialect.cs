namespace Tributary.Sql;

/// <summary>The SQL dialect a text is written in; it decides identifier quoting, case folding and dialect-only clauses.</summary>
public enum SqlDialect
{
    /// <summary>Standard SQL: double-quoted identifiers, single-quoted strings.</summary>
    Ansi,

    /// <summary>PostgreSQL (also Redshift-style SQL): dollar-quoted strings, <c>::</c> casts, JSON operators.</summary>
    PostgreSql,

    /// <summary>Apache Spark SQL: backtick identifiers, LATERAL VIEW, INSERT OVERWRITE.</summary>
    Spark,

    /// <summary>Apache Hive: as Spark.</summary>
    Hive,

    /// <summary>Databricks SQL: as Spark, plus lateral column aliases.</summary>
    Databricks,

    /// <summary>Snowflake: QUALIFY, FLATTEN, <c>:</c> paths, lateral column aliases, <c>$$</c> strings.</summary>
    Snowflake,

    /// <summary>Google BigQuery: backtick-quoted dotted paths (<c>`project.dataset.table`</c>), UNNEST, <c>* EXCEPT</c>.</summary>
    BigQuery,

    /// <summary>Microsoft SQL Server T-SQL: bracket identifiers, <c>#temp</c> tables, SELECT INTO, <c>GO</c> batches.</summary>
    TSql,

    /// <summary>MySQL and MariaDB: backtick identifiers, double-quoted strings, <c>#</c> comments.</summary>
    MySql,

    /// <summary>SQLite: any of the identifier quotes.</summary>
    Sqlite,

    /// <summary>Amazon Athena: double-quoted identifiers, UNNEST (Trino's SQL).</summary>
    Athena,

    /// <summary>Amazon Redshift: PostgreSQL's SQL plus UNLOAD, COPY … IAM_ROLE, stored procedures in plpgsql.</summary>
    Redshift,

    /// <summary>Oracle: PL/SQL blocks and procedures, MERGE, <c>/*+ hints */</c>, <c>@dblink</c> names.</summary>
    Oracle,

    /// <summary>Teradata: <c>SEL</c>, <c>(TITLE '…')</c> and <c>(FORMAT '…')</c> attributes, QUALIFY, <c>DATABASE db</c>, volatile tables.</summary>
    Teradata,

    /// <summary>DuckDB: PostgreSQL-style SQL, file sources (<c>'data/*.parquet'</c>, <c>read_parquet(…)</c>), <c>COPY … TO</c>.</summary>
    DuckDb,

    /// <summary>Trino and Presto: double-quoted identifiers, <c>catalog.schema.table</c>, UNNEST, <c>USE catalog.schema</c>.</summary>
    Trino,
}
