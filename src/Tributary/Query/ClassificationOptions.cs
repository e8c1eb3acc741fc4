using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Query;

/// <summary>How tags (classifications) propagate along lineage: which spread, and what stops them.</summary>
public sealed record ClassificationOptions
{
    /// <summary>
    /// The tag key that blocks a classification, on a job (stops it crossing that job) or on a field (stops it
    /// entering that field); the tag's value is the classification blocked, for example <c>tributary.block=pii</c>.
    /// <c>tributary tag block</c> writes it; such tags never propagate themselves.
    /// </summary>
    public const string BlockKey = "tributary.block";

    /// <summary>
    /// The tag key that blocks a classification on one edge: on a dataset, the tag may not go into it from the
    /// dataset named; on a field, from the field named. The value is <c>KEY=NODEID</c>, for example
    /// <c>tributary.block.from=pii=datasetField:ns:orders:email</c> (see <see cref="EdgeBlock"/>).
    /// <c>tributary tag block --from A --to B</c> writes it; such tags never propagate themselves.
    /// </summary>
    public const string EdgeBlockKey = "tributary.block.from";

    /// <summary>True for the keys of blocks (<see cref="BlockKey"/>, <see cref="EdgeBlockKey"/>): rules, not classifications.</summary>
    public static bool IsBlock(string key) =>
        string.Equals(key, BlockKey, StringComparison.OrdinalIgnoreCase) || string.Equals(key, EdgeBlockKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>The tag name (<c>key=value</c>) that blocks tag key <paramref name="key"/> on the edge from <paramref name="from"/> into the node it is put on.</summary>
    public static string EdgeBlock(string key, NodeId from) => EdgeBlockKey + "=" + key + "=" + from;

    /// <summary>The tag key and the edge's source node an <see cref="EdgeBlockKey"/> tag names, or null for any other tag or a value that names no node.</summary>
    public static (string Key, NodeId From)? ParseEdgeBlock(Tag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!string.Equals(tag.Key, EdgeBlockKey, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        // Block keys never hold '=', so the first one ends the key and the node id (which may hold any) follows it.
        var equals = tag.Value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && NodeId.TryParse(tag.Value[(equals + 1)..], out var from) ? (tag.Value[..equals], from) : null;
    }

    /// <summary>The defaults: every tag propagates, masking transformations stop it, DIRECT flows only, 20 hops.</summary>
    public static ClassificationOptions Default { get; } = new();

    /// <summary>Only this tag key (case-insensitive), or null for every tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Tag keys that stay where they were put and do not propagate (case-insensitive), besides those the engine's <see cref="LineageQueryOptions.ClassificationPolicies"/> keep put.</summary>
    public IReadOnlyList<string> NotPropagated { get; init; } = [];

    /// <summary>Whether a transformation marked <c>masking</c> (a hash the SQL parser recognised, or a producer's column-lineage facet) stops propagation (default true); false lets every tag through, whatever the policies say.</summary>
    public bool MaskingStops { get; init; } = true;

    /// <summary>Also propagate along INDIRECT column lineage (fields that filter, join or group), not only where values flow (default false).</summary>
    public bool IncludeIndirect { get; init; }

    /// <summary>The most hops a tag travels from its origin (default 20).</summary>
    public int MaxDepth { get; init; } = 20;
}
