using Tributary.Model;

namespace Tributary.Query;

/// <summary>Everything downstream of a node, by depth, with the owners to notify before changing it.</summary>
/// <param name="Root">The node whose change is analysed.</param>
/// <param name="Levels">What is affected at each depth, nearest first.</param>
/// <param name="Owners">Owners of affected datasets and jobs, sorted by name.</param>
/// <param name="Partial">True when the node budget cut the analysis short.</param>
public sealed record ImpactReport(NodeId Root, IReadOnlyList<ImpactLevel> Levels, IReadOnlyList<OwnerToNotify> Owners, bool Partial)
{
    /// <summary>How many datasets are affected.</summary>
    public int DatasetCount => Levels.Sum(l => l.Datasets.Count);

    /// <summary>How many jobs are affected.</summary>
    public int JobCount => Levels.Sum(l => l.Jobs.Count);

    /// <summary>How many fields are affected.</summary>
    public int FieldCount => Levels.Sum(l => l.Fields.Count);

    /// <summary>Every affected node: datasets, jobs and fields.</summary>
    public int TotalCount => DatasetCount + JobCount + FieldCount;

    /// <summary>Every affected node under the document's name (<c>impact['total_downstream_nodes']</c>); the same as <see cref="TotalCount"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int TotalDownstreamNodes => TotalCount;
}
