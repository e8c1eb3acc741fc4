namespace Tributary.Query;

/// <summary>Limits and switches shared by every traversal-based query.</summary>
public sealed record LineageQueryOptions
{
    /// <summary>The defaults: at most 5,000 nodes, dropped datasets hidden, lineage as it is now.</summary>
    public static LineageQueryOptions Default { get; } = new();

    /// <summary>The most nodes a query may visit (default 5,000, already more than anyone reads); a query cut short by it reports <c>Partial</c>.</summary>
    public int MaxNodes { get; init; } = 5_000;

    /// <summary>When true, datasets dropped by a <c>lifecycleStateChange</c> DROP (and their fields) stay in traversal (default false).</summary>
    public bool IncludeDeleted { get; init; }

    /// <summary>When set, only edges first seen at or before this moment are followed: lineage as it was then (default null, now).</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>
    /// How each classification travels along lineage (see <see cref="ClassificationPolicy"/>): whether it propagates
    /// and whether masking stops it. Default: none, so every tag propagates and masking stops every tag.
    /// </summary>
    public IReadOnlyList<ClassificationPolicy> ClassificationPolicies { get; init; } = [];
}
