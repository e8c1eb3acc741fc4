using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>A facet Tributary has no type for (custom or integration-specific); its JSON is kept and written back unchanged.</summary>
public sealed record RawFacet : Facet
{
    /// <summary>Wraps the facet's JSON object.</summary>
    public RawFacet(JsonElement json)
    {
        Json = json;
        Source = json;
    }

    /// <summary>The facet exactly as received.</summary>
    public JsonElement Json { get; }
}
