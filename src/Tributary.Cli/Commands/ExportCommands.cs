using System.CommandLine;
using Tributary.Cli.Output;
using Tributary.Export;

namespace Tributary.Cli.Commands;

/// <summary><c>export</c> (the graph as JSON, DOT, Mermaid) and <c>report</c> (the summary report as Markdown or HTML).</summary>
internal static class ExportCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Export();
        yield return Report();
        yield return Timeline();
    }

    private static Command Export()
    {
        var node = new Argument<string?>("node") { Description = "Export only the lineage around this node (default: the whole graph).", Arity = ArgumentArity.ZeroOrOne };
        var store = CommonOptions.Store();
        var depth = new Option<int>("--depth", "-d") { Description = "Depth around the node.", DefaultValueFactory = _ => 20 };
        var columns = new Option<bool>("--columns") { Description = "Include fields and column lineage." };
        var format = CommonOptions.Format("json", "json", "marquez", "dot", "mermaid");
        var output = CommonOptions.Output();
        var command = new Command("export", "Export the lineage graph: json (nodes/edges), marquez (Marquez's graph shape), dot (Graphviz), mermaid; `export lake DIR` writes a Parquet lake.") { node, store, depth, columns, format, output, LakeCommands.ExportLake() };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            // The same view the server's /api/v1/export draws, from the same library call.
            var visualizer = new LineageVisualizer(session.Engine, new ExportOptions { IncludeFields = result.GetValue(columns) });
            var d = Math.Max(0, result.GetValue(depth));
            var view = visualizer.GenerateExportView(result.GetValue(node) is { } text ? session.Resolve(text) : null, d, d);
            Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => LineageExporters.Find(result.GetValue(format)!)!.Write(view, w));
        });
        return command;
    }

    private static Command Report()
    {
        var store = CommonOptions.Store();
        var staleHours = CommonOptions.Hours("--stale-hours", "Datasets not written for this long are listed as stale.");
        var format = CommonOptions.Format("md", "md", "html");
        var output = CommonOptions.Output();
        var command = new Command("report", "The summary report: graph, run durations and volumes over time, runs, failures, stale data and performance. HTML is one self-contained file.") { store, staleHours, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var stale = CommonOptions.HoursValue(result, staleHours);
            var session = await CommandAction.OpenAsync(result, store, ct);
            var visualizer = new LineageVisualizer(session.Engine);
            var fmt = result.GetValue(format) == "html" ? ReportFormat.Html : ReportFormat.Markdown;
            Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => visualizer.WriteSummaryReport(fmt, w, TimeSpan.FromHours(stale)));
        });
        return command;
    }

    private static Command Timeline()
    {
        var store = CommonOptions.Store();
        var hours = CommonOptions.Hours("--hours", "How far back to look.");
        var now = OperationsCommands.Now();
        var format = CommonOptions.Format("md", "md", "json");
        var output = CommonOptions.Output();
        var command = new Command("timeline", "The timeline of runs over the last N hours (of now, or of --now).") { store, hours, now, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var window = TimeSpan.FromHours(CommonOptions.HoursValue(result, hours));
            var session = await CommandAction.OpenAsync(result, store, ct);
            var at = OperationsCommands.ParseTime(result.GetValue(now), "--now") ?? session.Moment ?? DateTimeOffset.UtcNow;
            var timeline = RunTimeline.Of(session.Graph, at - window, at);
            Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => TimelineExporter.Write(timeline, result.GetValue(format) == "json" ? ReportFormat.Json : ReportFormat.Markdown, w));
        });
        return command;
    }
}
