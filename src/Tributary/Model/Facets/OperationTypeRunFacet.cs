namespace Tributary.Model.Facets;

/// <summary>
/// Tributary's <c>tributary_operation</c> run facet: the kind of operation a tracked run performed (READ, WRITE,
/// TRANSFORM, ...), the first source document's <c>OperationType</c>, carried as a custom run facet.
/// </summary>
/// <param name="OperationType">The operation type.</param>
public sealed record OperationTypeRunFacet(OperationType OperationType) : Facet
{
    /// <summary>The facet key: <c>tributary_operation</c>.</summary>
    public const string Key = "tributary_operation";

    /// <summary>The facet's schema URL.</summary>
    public const string SchemaUrlValue = "https://tributary.dev/spec/facets/1-0-0/OperationTypeRunFacet.json";
}
