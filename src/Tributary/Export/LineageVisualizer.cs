using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>
/// Turns lineage into pictures and reports: graph data, DOT, Mermaid, Marquez-shaped and plain JSON, impact
/// analysis, a timeline of runs, and a summary report in Markdown or as one self-contained HTML file. Every output
/// is deterministic (sorted by node id) and escapes names for its format.
/// </summary>
/// <example>
/// <code>
/// var visualizer = new LineageVisualizer(new LineageQueryEngine(graph));
/// File.WriteAllText("lineage.dot", visualizer.ExportToDot());
/// using var html = File.CreateText("report.html");
/// visualizer.WriteSummaryReport(ReportFormat.Html, html);
/// </code>
/// </example>
public sealed class LineageVisualizer
{
    private readonly TimeProvider _time;

    /// <summary>Creates a visualizer over a query engine (and its graph); "now" comes from <paramref name="time"/> (default the system clock, or the moment of a graph viewed as of one).</summary>
    public LineageVisualizer(LineageQueryEngine engine, ExportOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        Options = options ?? ExportOptions.Default;
        _time = time ?? (engine.Graph.Moment is { } moment ? new FixedTime(moment) : TimeProvider.System);
    }

    // "Now" for a graph viewed as of a moment is that moment: a report then says what was stale then.
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Creates a visualizer over a graph, with a query engine of default limits.</summary>
    public LineageVisualizer(LineageGraph graph, ExportOptions? options = null, TimeProvider? time = null)
        : this(new LineageQueryEngine(graph ?? throw new ArgumentNullException(nameof(graph))), options, time)
    {
    }

    /// <summary>
    /// Creates a visualizer over a tracker's graph (the document's <c>LineageVisualizer(tracker)</c>): drawings and
    /// queries hold at most the configuration's <c>max_graph_nodes</c> nodes and say <c>Partial</c> past it, and "now"
    /// is the tracker's clock. Throws <see cref="ArgumentException"/> for a tracker that keeps no graph.
    /// </summary>
    public LineageVisualizer(Tracking.LineageTracker tracker)
        : this(new LineageQueryEngine(tracker), ExportOptions.Default with { MaxNodes = tracker.Config?.MaxGraphNodes }, tracker.Options.TimeProvider)
    {
    }

    /// <summary>The query engine impact analysis, lineage subgraphs and report statistics come from.</summary>
    public LineageQueryEngine Engine { get; }

    /// <summary>The graph drawn.</summary>
    public LineageGraph Graph => Engine.Graph;

    /// <summary>What exports include and how large drawings get.</summary>
    public ExportOptions Options { get; }

    /// <summary>The whole graph as nodes and edges, sorted by id, each dataset and field with its tags put there and propagated.</summary>
    public LineageView GenerateGraphData() => LineageView.Of(Graph, Options).With(Engine.Classifications());

    /// <summary>The lineage around one node (table lineage for a dataset or job, column lineage for a field), with tags put and propagated; throws <see cref="ArgumentException"/> for an unknown node.</summary>
    public LineageView GenerateGraphData(NodeId node, int upstreamDepth = 20, int downstreamDepth = 20) =>
        LineageView.Of(Graph, Engine.Lineage(node, upstreamDepth, downstreamDepth), Options).With(Engine.Classifications());

    /// <summary>
    /// What <c>export</c> draws, through the CLI and the server alike: the whole graph without a node; around a node,
    /// its column lineage (with fields) when it is a field or <see cref="ExportOptions.IncludeFields"/> asks for
    /// columns of a dataset, otherwise its table lineage. Datasets and fields carry their tags, put there and
    /// propagated (with the origin), as the engine's classification policies say.
    /// </summary>
    public LineageView GenerateExportView(NodeId? node, int upstreamDepth = 20, int downstreamDepth = 20)
    {
        if (node is not { } id)
        {
            return GenerateGraphData();
        }

        var columns = id.Kind == NodeKind.DatasetField || (Options.IncludeFields && id.Kind == NodeKind.Dataset);
        var result = columns ? Engine.ColumnLineage(id, upstreamDepth, downstreamDepth) : Engine.Lineage(id, upstreamDepth, downstreamDepth);
        return LineageView.Of(Graph, result, Options with { IncludeFields = Options.IncludeFields || id.Kind == NodeKind.DatasetField }).With(Engine.Classifications());
    }

    /// <summary>Everything downstream of a node, by depth, with owners to notify; throws <see cref="ArgumentException"/> for an unknown node.</summary>
    public ImpactReport GenerateImpactAnalysis(NodeId node, int maxDepth = 20) => Engine.Impact(node, maxDepth);

    /// <summary>The runs active during the last <paramref name="window"/> (the source document's <c>generate_timeline_data(hours_back)</c>).</summary>
    public RunTimeline GenerateTimelineData(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        return RunTimeline.Of(Graph, now - window, now);
    }

    /// <summary>
    /// The runs active during the last <paramref name="hoursBack"/> hours (the document's <c>generate_timeline_data(hours_back=24)</c>);
    /// throws <see cref="ArgumentOutOfRangeException"/> for a negative or non-finite number.
    /// </summary>
    public RunTimeline GenerateTimelineData(double hoursBack = 24)
    {
        if (!double.IsFinite(hoursBack) || hoursBack < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hoursBack), hoursBack, "hoursBack is a number of hours, 0 or more, such as 24.");
        }

        return GenerateTimelineData(TimeSpan.FromHours(hoursBack));
    }

    /// <summary>Counts, graph, runs, failures, stale data (not written within <paramref name="staleAfter"/>, default 24 hours), performance and volume.</summary>
    public SummaryReport GenerateSummaryReport(TimeSpan? staleAfter = null) =>
        SummaryReport.Of(Engine, _time.GetUtcNow(), staleAfter ?? TimeSpan.FromHours(24), Options);

    /// <summary>Writes a view (default the whole graph) in a format named by <see cref="LineageExporters"/>; throws <see cref="ArgumentException"/> for an unknown format.</summary>
    public void Export(string format, TextWriter output, LineageView? view = null)
    {
        ArgumentNullException.ThrowIfNull(format);
        var exporter = LineageExporters.Find(format)
            ?? throw new ArgumentException($"Unknown export format '{format}'; expected one of {string.Join(", ", LineageExporters.All.Select(e => e.Format))}.", nameof(format));
        exporter.Write(view ?? GenerateGraphData(), output);
    }

    /// <summary>The whole graph as Graphviz DOT.</summary>
    public string ExportToDot() => Render("dot");

    /// <summary>The whole graph as a Mermaid flowchart.</summary>
    public string ExportToMermaid() => Render("mermaid");

    /// <summary>The whole graph as Marquez's lineage JSON (<c>{"graph":[...]}</c>).</summary>
    public string ExportToJson() => Render("marquez");

    /// <summary>Writes the impact of changing a node as text, Markdown or JSON.</summary>
    public void WriteImpactAnalysis(NodeId node, ReportFormat format, TextWriter output, int maxDepth = 20) =>
        ImpactExporter.Write(GenerateImpactAnalysis(node, maxDepth), format, output);

    /// <summary>Writes the runs of the last <paramref name="window"/> as JSON or Markdown.</summary>
    public void WriteTimeline(TimeSpan window, ReportFormat format, TextWriter output) =>
        TimelineExporter.Write(GenerateTimelineData(window), format, output);

    /// <summary>Writes the summary report as Markdown or self-contained HTML.</summary>
    public void WriteSummaryReport(ReportFormat format, TextWriter output, TimeSpan? staleAfter = null)
    {
        var report = GenerateSummaryReport(staleAfter);
        switch (format)
        {
            case ReportFormat.Markdown:
                MarkdownReportExporter.Write(report, output, Options);
                break;
            case ReportFormat.Html:
                HtmlReportExporter.Write(report, output, Options);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "The summary report is written as Markdown or Html.");
        }
    }

    private string Render(string format)
    {
        using var text = new StringWriter(Formats.Invariant);
        Export(format, text);
        return text.ToString();
    }
}
