namespace Tributary.Model.Facets;

/// <summary>The <c>environmentVariables</c> run facet: environment variables the run saw.</summary>
public sealed record EnvironmentVariablesRunFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>environmentVariables</c>.</summary>
    public const string Key = "environmentVariables";

    /// <summary>Name/value pairs in the order received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> EnvironmentVariables { get; init; } = [];
}
