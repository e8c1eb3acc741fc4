using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>One version of a dataset: what one run wrote, with the schema and volume of that write.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Version">The <c>version</c> facet's value, or the writing run's id when the producer gave none.</param>
/// <param name="Run">The run that wrote this version.</param>
/// <param name="Job">The job of that run.</param>
public sealed record DatasetVersionInfo(DatasetId Dataset, string Version, RunId Run, JobId Job)
{
    /// <summary>The schema of this version (the run's schema facet, or the dataset's schema at the time).</summary>
    public IReadOnlyList<SchemaField> Schema { get; init; } = [];

    /// <summary>Rows written, from <c>outputStatistics</c>, or null.</summary>
    public long? RowCount { get; init; }

    /// <summary>Bytes written, from <c>outputStatistics</c>, or null.</summary>
    public long? Bytes { get; init; }

    /// <summary>The lifecycle state change this write made (CREATE, OVERWRITE, ...), or null.</summary>
    public string? LifecycleState { get; init; }

    /// <summary>When the first event of this version was seen.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>When the last event of this version was seen.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>
    /// Where the newest stored event of the writing run carries this dataset (its <c>outputs</c> item), so the facets
    /// the version was written with can be read back as sent; null for a graph built without a store.
    /// </summary>
    public FacetLocation? Written { get; init; }
}
