using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>What the graph knows about a field (column).</summary>
/// <param name="Id">The field.</param>
public sealed record FieldInfo(FieldId Id)
{
    /// <summary>The field's node id.</summary>
    public NodeId Node => NodeId.From(Id);

    /// <summary>The type from the latest schema, or null.</summary>
    public string? Type { get; init; }

    /// <summary>The description from the dataset's current schema, or null.</summary>
    public string? Description { get; init; }

    /// <summary>Tags given to this field by its dataset's <c>tags</c> facet (<c>Tag.Field</c>).</summary>
    public IReadOnlyList<Tag> Tags { get; init; } = [];
}
