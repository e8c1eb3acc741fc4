using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>
/// Tributary's custom dataset facet <c>tributary_tagDefinition</c>: a tag defined with a description (Marquez's
/// <c>PUT /api/v1/tags/{tag}</c>), before or apart from any dataset, field or job carrying it. It travels in a
/// <see cref="DatasetEvent"/> of the reserved dataset <see cref="Definitions"/> through the ingest door like any
/// event, so a definition is durable and replayed; the graph keeps it as a definition, not as a dataset.
/// </summary>
/// <param name="Name">The tag's name as Marquez shows it (<c>PII</c>, or <c>key=value</c>).</param>
/// <param name="Description">What the tag means, or null.</param>
public sealed record TagDefinitionFacet(string Name, string? Description) : Facet
{
    /// <summary>The facet key: <c>tributary_tagDefinition</c>.</summary>
    public const string Key = "tributary_tagDefinition";

    /// <summary>The facet's schema URL.</summary>
    public const string Schema = "https://github.com/tributary-lineage/tributary/tree/0.1.0/spec/TagDefinitionFacet.json";

    /// <summary>The dataset a definition's event names (tags belong to no dataset); never shown as a dataset.</summary>
    public static DatasetId Definitions { get; } = new("tributary", "tag-definitions");

    /// <summary>The event that defines (or redefines) a tag as of <paramref name="at"/>.</summary>
    public static DatasetEvent Event(string name, string? description, string producer, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var facet = new TagDefinitionFacet(name, description).ToRawFacet(producer);
        return new DatasetEvent
        {
            EventTime = at,
            Producer = producer,
            Dataset = new Dataset(Definitions) { Facets = new FacetSet([new(Key, facet)]) },
        };
    }

    /// <summary>Reads the facet from a facet set (kept as a raw facet by the reader), or null when absent or not well formed.</summary>
    public static TagDefinitionFacet? From(FacetSet facets)
    {
        ArgumentNullException.ThrowIfNull(facets);
        if (facets[Key] is not RawFacet { Json: { ValueKind: JsonValueKind.Object } json } raw || raw.Deleted
            || !json.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
            || name.GetString() is not { Length: > 0 } text)
        {
            return null;
        }

        var description = json.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return new TagDefinitionFacet(text, description);
    }

    /// <summary>The facet as the raw JSON facet the event writer writes back unchanged.</summary>
    public RawFacet ToRawFacet(string producer) => RawFacet.Create(producer, Schema, w =>
    {
        w.WriteString("name", Name);
        if (Description is not null)
        {
            w.WriteString("description", Description);
        }
    });
}
