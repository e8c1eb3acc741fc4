using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

/// <summary>
/// Whether a read event still points into the parsed document it was read from. Only raw facets and unknown properties
/// do (a typed facet keeps its source as bytes of the event's copy, not as an element); an event with neither, as most
/// events are, does not, so its parsed document can give its rented metadata back at once instead of leaving it to the
/// collector.
/// </summary>
internal static class EventJsonReferences
{
    /// <summary>True when <paramref name="e"/> may hold a <c>JsonElement</c> of the document it was read from.</summary>
    public static bool Any(LineageEvent e)
    {
        if (e.AdditionalProperties.Count > 0)
        {
            return true;
        }

        return e switch
        {
            RunEvent run => run.Run.AdditionalProperties.Count > 0 || Any(run.Run.Facets) || Any(run.Job) || Any(run.Inputs) || Any(run.Outputs),
            JobEvent job => Any(job.Job) || Any(job.Inputs) || Any(job.Outputs),
            DatasetEvent dataset => Any(dataset.Dataset),
            _ => true, // a kind this does not know: assume it does
        };
    }

    private static bool Any(Job job) => job.AdditionalProperties.Count > 0 || Any(job.Facets);

    private static bool Any<T>(IReadOnlyList<T> datasets) where T : Dataset
    {
        for (var i = 0; i < datasets.Count; i++)
        {
            if (Any(datasets[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Any(Dataset dataset) =>
        dataset.AdditionalProperties.Count > 0 || Any(dataset.Facets)
        || (dataset is InputDataset input && Any(input.InputFacets))
        || (dataset is OutputDataset output && Any(output.OutputFacets));

    private static bool Any(FacetSet facets)
    {
        foreach (var (_, facet) in facets.Items)
        {
            if (facet.SourceElement is not null)
            {
                return true;
            }
        }

        return false;
    }
}
