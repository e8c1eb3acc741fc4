using System.Text.Json;
using Tributary.Model.Facets;

namespace Tributary.Model;

/// <summary>One execution of a job.</summary>
/// <param name="RunId">The run's id.</param>
public sealed record Run(RunId RunId)
{
    /// <summary>The run facets (parent, errorMessage, nominalTime, ...).</summary>
    public FacetSet Facets { get; init; } = FacetSet.Empty;

    /// <summary>Properties the spec does not define, kept as received.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> AdditionalProperties { get; init; } = [];
}
