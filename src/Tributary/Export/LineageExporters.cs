namespace Tributary.Export;

/// <summary>The graph exporters Tributary ships, by format name.</summary>
public static class LineageExporters
{
    /// <summary>Every graph exporter: <c>dot</c>, <c>json</c> (plain nodes and edges), <c>marquez</c> (Marquez lineage JSON) and <c>mermaid</c>.</summary>
    public static IReadOnlyList<ILineageExporter> All { get; } =
        [new DotExporter(), new GraphJsonExporter(), new MarquezJsonExporter(), new MermaidExporter()];

    /// <summary>The exporter for a format name (case-insensitive), or null when there is none.</summary>
    public static ILineageExporter? Find(string format) =>
        All.FirstOrDefault(e => string.Equals(e.Format, format, StringComparison.OrdinalIgnoreCase));
}
