using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tributary.Export;
using Tributary.Model;

namespace Tributary.Tests.Export;

// Names from users are data: a dataset and a job named to break every format must come out inert and valid.
public sealed partial class HostileNameTests
{
    private static readonly ExportOptions WithFields = new() { IncludeFields = true };

    private static LineageVisualizer Visualizer() => ExportFixture.Visualizer(ExportEvents.Retail(ExportEvents.Hostile), WithFields);

    [Fact]
    public void Hostile_names_render_with_graphviz_as_their_own_nodes()
    {
        var dot = Visualizer().ExportToDot();

        var (exitCode, svg, errors) = Graphviz.RenderSvg(dot);

        Assert.True(exitCode == 0, errors);
        var nodes = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "node").ToList();
        Assert.Equal(13, nodes.Count);
        Assert.Contains(nodes, n => n.Elements().First(e => e.Name.LocalName == "title").Value == "dataset:warehouse:" + ExportEvents.Hostile.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        Assert.DoesNotContain("<img", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_in_dot_stay_inside_their_quoted_strings()
    {
        var dot = Visualizer().ExportToDot();

        Assert.All(dot.Split('\n', StringSplitOptions.RemoveEmptyEntries)[4..^1], line => Assert.Matches(DotStatement(), line));
    }

    [Fact]
    public void Hostile_names_in_mermaid_become_entity_codes_inside_quoted_labels()
    {
        var mermaid = Visualizer().ExportToMermaid();

        var nodes = mermaid.Split('\n').Where(l => MermaidNodeStart().IsMatch(l)).ToList();
        Assert.Equal(13, nodes.Count);
        Assert.All(nodes, line => Assert.Matches(MermaidNode(), line.Replace("<br/>", " ", StringComparison.Ordinal)));
        Assert.Contains("#lt;img src=x onerror=alert#40;1#41;#gt;#quot;q#quot; #39;a#39;#10;#93;#124;#123;b#125;#35;quot#59;#92;#96;#42;_#126;", mermaid, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("marquez")]
    [InlineData("json")]
    public void Hostile_names_in_json_round_trip_exactly_and_carry_no_raw_markup(string format)
    {
        var visualizer = Visualizer();

        var json = ExportFixture.Render(w => visualizer.Export(format, w));

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var ids = document.RootElement.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : [])
            .Where(e => e.TryGetProperty("id", out _)).Select(e => e.GetProperty("id").GetString()).ToList();
        Assert.Contains("dataset:warehouse:" + ExportEvents.Hostile, ids);
        Assert.Contains("job:retail:" + ExportEvents.Hostile, ids);
    }

    [Theory]
    [InlineData(ReportFormat.Markdown)]
    [InlineData(ReportFormat.Text)]
    [InlineData(ReportFormat.Json)]
    public void Hostile_names_in_impact_analysis_cannot_forge_lines_tables_or_markup(ReportFormat format)
    {
        var visualizer = Visualizer();

        var text = ExportFixture.Render(w => visualizer.WriteImpactAnalysis(ExportFixture.RawOrders, format, w));

        var clean = ExportFixture.Render(w => ExportFixture.Visualizer(ExportEvents.Retail(), WithFields).WriteImpactAnalysis(ExportFixture.RawOrders, format, w));
        Assert.Equal(clean.Split('\n').Length, text.Split('\n').Length);
        if (format != ReportFormat.Text)
        {
            // Plain text is shown, never interpreted; Markdown and JSON must not carry markup.
            Assert.DoesNotContain("<img", text, StringComparison.Ordinal);
        }

        if (format == ReportFormat.Markdown)
        {
            AssertTableRowsKeepTheirCells(text);
        }
    }

    [Fact]
    public void Hostile_names_in_the_markdown_timeline_and_report_stay_in_their_cells()
    {
        var visualizer = Visualizer();

        var timeline = ExportFixture.Render(w => visualizer.WriteTimeline(TimeSpan.FromDays(2), ReportFormat.Markdown, w));
        var report = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Markdown, w));

        foreach (var text in new[] { timeline, report })
        {
            Assert.DoesNotContain("<img", text, StringComparison.Ordinal);
            AssertTableRowsKeepTheirCells(text);
        }
    }

    [Fact]
    public void Hostile_names_in_the_timeline_json_round_trip_exactly()
    {
        var visualizer = Visualizer();

        var json = ExportFixture.Render(w => visualizer.WriteTimeline(TimeSpan.FromDays(2), ReportFormat.Json, w));

        using var document = JsonDocument.Parse(json);
        var jobs = document.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("job").GetProperty("name").GetString());
        Assert.Contains(ExportEvents.Hostile, jobs);
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_in_the_html_report_are_escaped_text_never_markup()
    {
        var visualizer = Visualizer();

        var html = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Html, w));

        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        var document = Html.Parse(html);
        Assert.DoesNotContain(document.Descendants(), e => e.Name.LocalName is "img" or "script");
        Assert.DoesNotContain(document.Descendants().Attributes(), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));
        var titles = document.Descendants().Where(e => e.Name.LocalName == "title").Select(e => e.Value);
        Assert.Contains("dataset:warehouse:" + ExportEvents.Hostile, titles);
        Assert.Contains(document.Descendants(), e => e.Name.LocalName == "td" && e.Value == ExportEvents.Hostile);
    }

    [Fact]
    public void A_right_to_left_override_in_a_name_is_shown_escaped_in_the_html_and_markdown_reports()
    {
        const string Reversed = "invoice\u202Efdp.exe\u2066x\u001b[2J";
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(Reversed), WithFields);

        var html = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Html, w));
        var markdown = ExportFixture.Render(w => visualizer.WriteSummaryReport(ReportFormat.Markdown, w));
        var impact = ExportFixture.Render(w => visualizer.WriteImpactAnalysis(ExportFixture.RawOrders, ReportFormat.Markdown, w));
        var text = ExportFixture.Render(w => visualizer.WriteImpactAnalysis(ExportFixture.RawOrders, ReportFormat.Text, w));

        foreach (var report in new[] { html, markdown, impact, text })
        {
            Assert.DoesNotContain('\u202E', report);
            Assert.DoesNotContain('\u2066', report);
            Assert.DoesNotContain('\u001b', report);
            Assert.Contains("\\u202e", report, StringComparison.Ordinal);
        }

        Assert.Contains("invoice\\u202efdp.exe\\u2066x\\u001b[2J", html, StringComparison.Ordinal);
        Assert.NotNull(Html.Parse(html));
    }

    [Fact]
    public void A_name_of_20_kilobytes_is_cut_with_an_ellipsis_in_its_dot_label_and_the_whole_graph_still_renders()
    {
        var name = "staging." + new string('n', 20 * 1024);
        var visualizer = ExportFixture.Visualizer(ExportEvents.Retail(name), WithFields);

        var dot = visualizer.ExportToDot();
        var (exitCode, svg, errors) = Graphviz.RenderSvg(dot);

        Assert.True(exitCode == 0, errors);
        var nodes = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "node").ToList();
        Assert.Equal(13, nodes.Count);
        var titles = nodes.Select(n => n.Elements().First(e => e.Name.LocalName == "title").Value).ToList();
        Assert.Contains("dataset:warehouse:" + name, titles);
        var labels = nodes.SelectMany(n => n.Elements().Where(e => e.Name.LocalName == "text")).Select(t => t.Value).ToList();
        Assert.Contains(name[..DotExporter.MaxLabelLength] + "…", labels);
        Assert.DoesNotContain(labels, l => l.Length > DotExporter.MaxLabelLength + 1);
    }

    // Every table row must have exactly as many unescaped cell separators as its header.
    private static void AssertTableRowsKeepTheirCells(string markdown)
    {
        var expected = -1;
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith('|'))
            {
                expected = -1;
                continue;
            }

            var pipes = UnescapedPipe().Matches(line).Count;
            expected = expected < 0 ? pipes : expected;
            Assert.True(expected == pipes, "A row lost its shape: " + line);
        }
    }

    [GeneratedRegex(@"^  (""(\\.|[^""\\])*"" \[.*\]|""(\\.|[^""\\])*"" -> ""(\\.|[^""\\])*""( \[.*\])?);$")]
    private static partial Regex DotStatement();

    [GeneratedRegex(@"^  n\d+[\[\(>]")]
    private static partial Regex MermaidNodeStart();

    [GeneratedRegex(@"^  n\d+(\[\(""|\(""|>""|\["")[^""<>\[\]{}|()\n`]*(""\)\]|""\)|""\])$")]
    private static partial Regex MermaidNode();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex UnescapedPipe();
}
