using System.Text.Json;

namespace Tributary.Model.Facets;

/// <summary>
/// Tributary's custom dataset or job facet <c>tributary_incidentResolution</c>: someone resolved an incident by hand.
/// It travels in a <see cref="DatasetEvent"/> or <see cref="JobEvent"/> through the ingest door like any event, so the
/// resolution is durable, replayed with the store and the same whatever order events arrive in.
/// </summary>
/// <param name="Incident">The incident resolved, as its id's text (<c>inc-…</c>).</param>
/// <param name="ResolvedBy">Who resolved it, or null.</param>
/// <param name="Note">Why, or null.</param>
public sealed record IncidentResolutionFacet(string Incident, string? ResolvedBy, string? Note) : Facet
{
    /// <summary>The facet key: <c>tributary_incidentResolution</c>.</summary>
    public const string Key = "tributary_incidentResolution";

    /// <summary>The facet's schema URL.</summary>
    public const string Schema = "https://github.com/tributary-lineage/tributary/tree/0.1.0/spec/IncidentResolutionFacet.json";

    /// <summary>Reads the facet from a facet set (kept as a raw facet by the reader), or null when absent or not well formed.</summary>
    public static IncidentResolutionFacet? From(FacetSet facets)
    {
        ArgumentNullException.ThrowIfNull(facets);
        if (facets[Key] is not RawFacet { Json: { ValueKind: JsonValueKind.Object } json } raw || raw.Deleted
            || !json.TryGetProperty("incident", out var incident) || incident.ValueKind != JsonValueKind.String
            || incident.GetString() is not { Length: > 0 } id)
        {
            return null;
        }

        return new IncidentResolutionFacet(id, Text(json, "resolvedBy"), Text(json, "note"));
    }

    /// <summary>The facet as the raw JSON facet the event writer writes back unchanged.</summary>
    public RawFacet ToRawFacet(string producer) => RawFacet.Create(producer, Schema, w =>
    {
        w.WriteString("incident", Incident);
        if (ResolvedBy is not null)
        {
            w.WriteString("resolvedBy", ResolvedBy);
        }

        if (Note is not null)
        {
            w.WriteString("note", Note);
        }
    });

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
