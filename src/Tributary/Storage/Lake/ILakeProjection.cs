namespace Tributary.Storage.Lake;

/// <summary>
/// The rows of the lake's projection tables (<c>lineage_operations</c>, <c>lineage_nodes</c>,
/// <c>lineage_relationships</c>, <c>data_quality_issues</c>), supplied by whatever projects the events. The lake only writes them: it keeps
/// events and knows nothing of how the rows were derived, so any projection can fill these tables.
/// </summary>
public interface ILakeProjection
{
    /// <summary>One row per run, in any order; the lake partitions them by start date and sorts them.</summary>
    IEnumerable<LakeOperation> Operations();

    /// <summary>One row per dataset, job and field, in any order; the lake sorts them by node id.</summary>
    IEnumerable<LakeNode> Nodes();

    /// <summary>One row per edge, in any order; the lake sorts them by source, target and kind.</summary>
    IEnumerable<LakeRelationship> Relationships();

    /// <summary>One row per data-quality issue (incident), in any order; the lake sorts them by detection time and id. None by default.</summary>
    IEnumerable<LakeDataQualityIssue> DataQualityIssues() => [];
}
