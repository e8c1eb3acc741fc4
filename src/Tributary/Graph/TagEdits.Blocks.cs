using Tributary.Model;
using Tributary.Query;

namespace Tributary.Graph;

public static partial class TagEdits
{
    /// <summary>
    /// The event that blocks (or lifts the block on) tag key <paramref name="key"/> on the edge from
    /// <paramref name="from"/> to <paramref name="to"/>: dataset to dataset (the tag may not go from the one into the
    /// other or its fields), or field to field (the tag may not take that column's lineage). It is the tag
    /// <see cref="ClassificationOptions.EdgeBlockKey"/><c>=KEY=FROM</c> on <paramref name="to"/>, stored like any tag.
    /// A block needs lineage that goes straight from one to the other (through one job for datasets); lifting one
    /// needs only the block, so a block outliving its edge can still be lifted.
    /// </summary>
    public static TagEdit EdgeBlock(LineageGraph graph, NodeId from, NodeId to, string key, bool add, DateTimeOffset at, string producer)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (BlockKeyProblem(key) is { } problem)
        {
            return TagEdit.Invalid(problem);
        }

        if (from.Kind != to.Kind || from.Kind is not (NodeKind.Dataset or NodeKind.DatasetField))
        {
            return TagEdit.Invalid($"a block on an edge goes from a dataset to a dataset or from a field to a field, not from {from} to {to}");
        }

        if (graph.GetDataset(to.AsDataset()) is not { } target)
        {
            return TagEdit.Missing($"there is no dataset '{to.Name}' in namespace '{to.Namespace}'");
        }

        if (add && !Flows(graph, from, to))
        {
            return TagEdit.Missing($"no lineage goes straight from {from} to {to}, so there is no edge to block");
        }

        return Dataset(target, to.Field, ClassificationOptions.EdgeBlock(key, from), add, at, producer);
    }

    /// <summary>What is wrong with <paramref name="key"/> as the key of a blocked tag (blank, or holding <c>=</c>), or null when nothing is.</summary>
    public static string? BlockKeyProblem(string? key) =>
        string.IsNullOrWhiteSpace(key) || key.Contains('=', StringComparison.Ordinal)
            ? $"'{key}' is not a tag key (give a key such as pii, without a value)"
            : null;

    // Field to field: a column-lineage edge. Dataset to dataset: a job reading the one and writing the other, or
    // column lineage from a field of the one into the other or a field of it.
    private static bool Flows(LineageGraph graph, NodeId from, NodeId to)
    {
        if (from.Kind == NodeKind.DatasetField)
        {
            return graph.GetEdges(from, LineageDirection.Downstream).Any(e => e.Kind == EdgeKind.ColumnLineage && e.To == to);
        }

        foreach (var read in graph.GetEdges(from, LineageDirection.Downstream))
        {
            if (read.Kind == EdgeKind.Read && graph.GetEdges(read.To, LineageDirection.Downstream).Any(w => w.Kind == EdgeKind.Write && w.To == to))
            {
                return true;
            }
        }

        return (graph.GetDataset(from.AsDataset())?.Fields ?? []).Any(f =>
            graph.GetEdges(f.Node, LineageDirection.Downstream).Any(e => e.To.Kind is NodeKind.Dataset or NodeKind.DatasetField && e.To.AsDataset() == to.AsDataset()));
    }
}
