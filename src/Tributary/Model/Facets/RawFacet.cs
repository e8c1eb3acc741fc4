using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>A facet Tributary has no type for (custom or integration-specific); its JSON is kept and written back unchanged.</summary>
public sealed record RawFacet : Facet
{
    // Boxed, so a reader racing the first parse sees either nothing or a whole element.
    private object? _json;

    /// <summary>Wraps the facet's JSON object.</summary>
    public RawFacet(JsonElement json)
    {
        _json = json;
        SourceElement = json;
    }

    // A facet read in one pass keeps its bytes, a slice of the event's own copy, and parses them only when asked:
    // nearly every raw facet is only ever written back, which copies the bytes.
    internal RawFacet(ReadOnlyMemory<byte> utf8) => SourceUtf8 = utf8;

    // A copy made with `with` forgets the source (see Facet), so it keeps the parsed JSON instead.
    private RawFacet(RawFacet original)
        : base(original) => _json = original.Json;

    /// <summary>The facet exactly as received.</summary>
    public JsonElement Json => (JsonElement)(_json ??= JsonElement.Parse(SourceUtf8.Span));

    /// <summary>
    /// A facet of Tributary's own: <c>_producer</c> and <c>_schemaURL</c>, then the properties
    /// <paramref name="writeProperties"/> writes, kept as a raw facet the event writer writes back unchanged.
    /// </summary>
    public static RawFacet Create(string producer, string schemaUrl, Action<Utf8JsonWriter> writeProperties)
    {
        ArgumentNullException.ThrowIfNull(writeProperties);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("_producer", producer);
            w.WriteString("_schemaURL", schemaUrl);
            writeProperties(w);
            w.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return new RawFacet(document.RootElement.Clone()) { Producer = producer, SchemaUrl = schemaUrl };
    }
}
