namespace Tributary.Model.Facets;

/// <summary>The <c>sql</c> job facet: the SQL the job runs.</summary>
/// <param name="Query">The SQL text.</param>
public sealed record SqlJobFacet(string Query) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>sql</c>.</summary>
    public const string Key = "sql";

    /// <summary>The SQL dialect (<c>postgres</c>, <c>spark</c>, ...), or null when unknown.</summary>
    public string? Dialect { get; init; }
}
