using Tributary.Model.Facets;

namespace Tributary.Graph;

internal sealed partial class GraphProjection
{
    private static IncidentResolutionFacet? IncidentResolutionFacet(FacetSet facets) => Model.Facets.IncidentResolutionFacet.From(facets);

    // The same resolution event applied twice (replayed, or sent again) is kept once.
    private void ApplyResolution(IncidentResolutionFacet facet, Stamp stamp)
    {
        foreach (var known in store.Resolutions)
        {
            if (known.At == stamp && string.Equals(known.Incident, facet.Incident, StringComparison.Ordinal))
            {
                return;
            }
        }

        store.Resolutions.Add(new ResolutionRecord(facet.Incident, stamp, facet.ResolvedBy, facet.Note));
    }
}
