namespace Tributary.Model.Facets;

/// <summary>The <c>symlinks</c> dataset facet: other identities of the same dataset (a Hive table for a file path, ...).</summary>
public sealed record SymlinksDatasetFacet : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>symlinks</c>.</summary>
    public const string Key = "symlinks";

    /// <summary>The other identities.</summary>
    public IReadOnlyList<SymlinkIdentifier> Identifiers { get; init; } = [];
}

/// <summary>Another identity of a dataset.</summary>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Name">Its name.</param>
/// <param name="Type">The kind of identifier, for example <c>TABLE</c>.</param>
public sealed record SymlinkIdentifier(string Namespace, string Name, string Type)
{
    /// <summary>The identity as a dataset id.</summary>
    public DatasetId Id => new(Namespace, Name);
}
