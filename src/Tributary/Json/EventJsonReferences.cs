using Tributary.Model;

namespace Tributary.Json;

/// <summary>
/// Whether a read event still points into the JSON it was read from. Only facets (their source, or a raw facet) and
/// unknown properties do; an event with neither, as most small events are, does not, so its parsed document can give
/// its rented metadata back at once instead of leaving it to the collector.
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
            RunEvent run => run.Run.AdditionalProperties.Count > 0 || run.Run.Facets.Count > 0 || Any(run.Job) || Any(run.Inputs) || Any(run.Outputs),
            JobEvent job => Any(job.Job) || Any(job.Inputs) || Any(job.Outputs),
            DatasetEvent dataset => Any(dataset.Dataset),
            _ => true, // a kind this does not know: assume it does
        };
    }

    private static bool Any(Job job) => job.AdditionalProperties.Count > 0 || job.Facets.Count > 0;

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
        dataset.AdditionalProperties.Count > 0 || dataset.Facets.Count > 0
        || (dataset is InputDataset input && input.InputFacets.Count > 0)
        || (dataset is OutputDataset output && output.OutputFacets.Count > 0);
}
