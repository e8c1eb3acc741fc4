namespace Tributary.Export;

/// <summary>What a graph export includes and how large a drawing may get; the defaults suit a table-level picture.</summary>
public sealed record ExportOptions
{
    /// <summary>The defaults: datasets and jobs only, dropped datasets hidden, at most 300 nodes drawn in the HTML report.</summary>
    public static ExportOptions Default { get; } = new();

    /// <summary>When true, fields and column-lineage edges are included (default false).</summary>
    public bool IncludeFields { get; init; }

    /// <summary>When true, runs and their run-of edges to jobs are included (default false).</summary>
    public bool IncludeRuns { get; init; }

    /// <summary>When true, datasets dropped by a <c>lifecycleStateChange</c> DROP are included and drawn dashed (default false).</summary>
    public bool IncludeDeleted { get; init; }

    /// <summary>The most nodes the HTML report draws as SVG (default 300); the report says when it drew fewer than there are.</summary>
    public int MaxDrawnNodes { get; init; } = 300;

    /// <summary>
    /// The most nodes a whole-graph view holds (default null: all); past it the view keeps the first nodes by id and
    /// says <c>Partial</c>. A tracker's visualizer sets it to the configuration's <c>max_graph_nodes</c>.
    /// </summary>
    public int? MaxNodes { get; init; }

    /// <summary>The most runs listed in report tables and charts, newest first (default 200).</summary>
    public int MaxReportRuns { get; init; } = 200;

    /// <summary>The title written at the top of reports and drawings (default "Tributary lineage").</summary>
    public string Title { get; init; } = "Tributary lineage";
}
