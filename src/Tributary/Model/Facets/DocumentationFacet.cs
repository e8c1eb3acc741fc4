namespace Tributary.Model.Facets;

/// <summary>The <c>documentation</c> facet of a dataset or job: what it is and why it exists.</summary>
/// <param name="Description">The description, in plain text or Markdown.</param>
public sealed record DocumentationFacet(string Description) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>documentation</c>.</summary>
    public const string Key = "documentation";

    /// <summary>The MIME type of the description (for example <c>text/markdown</c>), or null.</summary>
    public string? ContentType { get; init; }
}
