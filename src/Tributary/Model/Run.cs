using System.Text.Json;
using Tributary.Model.Facets;

namespace Tributary.Model;

/// <summary>One execution of a job.</summary>
/// <param name="RunId">The run's id.</param>
public sealed record Run(RunId RunId)
{
    private string? _runIdText;

    /// <summary>The run's id.</summary>
    public RunId RunId
    {
        get;
        init
        {
            field = value;
            _runIdText = null;
        }
    } = RunId;

    // A non-UUID run id exactly as received (mapped to a name-based UUID); cleared when RunId changes.
    internal string? RunIdText
    {
        get => _runIdText;
        init => _runIdText = value;
    }

    /// <summary>The run facets (parent, errorMessage, nominalTime, ...).</summary>
    public FacetSet Facets { get; init; } = FacetSet.Empty;

    /// <summary>Properties the spec does not define, kept as received.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> AdditionalProperties { get; init; } = [];

    // Set by the reader when the received JSON had an empty "facets" object, so writing it back keeps it.
    internal bool EmptyFacetsPresent { get; init; }
}
