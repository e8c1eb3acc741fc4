using Tributary.Model.Facets;

namespace Tributary.Graph;

internal sealed partial class GraphProjection
{
    private static TagDefinitionFacet? TagDefinitionFacet(FacetSet facets) => Model.Facets.TagDefinitionFacet.From(facets);

    // Every definition is kept (an as-of view reads the one in force then); the same event applied twice is kept once.
    private void ApplyTagDefinition(TagDefinitionFacet facet, Stamp stamp)
    {
        foreach (var known in store.TagDefinitions)
        {
            if (known.At == stamp && string.Equals(known.Name, facet.Name, StringComparison.Ordinal))
            {
                return;
            }
        }

        store.TagDefinitions.Add(new TagDefinitionRecord(facet.Name, facet.Description, stamp));
    }
}
