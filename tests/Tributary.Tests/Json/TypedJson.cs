using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Json;

/// <summary>Writes an event through the typed facet writers only, forgetting the JSON its facets were read from.</summary>
public static class TypedJson
{
    public static byte[] WithoutSources(LineageEvent e) => LineageJson.SerializeToUtf8Bytes(e switch
    {
        RunEvent r => r with
        {
            Run = r.Run with { Facets = Strip(r.Run.Facets) },
            Job = r.Job with { Facets = Strip(r.Job.Facets) },
            Inputs = r.Inputs.Select(i => i with { Facets = Strip(i.Facets), InputFacets = Strip(i.InputFacets) }).ToList(),
            Outputs = r.Outputs.Select(o => o with { Facets = Strip(o.Facets), OutputFacets = Strip(o.OutputFacets) }).ToList(),
        },
        JobEvent j => j with { Job = j.Job with { Facets = Strip(j.Job.Facets) } },
        DatasetEvent d => d with { Dataset = d.Dataset with { Facets = Strip(d.Dataset.Facets) } },
        _ => e,
    });

    // A `with` copy of a facet forgets its source JSON, so the typed writer runs.
    private static FacetSet Strip(FacetSet facets) =>
        new(facets.Select(p => new KeyValuePair<string, Facet>(p.Key, p.Value is RawFacet ? p.Value : p.Value with { })));
}
