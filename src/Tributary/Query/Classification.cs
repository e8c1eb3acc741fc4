using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Query;

/// <summary>
/// A tag on a dataset or field: put there (by a tags facet, the CLI or the API), or propagated along lineage from
/// its origin.
/// </summary>
/// <param name="Node">The dataset or field that has the tag.</param>
/// <param name="Tag">The tag (key and value as at the origin; <c>Field</c> is the field it is on, if any).</param>
/// <param name="Origin">Where the tag was put: <paramref name="Node"/> itself unless propagated.</param>
public sealed record Classification(NodeId Node, Tag Tag, NodeId Origin)
{
    /// <summary>True when the tag came along lineage from <see cref="Origin"/> rather than being put here.</summary>
    public bool Propagated { get; init; }

    /// <summary>True when some hop of the path went from dataset to dataset through a job whose output has no column lineage, so which field got the value is unknown.</summary>
    public bool Coarse { get; init; }

    /// <summary>How the tag got here: the origin, every node after it (jobs on coarse hops), and this node; empty when not propagated.</summary>
    public IReadOnlyList<NodeId> Path { get; init; } = [];

    /// <summary>
    /// How the tag reads in a table or a drawing: <c>field:key</c> (<c>key=value</c> unless the value is <c>true</c>;
    /// the field only when on one), and for a propagated tag <c> (propagated[, coarse] from ORIGIN)</c>, the origin
    /// by its whole id, or with <paramref name="shortOrigin"/> by its name (<c>customers.email</c>). Without
    /// <paramref name="withField"/> the field is left out, for a line already about that field.
    /// </summary>
    public string Describe(bool shortOrigin = false, bool withField = true)
    {
        var text = (Tag.Field is null || !withField ? "" : Tag.Field + ":") + Graph.TagEdits.Name(Tag);
        if (!Propagated)
        {
            return text;
        }

        var origin = shortOrigin ? Origin.Name + (Origin.Field is { } field ? "." + field : "") : Origin.ToString();
        return text + " (propagated" + (Coarse ? ", coarse" : "") + " from " + origin + ")";
    }
}
