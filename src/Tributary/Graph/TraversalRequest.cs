namespace Tributary.Graph;

// What one traversal should do: how deep in each direction, which edges, and how many nodes it may visit.
internal sealed record TraversalRequest
{
    public int UpstreamDepth { get; init; }

    public int DownstreamDepth { get; init; }

    public int MaxNodes { get; init; } = 10_000;

    public EdgeMask Edges { get; init; } = EdgeMask.Table;

    public bool IncludeDeleted { get; init; }

    // Edges first seen after this moment (UTC ticks) are ignored: lineage as it was then.
    public long AsOf { get; init; } = long.MaxValue;

    // Column edges whose transformations mask the data are not followed (PII flow stops there).
    public bool SkipMasking { get; init; }

    // Only column edges with a DIRECT transformation are followed (the value itself flows).
    public bool DirectOnly { get; init; }

    // When true, depth counts jobs crossed (dataset → job → dataset is one level); when false, it counts edges.
    public bool CountJobLevels { get; init; } = true;
}
