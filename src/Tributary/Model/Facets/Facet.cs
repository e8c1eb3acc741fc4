using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>
/// The base of every facet: a named piece of metadata attached to a run, job or dataset. Typed subclasses exist
/// for the standard facets Tributary reads; everything else is a <see cref="RawFacet"/> kept exactly as received.
/// </summary>
public abstract record Facet
{
    /// <summary>Creates a facet with no producer or schema URL (the writer fills in Tributary's when absent).</summary>
    protected Facet()
    {
    }

    /// <summary>Copies a facet for a <c>with</c> expression. The copy is a new value, so it forgets the JSON it was read from.</summary>
    protected Facet(Facet original)
    {
        ArgumentNullException.ThrowIfNull(original);
        Producer = original.Producer;
        SchemaUrl = original.SchemaUrl;
        Deleted = original.Deleted;
    }

    /// <summary>The <c>_producer</c> URI: who produced this facet. Null when a lenient reader accepted it missing.</summary>
    public string? Producer { get; init; }

    /// <summary>The <c>_schemaURL</c> of the facet's JSON schema. Null when a lenient reader accepted it missing.</summary>
    public string? SchemaUrl { get; init; }

    /// <summary>True for <c>"_deleted": true</c>: the producer asks consumers to remove this facet.</summary>
    public bool Deleted { get; init; }

    /// <summary>
    /// The exact JSON this facet was read from, written back unchanged (with properties Tributary does not model)
    /// as long as the facet is not modified. Null for facets built in code and for copies made with <c>with</c>. A typed
    /// facet keeps its source as bytes, so each call reads them into a new element.
    /// </summary>
    public JsonElement? Source => SourceElement ?? (SourceUtf8.IsEmpty ? null : JsonDocument.Parse(SourceUtf8).RootElement);

    /// <summary>
    /// The source as a parsed element, for a facet whose JSON the model keeps anyway (a <see cref="RawFacet"/>).
    /// </summary>
    internal JsonElement? SourceElement { get; init; }

    /// <summary>
    /// The source as its UTF-8 bytes, for a typed facet: a slice of the event's own copy of its JSON, so the event does
    /// not keep the parsed document (and its rented metadata) alive just to write the facet back.
    /// </summary>
    internal ReadOnlyMemory<byte> SourceUtf8 { get; init; }
}
