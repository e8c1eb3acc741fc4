using System.Text.Json;
using Tributary.Model.Facets;

namespace Tributary.Model;

/// <summary>A dataset as it appears in an event, with its facets (schema, columnLineage, ownership, ...).</summary>
/// <param name="Id">The dataset's namespace and name.</param>
public record Dataset(DatasetId Id)
{
    /// <summary>The dataset facets.</summary>
    public FacetSet Facets { get; init; } = FacetSet.Empty;

    /// <summary>Properties the spec does not define, kept as received.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> AdditionalProperties { get; init; } = [];

    // Set by the reader when the received JSON had an empty "facets" (or input/output facets) object, so writing it back keeps it.
    internal bool EmptyFacetsPresent { get; init; }

    internal bool EmptyRoleFacetsPresent { get; init; }
}

/// <summary>A dataset a run reads, with input facets (inputStatistics, dataQualityMetrics, ...).</summary>
/// <param name="Id">The dataset's namespace and name.</param>
public sealed record InputDataset(DatasetId Id) : Dataset(Id)
{
    /// <summary>The input facets.</summary>
    public FacetSet InputFacets { get; init; } = FacetSet.Empty;
}

/// <summary>A dataset a run writes, with output facets (outputStatistics, ...).</summary>
/// <param name="Id">The dataset's namespace and name.</param>
public sealed record OutputDataset(DatasetId Id) : Dataset(Id)
{
    /// <summary>The output facets.</summary>
    public FacetSet OutputFacets { get; init; } = FacetSet.Empty;
}
