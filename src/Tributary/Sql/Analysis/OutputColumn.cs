namespace Tributary.Sql.Analysis;

/// <summary>A named output column of a query with its lineage.</summary>
internal sealed record OutputColumn(string Name, LineageSet Lineage)
{
    /// <summary>True for the column that stands for an unexpanded <c>*</c>.</summary>
    public bool IsStar => Name == "*";
}

/// <summary>What a query produces: its columns, and the relations whose columns pass through an unexpanded <c>*</c>.</summary>
internal sealed class QueryResult
{
    public List<OutputColumn> Columns { get; } = [];

    public List<Relation>? StarSources { get; set; }
}
