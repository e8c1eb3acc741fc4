namespace Tributary.Model.Facets;

/// <summary>The <c>tags</c> facet of a dataset, job or run: key/value labels such as <c>pii=true</c>.</summary>
public sealed record TagsFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>tags</c>.</summary>
    public const string Key = "tags";

    /// <summary>The tags.</summary>
    public IReadOnlyList<Tag> Tags { get; init; } = [];
}

/// <summary>One tag.</summary>
/// <param name="Key">What the tag is, for example <c>pii</c>.</param>
/// <param name="Value">Its value, for example <c>true</c>.</param>
/// <param name="Source">Who set it (<c>USER</c>, <c>DBT CORE</c>, ...), or null.</param>
/// <param name="Field">For a dataset tag, the field it applies to; null for the whole dataset.</param>
public sealed record Tag(string Key, string Value, string? Source = null, string? Field = null);
