namespace Tributary.Model.Facets;

/// <summary>The <c>ownership</c> facet of a dataset or job: who owns it.</summary>
public sealed record OwnershipFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>ownership</c>.</summary>
    public const string Key = "ownership";

    /// <summary>The owners.</summary>
    public IReadOnlyList<Owner> Owners { get; init; } = [];
}

/// <summary>One owner.</summary>
/// <param name="Name">The owner, ideally a URN such as <c>team:finance</c> or <c>user:jdoe</c>.</param>
/// <param name="Type">The kind of ownership (<c>MAINTAINER</c>, ...), or null.</param>
public sealed record Owner(string Name, string? Type = null);
