namespace Tributary.Model.Facets;

/// <summary>The <c>schema</c> dataset facet: the dataset's fields (columns), possibly nested.</summary>
public sealed record SchemaDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>schema</c>.</summary>
    public const string Key = "schema";

    /// <summary>The fields in schema order.</summary>
    public IReadOnlyList<SchemaField> Fields { get; init; } = [];
}

/// <summary>One field of a <see cref="SchemaDatasetFacet"/>.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Type">The field type as the producer wrote it (<c>VARCHAR</c>, <c>long</c>, ...), or null.</param>
/// <param name="Description">A description of the field, or null.</param>
public sealed record SchemaField(string Name, string? Type = null, string? Description = null)
{
    /// <summary>The 1-based ordinal position, when the producer gives one.</summary>
    public long? OrdinalPosition { get; init; }

    /// <summary>Nested fields of a struct-typed field; empty otherwise.</summary>
    public IReadOnlyList<SchemaField> Fields { get; init; } = [];
}
