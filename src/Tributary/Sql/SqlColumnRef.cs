namespace Tributary.Sql;

/// <summary>A column of a table, or an output column of a bare SELECT (no table).</summary>
/// <param name="Table">The table as written in the SQL without quotes (default schema applied), or null for a bare SELECT's output.</param>
/// <param name="Column">The column name.</param>
public sealed record SqlColumnRef(string? Table, string Column)
{
    /// <summary>Returns <c>table.column</c>; a column name containing a dot is double-quoted.</summary>
    public override string ToString()
    {
        var column = Column.Contains('.', StringComparison.Ordinal) ? "\"" + Column + "\"" : Column;
        return Table is null ? column : Table + "." + column;
    }
}

/// <summary>A source column of a target column, with how its value reaches the target.</summary>
/// <param name="Column">The source column.</param>
/// <param name="Kind">Identity, transformation or aggregation (the strongest over all paths).</param>
/// <param name="Masking">True when every path goes through a hashing or masking function.</param>
/// <param name="Guessed">
/// True when the edge rests on a guess: an unqualified column credited to one of several tables that may have it
/// (no catalog to decide), or a column the catalog does not list; <see cref="SqlLineageResult.Diagnostics"/> says which.
/// </param>
public sealed record SqlColumnSource(SqlColumnRef Column, SqlLineageKind Kind, bool Masking, bool Guessed = false);

/// <summary>A column used without its value flowing: as a join key, filter, grouping, sort, window key or condition.</summary>
/// <param name="Column">The source column.</param>
/// <param name="Kind">How it is used.</param>
public sealed record SqlIndirectSource(SqlColumnRef Column, SqlIndirectKind Kind);

/// <summary>The lineage of one target column.</summary>
/// <param name="Target">The target column.</param>
/// <param name="Sources">Its direct sources, sorted.</param>
/// <param name="IndirectSources">Columns it depends on as a CASE/IF condition or a window partition/order key, sorted.</param>
public sealed record SqlColumnLineage(SqlColumnRef Target, IReadOnlyList<SqlColumnSource> Sources, IReadOnlyList<SqlIndirectSource> IndirectSources)
{
    /// <summary>The strongest kind over the sources (identity when there are none).</summary>
    public SqlLineageKind Kind => Sources.Count == 0 ? SqlLineageKind.Identity : Sources.Max(s => s.Kind);

    /// <summary>True when every source reaches the target through a masking function.</summary>
    public bool Masking => Sources.Count > 0 && Sources.All(s => s.Masking);
}

/// <summary>One row of the flat form of column lineage: a source, a target, and the OpenLineage transformation between them.</summary>
/// <param name="Source">The source column.</param>
/// <param name="TargetTable">The target table, or null for a bare SELECT.</param>
/// <param name="TargetColumn">The target column, or null for a dataset-level (INDIRECT) edge that affects the whole table.</param>
/// <param name="Type">DIRECT or INDIRECT.</param>
/// <param name="Subtype">IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, FILTER, GROUP_BY, SORT, WINDOW or CONDITIONAL.</param>
/// <param name="Masking">True when the value is masked (a hash) on the way.</param>
public sealed record SqlLineageEdge(SqlColumnRef Source, string? TargetTable, string? TargetColumn, string Type, string Subtype, bool Masking);

/// <summary>What one statement of a script reads and writes.</summary>
/// <param name="Line">The 1-based line the statement starts on.</param>
/// <param name="Column">The 1-based column the statement starts at.</param>
/// <param name="Kind">The statement kind: SELECT, INSERT, CREATE TABLE, MERGE, …</param>
/// <param name="Inputs">The tables it reads.</param>
/// <param name="Outputs">The tables it writes.</param>
/// <param name="Columns">Its column lineage.</param>
/// <param name="Indirect">Its dataset-level indirect uses.</param>
public sealed record SqlStatementLineage(
    int Line,
    int Column,
    string Kind,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyList<SqlColumnLineage> Columns,
    IReadOnlyList<SqlIndirectSource> Indirect);
