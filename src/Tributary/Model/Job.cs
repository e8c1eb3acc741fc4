using System.Text.Json;
using Tributary.Model.Facets;

namespace Tributary.Model;

/// <summary>A job: the definition of work that a run executes.</summary>
/// <param name="Id">The job's namespace and name.</param>
public sealed record Job(JobId Id)
{
    /// <summary>Creates a job from its namespace and name.</summary>
    public Job(string @namespace, string name)
        : this(new JobId(@namespace, name))
    {
    }

    /// <summary>The job facets (sql, jobType, documentation, ownership, ...).</summary>
    public FacetSet Facets { get; init; } = FacetSet.Empty;

    /// <summary>Properties the spec does not define, kept as received.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> AdditionalProperties { get; init; } = [];

    // Set by the reader when the received JSON had an empty "facets" object, so writing it back keeps it.
    internal bool EmptyFacetsPresent { get; init; }
}
