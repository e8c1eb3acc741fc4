namespace Tributary.Model.Facets;

/// <summary>The <c>processing_engine</c> run facet: the engine that ran the job and the OpenLineage adapter version.</summary>
/// <param name="Version">The engine version.</param>
public sealed record ProcessingEngineRunFacet(string Version) : Facet
{
    /// <summary>The facet key OpenLineage uses: <c>processing_engine</c>.</summary>
    public const string Key = "processing_engine";

    /// <summary>The engine name, for example <c>Spark</c> or <c>.NET</c>, or null.</summary>
    public string? Name { get; init; }

    /// <summary>The OpenLineage adapter version, or null.</summary>
    public string? OpenlineageAdapterVersion { get; init; }
}
