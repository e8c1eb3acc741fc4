using System.Text.Json;
using System.Xml.Linq;
using Tributary.Export;

namespace Tributary.Tests.Export;

public sealed class GraphExportTests
{
    private static readonly ExportOptions WithFields = new() { IncludeFields = true };

    [Fact]
    public void Dot_export_of_the_whole_graph_matches_the_snapshot()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(), WithFields);

        Snapshot.Match(visualizer.ExportToDot());
    }

    [Fact]
    public void Dot_export_renders_with_graphviz_to_valid_svg()
    {
        var dot = ExportFixture.Visualizer(ExportEvents.Retail(), WithFields).ExportToDot();

        var (exitCode, svg, errors) = Graphviz.RenderSvg(dot);

        Assert.True(exitCode == 0, errors);
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal(13, root.Descendants().Count(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "node"));
    }

    [Fact]
    public void Dot_export_draws_left_to_right_with_datasets_as_cylinders_and_jobs_as_ellipses()
    {
        var dot = ExportFixture.Visualizer(ExportEvents.Retail()).ExportToDot();

        Assert.Contains("rankdir=LR", dot, StringComparison.Ordinal);
        Assert.Contains("\"dataset:warehouse:staging.orders\" [shape=cylinder", dot, StringComparison.Ordinal);
        Assert.Contains("\"job:retail:build_revenue\" [shape=ellipse", dot, StringComparison.Ordinal);
        Assert.DoesNotContain("datasetField:", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Mermaid_export_matches_the_snapshot()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(), WithFields);

        Snapshot.Match(visualizer.ExportToMermaid());
    }

    [Fact]
    public void Marquez_json_export_matches_the_snapshot()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(), WithFields);

        Snapshot.Match(visualizer.ExportToJson());
    }

    [Fact]
    public void Marquez_json_has_the_lineage_graph_shape_with_edges_on_both_ends()
    {
        var json = ExportFixture.Visualizer(ExportEvents.Retail()).ExportToJson();

        using var document = JsonDocument.Parse(json);
        var nodes = document.RootElement.GetProperty("graph").EnumerateArray().ToList();
        var staging = nodes.Single(n => n.GetProperty("id").GetString() == "dataset:warehouse:staging.orders");
        Assert.Equal("DATASET", staging.GetProperty("type").GetString());
        Assert.Equal("warehouse", staging.GetProperty("data").GetProperty("id").GetProperty("namespace").GetString());
        Assert.Equal(3, staging.GetProperty("data").GetProperty("fields").GetArrayLength());
        Assert.Equal("job:retail:ingest_orders", staging.GetProperty("inEdges")[0].GetProperty("origin").GetString());
        Assert.Equal("job:retail:build_revenue", staging.GetProperty("outEdges")[0].GetProperty("destination").GetString());
        var job = nodes.Single(n => n.GetProperty("id").GetString() == "job:retail:ingest_orders");
        Assert.Equal("COMPLETED", job.GetProperty("data").GetProperty("latestRun").GetProperty("state").GetString());
        Assert.Equal(nodes.Select(n => n.GetProperty("id").GetString()), nodes.Select(n => n.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Marquez_json_of_a_field_lineage_lists_input_fields_with_their_transformations()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(), WithFields);
        var revenue = Tributary.Model.NodeId.Parse("datasetField:warehouse:analytics.customer_revenue:revenue");

        var json = ExportFixture.Render(w => visualizer.Export("marquez", w, visualizer.GenerateGraphData(revenue)));

        Snapshot.Match(json);
    }

    [Fact]
    public void Plain_json_export_of_a_lineage_result_matches_the_snapshot()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var json = ExportFixture.Render(w => visualizer.Export("json", w, visualizer.GenerateGraphData(ExportFixture.Staging(), 1, 1)));

        Snapshot.Match(json);
    }

    [Fact]
    public void Exporters_are_found_by_format_name_ignoring_case()
    {
        Assert.IsType<DotExporter>(LineageExporters.Find("DOT"));
        Assert.IsType<MermaidExporter>(LineageExporters.Find("mermaid"));
        Assert.IsType<MarquezJsonExporter>(LineageExporters.Find("marquez"));
        Assert.IsType<GraphJsonExporter>(LineageExporters.Find("json"));
        Assert.Null(LineageExporters.Find("png"));
    }

    [Fact]
    public void Exporting_an_unknown_format_names_the_formats_there_are()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var error = Assert.Throws<ArgumentException>(() => visualizer.Export("png", TextWriter.Null));

        Assert.Contains("dot, json, marquez, mermaid", error.Message, StringComparison.Ordinal);
    }
}
