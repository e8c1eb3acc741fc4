using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>A node of a <see cref="LineageView"/>, with what the graph knows about it.</summary>
/// <param name="Id">The node.</param>
public sealed record LineageViewNode(NodeId Id)
{
    /// <summary>What the node stands for.</summary>
    public NodeKind Kind => Id.Kind;

    /// <summary>The dataset, for a dataset node (and the owning dataset of a field node when known); null otherwise.</summary>
    public DatasetInfo? Dataset { get; init; }

    /// <summary>The job, for a job node; null otherwise.</summary>
    public JobInfo? Job { get; init; }

    /// <summary>The field, for a field node; null otherwise.</summary>
    public FieldInfo? Field { get; init; }

    /// <summary>The run for a run node, or the most recently started run for a job node; null otherwise.</summary>
    public RunInfo? Run { get; init; }

    /// <summary>Levels upstream of the view's root, or null when the view has no root or the node is not upstream.</summary>
    public int? UpstreamDepth { get; init; }

    /// <summary>Levels downstream of the view's root, or null when the view has no root or the node is not downstream.</summary>
    public int? DownstreamDepth { get; init; }

    /// <summary>
    /// The tags on this dataset or field, put there or propagated along lineage (<see cref="Classification.Propagated"/>,
    /// with the origin); a dataset drawn without its fields also carries its fields' (<c>Tag.Field</c> says which).
    /// Empty when the view was made without classifications.
    /// </summary>
    public IReadOnlyList<Classification> Classifications { get; init; } = [];

    /// <summary>True when the node is a dropped dataset or a field of one.</summary>
    public bool Deleted => Dataset?.Deleted ?? false;

    /// <summary>True when the node is a run that failed or a job whose latest run failed.</summary>
    public bool Failed => Run?.Failed ?? false;

    /// <summary>The short name people know the node by: the dataset or job name, <c>dataset.field</c>, or the run id.</summary>
    public string Label => Kind switch
    {
        NodeKind.DatasetField => Id.Name + "." + Id.Field,
        _ => Id.Name,
    };
}
