namespace Tributary.Model.Facets;

/// <summary>The <c>dataQualityAssertions</c> facet: tests run on a dataset or its columns and whether they passed.</summary>
public sealed record DataQualityAssertionsDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>dataQualityAssertions</c>.</summary>
    public const string Key = "dataQualityAssertions";

    /// <summary>The assertions and their results.</summary>
    public IReadOnlyList<Assertion> Assertions { get; init; } = [];
}

/// <summary>One data-quality test and its result.</summary>
/// <param name="Name">The kind of test, for example <c>not_null</c> (OpenLineage's <c>assertion</c> property).</param>
/// <param name="Success">True when the test found no issues.</param>
/// <param name="Column">The column tested, or null for the whole dataset.</param>
public sealed record Assertion(string Name, bool Success, string? Column = null)
{
    /// <summary>The configured severity (<c>error</c>, <c>warn</c>), or null.</summary>
    public string? Severity { get; init; }

    /// <summary>A human-readable description of what is checked, or null.</summary>
    public string? Description { get; init; }
}
