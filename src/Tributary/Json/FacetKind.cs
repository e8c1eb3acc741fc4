using Tributary.Model.Facets;

namespace Tributary.Json;

/// <summary>
/// Which typed facet a key means at a place in an event, or <see cref="None"/> for a facet kept raw. Both readers ask
/// <see cref="FacetKinds.Of"/>, so a facet the general reader types is never read raw by the one-pass reader.
/// </summary>
internal enum FacetKind
{
    None,
    Parent,
    ErrorMessage,
    NominalTime,
    ProcessingEngine,
    EnvironmentVariables,
    OperationType,
    Tags,
    Sql,
    JobType,
    SourceCode,
    SourceCodeLocation,
    Documentation,
    Ownership,
    Schema,
    ColumnLineage,
    Symlinks,
    LifecycleStateChange,
    DatasetVersion,
    DataSource,
    Storage,
    DatasetType,
    DataQualityAssertions,
    DataQualityMetrics,
    InputStatistics,
    OutputStatistics,
}

/// <summary>The one table of typed facets by place and key.</summary>
internal static class FacetKinds
{
    /// <summary>The typed facet <paramref name="key"/> means at <paramref name="position"/>, or <see cref="FacetKind.None"/>.</summary>
    public static FacetKind Of(FacetPosition position, string key) => (position, key) switch
    {
        (FacetPosition.Run, ParentRunFacet.Key) => FacetKind.Parent,
        (FacetPosition.Run, ErrorMessageRunFacet.Key) => FacetKind.ErrorMessage,
        (FacetPosition.Run, NominalTimeRunFacet.Key) => FacetKind.NominalTime,
        (FacetPosition.Run, ProcessingEngineRunFacet.Key) => FacetKind.ProcessingEngine,
        (FacetPosition.Run, EnvironmentVariablesRunFacet.Key) => FacetKind.EnvironmentVariables,
        (FacetPosition.Run, OperationTypeRunFacet.Key) => FacetKind.OperationType,
        (_, TagsFacet.Key) => FacetKind.Tags,
        (FacetPosition.Job, SqlJobFacet.Key) => FacetKind.Sql,
        (FacetPosition.Job, JobTypeJobFacet.Key) => FacetKind.JobType,
        (FacetPosition.Job, SourceCodeJobFacet.Key) => FacetKind.SourceCode,
        (FacetPosition.Job, SourceCodeLocationJobFacet.Key) => FacetKind.SourceCodeLocation,
        (FacetPosition.Job or FacetPosition.Dataset, DocumentationFacet.Key) => FacetKind.Documentation,
        (FacetPosition.Job or FacetPosition.Dataset, OwnershipFacet.Key) => FacetKind.Ownership,
        (FacetPosition.Dataset, SchemaDatasetFacet.Key) => FacetKind.Schema,
        (FacetPosition.Dataset, ColumnLineageDatasetFacet.Key) => FacetKind.ColumnLineage,
        (FacetPosition.Dataset, SymlinksDatasetFacet.Key) => FacetKind.Symlinks,
        (FacetPosition.Dataset, LifecycleStateChangeDatasetFacet.Key) => FacetKind.LifecycleStateChange,
        (FacetPosition.Dataset, DatasetVersionDatasetFacet.Key) => FacetKind.DatasetVersion,
        (FacetPosition.Dataset, DatasourceDatasetFacet.Key) => FacetKind.DataSource,
        (FacetPosition.Dataset, StorageDatasetFacet.Key) => FacetKind.Storage,
        (FacetPosition.Dataset, DatasetTypeDatasetFacet.Key) => FacetKind.DatasetType,
        (FacetPosition.Dataset or FacetPosition.Input, DataQualityAssertionsDatasetFacet.Key) => FacetKind.DataQualityAssertions,
        (FacetPosition.Dataset or FacetPosition.Input, DataQualityMetricsInputDatasetFacet.Key) => FacetKind.DataQualityMetrics,
        (FacetPosition.Dataset or FacetPosition.Input, InputStatisticsInputDatasetFacet.Key) => FacetKind.InputStatistics,
        (FacetPosition.Dataset or FacetPosition.Output, OutputStatisticsOutputDatasetFacet.Key) => FacetKind.OutputStatistics,
        _ => FacetKind.None,
    };
}
