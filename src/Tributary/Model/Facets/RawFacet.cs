using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>A facet Tributary has no type for (custom or integration-specific); its JSON is kept and written back unchanged.</summary>
public sealed record RawFacet : Facet
{
    /// <summary>Wraps the facet's JSON object.</summary>
    public RawFacet(JsonElement json)
    {
        Json = json;
        SourceElement = json;
    }

    /// <summary>The facet exactly as received.</summary>
    public JsonElement Json { get; }

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
