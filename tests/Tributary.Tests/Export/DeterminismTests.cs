using Tributary.Export;
using Tributary.Model;

namespace Tributary.Tests.Export;

public sealed class DeterminismTests
{
    public static TheoryData<string> Outputs() => ["dot", "mermaid", "marquez", "json", "impact", "timeline-json", "timeline-md", "report-md", "report-html"];

    [Theory]
    [MemberData(nameof(Outputs))]
    public void The_same_events_in_a_different_order_give_byte_identical_output(string output)
    {
        var events = ExportEvents.Retail(ExportEvents.Hostile);
        List<LineageEvent> shuffled = [.. events.Select((e, i) => (e, key: (i * 7919) % events.Count)).OrderBy(p => p.key).Select(p => p.e)];
        Assert.NotEqual(events, shuffled);

        var first = Render(events, output);
        var second = Render(shuffled, output);

        Assert.Equal(first, second);
    }

    private static string Render(IReadOnlyList<LineageEvent> events, string output)
    {
        var visualizer = ExportFixture.Visualizer(events, new ExportOptions { IncludeFields = true });
        return ExportFixture.Render(w =>
        {
            switch (output)
            {
                case "impact":
                    visualizer.WriteImpactAnalysis(ExportFixture.RawOrders, ReportFormat.Json, w);
                    break;
                case "timeline-json":
                    visualizer.WriteTimeline(TimeSpan.FromDays(2), ReportFormat.Json, w);
                    break;
                case "timeline-md":
                    visualizer.WriteTimeline(TimeSpan.FromDays(2), ReportFormat.Markdown, w);
                    break;
                case "report-md":
                    visualizer.WriteSummaryReport(ReportFormat.Markdown, w);
                    break;
                case "report-html":
                    visualizer.WriteSummaryReport(ReportFormat.Html, w);
                    break;
                default:
                    visualizer.Export(output, w);
                    break;
            }
        });
    }
}
