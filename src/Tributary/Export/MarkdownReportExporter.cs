using Tributary.Graph;

namespace Tributary.Export;

/// <summary>Writes a <see cref="SummaryReport"/> as GitHub-flavoured Markdown, with the graph as a Mermaid diagram when it is small enough.</summary>
public static class MarkdownReportExporter
{
    /// <summary>Writes the report: totals, graph, performance, failures, stale data and recent runs.</summary>
    public static void Write(SummaryReport report, TextWriter output, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        options ??= ExportOptions.Default;
        output.Write("# " + MarkdownText.Escape(report.Title) + "\n\n");
        output.Write("Generated " + Formats.Readable(report.GeneratedAt) + " UTC.\n\n");
        output.Write(MarkdownText.Header("Totals", "Count"));
        foreach (var total in report.Totals)
        {
            output.Write(MarkdownText.Row(total.Key, Formats.Count(total.Count)));
        }

        WriteCounts(output, "Datasets by type", "Type", report.DatasetsByType);
        WriteCounts(output, "Runs by state", "State", report.RunsByState);

        output.Write("\n## Lineage graph\n\n");
        if (report.Graph.Nodes.Count == 0)
        {
            output.Write("The graph is empty.\n");
        }
        else if (report.Graph.Nodes.Count > options.MaxDrawnNodes)
        {
            output.Write($"The graph has {Formats.Count(report.Graph.Nodes.Count)} nodes, more than the {Formats.Count(options.MaxDrawnNodes)} drawn in Markdown; export it with the DOT exporter instead.\n");
        }
        else
        {
            output.Write("```mermaid\n");
            new MermaidExporter().Write(report.Graph, output);
            output.Write("```\n");
        }

        output.Write("\n## Performance\n\n");
        if (report.Performance.Count == 0)
        {
            output.Write("No finished runs.\n");
        }
        else
        {
            output.Write(MarkdownText.Header("Job", "Runs", "Mean", "p50", "p95", "Max", "Error rate"));
            foreach (var stats in report.Performance)
            {
                output.Write(MarkdownText.Row(MarkdownText.Escape(stats.Key), Formats.Count(stats.Count), Formats.Milliseconds(stats.MeanMs),
                    Formats.Milliseconds(stats.P50Ms), Formats.Milliseconds(stats.P95Ms), Formats.Milliseconds(stats.MaxMs), Formats.Percent(stats.ErrorRate)));
            }
        }

        output.Write("\n## Failures\n\n");
        if (report.Failures.Count == 0)
        {
            output.Write("No failed or aborted runs.\n");
        }
        else
        {
            output.Write(MarkdownText.Header("Job", "Run", "State", "Started", "Error"));
            foreach (var run in report.Failures)
            {
                output.Write(MarkdownText.Row(MarkdownText.Escape(run.Job.ToString()), run.Id.ToString(), Formats.State(run.State),
                    Formats.Readable(run.StartedAt), MarkdownText.Escape(run.ErrorMessage)));
            }
        }

        WriteIncidents(report, output);
        WriteQuality(report, output);
        WritePii(report, output);
        output.Write("\n## Stale data\n\n");
        output.Write("Datasets not written for more than " + Formats.Duration(report.StaleAfter) + ".\n\n");
        if (report.Stale.Count == 0)
        {
            output.Write("Nothing is stale.\n");
        }
        else
        {
            output.Write(MarkdownText.Header("Dataset", "Last written", "Last seen", "Age"));
            foreach (var stale in report.Stale)
            {
                output.Write(MarkdownText.Row(MarkdownText.Escape(stale.Dataset.ToString()), stale.LastWritten is { } written ? Formats.Readable(written) : "never",
                    Formats.Readable(stale.LastSeen), Formats.Duration(stale.Age)));
            }
        }

        output.Write("\n## Recent runs\n\n");
        if (report.RecentRuns.Count == 0)
        {
            output.Write("No runs.\n");
            return;
        }

        if (report.RecentRuns.Count < report.RunCount)
        {
            output.Write($"The {Formats.Count(report.RecentRuns.Count)} most recent of {Formats.Count(report.RunCount)} runs.\n\n");
        }

        output.Write(MarkdownText.Header("Job", "Started", "State", "Duration", "Rows out"));
        foreach (var run in report.RecentRuns)
        {
            output.Write(MarkdownText.Row(MarkdownText.Escape(run.Job.ToString()), Formats.Readable(run.StartedAt), Formats.State(run.State),
                Formats.Duration(run.Duration), RowsOut(run) is { } rows ? Formats.Count(rows) : "—"));
        }
    }

    internal static long? RowsOut(RunInfo run) => run.Outputs.Any(o => o.RowCount is not null) ? run.Outputs.Sum(o => o.RowCount ?? 0) : null;

    private static void WriteCounts(TextWriter output, string title, string column, IReadOnlyList<SummaryCount> counts)
    {
        if (counts.Count == 0)
        {
            return;
        }

        output.Write("\n### " + title + "\n\n" + MarkdownText.Header(column, "Count"));
        foreach (var count in counts)
        {
            output.Write(MarkdownText.Row(MarkdownText.Escape(count.Key), Formats.Count(count.Count)));
        }
    }

    private static void WriteIncidents(SummaryReport report, TextWriter output)
    {
        output.Write("\n## Incidents\n\n");
        if (report.Incidents.Count == 0)
        {
            output.Write("No data-quality incidents.\n");
            return;
        }

        output.Write(MarkdownText.Header("Incident", "Status", "Severity", "Node", "Check", "Opened", "Root cause", "Notify"));
        foreach (var i in report.Incidents)
        {
            output.Write(MarkdownText.Row(MarkdownText.Escape(i.Id.ToString()), Formats.Name(i.Status), Formats.Name(i.Severity), MarkdownText.Escape(i.Node.ToString()),
                MarkdownText.Escape(i.Column is null ? i.Check : $"{i.Check} on {i.Column}"), Formats.Readable(i.OpenedAt),
                MarkdownText.Escape(i.RootCauses is [var top, ..] ? top.Node.ToString() : "none found"), MarkdownText.Escape(string.Join(", ", i.Owners.Select(o => o.Name)))));
        }

        output.Write("\n");
        foreach (var i in report.Incidents)
        {
            output.Write("- " + MarkdownText.Escape(i.Summary) + "\n");
        }
    }

    private static void WriteQuality(SummaryReport report, TextWriter output)
    {
        output.Write("\n## Data quality\n\n");
        if (report.QualityFailures.Count == 0)
        {
            output.Write("No failed data-quality assertions.\n");
            return;
        }

        output.Write(MarkdownText.Header("Dataset", "Check", "Reported by", "At", "Root cause", "Affected downstream", "Notify", "Incident"));
        foreach (var failure in report.QualityFailures)
        {
            var check = failure.Assertion.Column is { } column ? failure.Assertion.Name + " on " + column : failure.Assertion.Name;
            output.Write(MarkdownText.Row(MarkdownText.Escape(failure.Dataset.Name), MarkdownText.Escape(check), MarkdownText.Escape(failure.Job.Name), Formats.Readable(failure.At),
                MarkdownText.Escape(failure.RootCauseText), MarkdownText.Escape(failure.DownstreamText), MarkdownText.Escape(failure.NotifyText),
                failure.Incident is { } incident ? MarkdownText.Escape(incident.Id.ToString()) + " (" + Formats.Name(incident.Status) + ")" : "—"));
        }
    }

    private static void WritePii(SummaryReport report, TextWriter output)
    {
        output.Write("\n## Personal data\n\n");
        if (report.Pii is not { PiiFields.Count: > 0 } pii)
        {
            output.Write("No fields are tagged or named as personal data.\n");
            return;
        }

        output.Write(MarkdownText.Escape(Formats.PiiSummary(pii)) + "\n\n");
        output.Write(MarkdownText.Header("Field", "Why", "Reaches (unmasked)", "Masked at"));
        var flows = pii.Flows.ToDictionary(f => f.Source);
        foreach (var field in pii.PiiFields)
        {
            var flow = flows.GetValueOrDefault(field.Field);
            output.Write(MarkdownText.Row(MarkdownText.Escape(field.Field.ToString()), MarkdownText.Escape(field.Reason),
                MarkdownText.Escape(flow is null ? "" : string.Join(", ", flow.Datasets)), MarkdownText.Escape(flow is null ? "" : string.Join(", ", flow.MaskedAt))));
        }
    }
}
