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

    /// <summary>The defaults: every tag propagates, masking transformations stop it, DIRECT flows only, 20 hops.</summary>
    public static ClassificationOptions Default { get; } = new();

    /// <summary>Only this tag key (case-insensitive), or null for every tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Tag keys that stay where they were put and do not propagate (case-insensitive): the per-classification policy.</summary>
    public IReadOnlyList<string> NotPropagated { get; init; } = [];

    /// <summary>Whether a transformation marked <c>masking</c> (a hash the SQL parser recognised, or a producer's column-lineage facet) stops propagation (default true).</summary>
    public bool MaskingStops { get; init; } = true;

    /// <summary>Also propagate along INDIRECT column lineage (fields that filter, join or group), not only where values flow (default false).</summary>
    public bool IncludeIndirect { get; init; }

    /// <summary>The most hops a tag travels from its origin (default 20).</summary>
    public int MaxDepth { get; init; } = 20;
}
