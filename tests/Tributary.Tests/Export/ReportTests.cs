using System.Text.Json;
using System.Xml.Linq;
using Tributary.Export;

namespace Tributary.Tests.Export;

public sealed class ReportTests
{
    [Theory]
    [InlineData(ReportFormat.Text)]
    [InlineData(ReportFormat.Markdown)]
    [InlineData(ReportFormat.Json)]
    public void Impact_analysis_matches_the_snapshot(ReportFormat format)
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(), new ExportOptions { IncludeFields = true });

        var text = ExportFixture.Render(w => visualizer.WriteImpactAnalysis(ExportFixture.RawOrders, format, w));

        Snapshot.Match(text, format.ToString());
    }

    [Fact]
    public void Impact_json_counts_every_downstream_node_and_the_owners_to_notify()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var json = ExportFixture.Render(w => visualizer.WriteImpactAnalysis(ExportFixture.RawOrders, ReportFormat.Json, w));

        using var document = JsonDocument.Parse(json);
        Assert.Equal(2, document.RootElement.GetProperty("datasetCount").GetInt32());
        Assert.Equal(2, document.RootElement.GetProperty("jobCount").GetInt32());
        Assert.Equal("team:finance", document.RootElement.GetProperty("owners")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(ReportFormat.Json)]
    [InlineData(ReportFormat.Markdown)]
    public void Timeline_of_the_last_day_matches_the_snapshot(ReportFormat format)
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var text = ExportFixture.Render(w => visualizer.WriteTimeline(TimeSpan.FromHours(24), format, w));

        Snapshot.Match(text, format.ToString());
    }

    [Fact]
    public void Timeline_leaves_out_runs_that_ended_before_the_window()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var timeline = visualizer.GenerateTimelineData(TimeSpan.FromHours(21));

        Assert.Equal(2, timeline.Entries.Count);
        Assert.All(timeline.Entries, e => Assert.Equal("build_revenue", e.Job.Name));
    }

    [Fact]
    public void Summary_report_in_markdown_matches_the_snapshot()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var text = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Markdown, w, TimeSpan.FromHours(20)));

        Snapshot.Match(text);
    }

    [Fact]
    public void Html_report_is_well_formed_and_self_contained()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var html = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Html, w, TimeSpan.FromHours(20)));

        var document = Html.Parse(html);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe");
        Assert.DoesNotContain(document.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href" && !((string)a).StartsWith('#'));
        Assert.Equal(3, document.Descendants().Count(e => e.Name.LocalName == "svg"));
        Assert.Equal(
            ["Lineage graph", "Run durations over time", "Data volume over time", "Performance", "Failures", "Incidents", "Data quality", "Personal data", "Stale data", "Recent runs"],
            document.Descendants().Where(e => e.Name.LocalName == "h2").Select(e => e.Value));
    }

    [Fact]
    public void Html_report_lists_failures_with_their_errors_and_performance_percentiles()
    {
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail());

        var html = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Html, w, TimeSpan.FromHours(20)));

        var tables = Html.Parse(html).Descendants().Where(e => e.Name.LocalName == "table").ToList();
        var performance = tables[0].Descendants().Where(e => e.Name.LocalName == "tr").Select(r => string.Join("|", r.Elements().Select(c => c.Value))).ToList();
        Assert.Equal("Job|Runs|Mean|p50|p95|Max|Error rate", performance[0]);
        Assert.Equal("retail:ingest_orders|3|50 s|50 s|1 min|1 min|33.3%", performance[2]);
        Assert.Contains("duplicate key value violates unique constraint \"orders_pkey\"", tables[1].Value, StringComparison.Ordinal);
        var stale = Html.Parse(html).Descendants().Single(e => e.Name.LocalName == "section" && e.Elements().Any(h => h.Name.LocalName == "h2" && h.Value == "Stale data"));
        Assert.Contains("public.orders_raw", stale.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_report_of_five_thousand_nodes_draws_a_capped_graph_and_says_so()
    {
        var visualizer = ExportFixture.Visualizer(LargeGraph.Events(2500), new ExportOptions { MaxDrawnNodes = 200 });

        var html = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Html, w));

        var document = Html.Parse(html);
        Assert.Contains("Showing the 200 best-connected of 5,001 datasets and jobs", html, StringComparison.Ordinal);
        var graph = document.Descendants().First(e => e.Name.LocalName == "svg");
        Assert.Equal(200, graph.Descendants().Count(e => e.Name.LocalName == "rect"));
    }
}

/// <summary>Parses the XHTML-compatible report as XML once the HTML5 doctype is removed.</summary>
public static class Html
{
    /// <summary>The report as an XML document; throws when it is not well-formed.</summary>
    public static XDocument Parse(string html)
    {
        const string Doctype = "<!DOCTYPE html>\n";
        Assert.StartsWith(Doctype, html, StringComparison.Ordinal);
        return XDocument.Parse(html[Doctype.Length..]);
    }
}
