using Tributary.Graph;

namespace Tributary.Export;

/// <summary>
/// Writes a <see cref="SummaryReport"/> as one self-contained HTML file: inline CSS, no scripts, fonts or external
/// files, the graph drawn as inline SVG with a layered left-to-right layout, charts of run durations and volumes,
/// and tables of performance, failures, stale data and recent runs. The markup is XHTML-compatible and every name
/// is escaped, in text and attributes alike.
/// </summary>
public static partial class HtmlReportExporter
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;padding:24px 32px;color:#1f2933;background:#f7f9fb}
        h1{margin:0 0 4px;font-size:26px}h2{margin:32px 0 8px;font-size:19px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
        .muted{color:#627d98;font-size:13px}
        .cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
        .card{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:10px 16px;min-width:110px}
        .card b{display:block;font-size:22px}.card span{color:#627d98;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .scroll{overflow:auto;background:#fff;border:1px solid #d9e2ec;border-radius:8px;max-height:820px}
        table{border-collapse:collapse;background:#fff;font-size:13px;min-width:50%;max-width:100%}
        th,td{border:1px solid #d9e2ec;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        th{background:#eef2f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .FAIL,.ABORT{color:#b3261e;font-weight:600}.COMPLETE{color:#1e7b34}
        .error{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;white-space:pre-wrap;max-width:720px}
        svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
        """;

    /// <summary>Writes the report as one HTML document.</summary>
    public static void Write(SummaryReport report, TextWriter output, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        options ??= ExportOptions.Default;
        var title = HtmlText.Escape(report.Title);
        output.Write("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n");
        output.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
        output.Write("<title>" + title + "</title>\n<style>\n" + Style + "\n</style>\n</head>\n<body>\n");
        output.Write("<header><h1>" + title + "</h1><div class=\"muted\">Generated " + Formats.Readable(report.GeneratedAt) + " UTC by Tributary</div></header>\n");

        output.Write("<section class=\"cards\">\n");
        foreach (var total in report.Totals)
        {
            output.Write("<div class=\"card\"><b>" + Formats.Count(total.Count) + "</b><span>" + HtmlText.Escape(total.Key) + "</span></div>\n");
        }

        foreach (var state in report.RunsByState)
        {
            output.Write("<div class=\"card\"><b class=\"" + HtmlText.Escape(state.Key) + "\">" + Formats.Count(state.Count) + "</b><span>runs " + HtmlText.Escape(state.Key) + "</span></div>\n");
        }

        output.Write("</section>\n");

        output.Write("<section>\n<h2>Lineage graph</h2>\n");
        WriteGraph(report.Graph, output, options.MaxDrawnNodes, IncidentNotes(report), PersonalDataNotes(report));
        output.Write("<p class=\"muted\">Red with <b>!</b>: an open data-quality incident (see Data quality below). <b>PII</b>: personal data reaches it unmasked (see Personal data). Hover a node for details.</p>\n");
        output.Write("</section>\n");

        output.Write("<section>\n<h2>Run durations over time</h2>\n");
        WriteDurationChart(report.RecentRuns, output);
        output.Write("</section>\n");

        output.Write("<section>\n<h2>Data volume over time</h2>\n");
        WriteVolumeChart(report.Volume, output);
        output.Write("</section>\n");

        WritePerformance(report, output);
        WriteFailures(report, output);
        WriteIncidents(report, output);
        WriteQuality(report, output);
        WritePii(report, output);
        WriteStale(report, output);
        WriteRuns(report, output);
        output.Write("</body>\n</html>\n");
    }

    // What each node's open incidents say, for the graph's red marks and their hover text.
    private static Dictionary<Model.NodeId, string> IncidentNotes(SummaryReport report)
    {
        var notes = new Dictionary<Model.NodeId, string>();
        foreach (var incident in report.Incidents.Where(i => i.Status == Incidents.IncidentStatus.Open))
        {
            var text = "open incident: " + (incident.Column is null ? incident.Check : incident.Check + " on " + incident.Column) + " failed";
            notes[incident.Node] = notes.TryGetValue(incident.Node, out var earlier) ? earlier + "\n" + text : text;
        }

        return notes;
    }

    // Which datasets personal data reaches unmasked and where masking stops it, for the graph's PII marks.
    private static Dictionary<Model.NodeId, string> PersonalDataNotes(SummaryReport report)
    {
        var notes = new Dictionary<Model.NodeId, string>();
        if (report.Pii is not { } pii)
        {
            return notes;
        }

        foreach (var fields in pii.AffectedFields.GroupBy(f => f.Dataset))
        {
            notes[Model.NodeId.From(fields.Key)] = "personal data, unmasked: " + string.Join(", ", fields.Select(f => f.Name));
        }

        foreach (var masked in pii.Flows.SelectMany(f => f.MaskedAt).Distinct().GroupBy(f => f.Dataset))
        {
            var node = Model.NodeId.From(masked.Key);
            var text = "masking stops personal data at " + string.Join(", ", masked.Select(f => f.Name));
            notes[node] = notes.TryGetValue(node, out var earlier) ? earlier + "\n" + text : text;
        }

        return notes;
    }

    private static void WritePerformance(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Performance</h2>\n");
        if (report.Performance.Count == 0)
        {
            output.Write("<p class=\"muted\">No finished runs.</p>\n</section>\n");
            return;
        }

        output.Write("<table>\n<thead><tr><th>Job</th><th>Runs</th><th>Mean</th><th>p50</th><th>p95</th><th>Max</th><th>Error rate</th></tr></thead>\n<tbody>\n");
        foreach (var stats in report.Performance)
        {
            output.Write("<tr><td>" + HtmlText.Escape(stats.Key) + "</td>" + Number(Formats.Count(stats.Count)) + Number(Formats.Milliseconds(stats.MeanMs))
                + Number(Formats.Milliseconds(stats.P50Ms)) + Number(Formats.Milliseconds(stats.P95Ms)) + Number(Formats.Milliseconds(stats.MaxMs))
                + Number(Formats.Percent(stats.ErrorRate)) + "</tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteFailures(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Failures</h2>\n");
        if (report.Failures.Count == 0)
        {
            output.Write("<p class=\"muted\">No failed or aborted runs.</p>\n</section>\n");
            return;
        }

        output.Write("<table>\n<thead><tr><th>Job</th><th>Run</th><th>State</th><th>Started</th><th>Error</th></tr></thead>\n<tbody>\n");
        foreach (var run in report.Failures)
        {
            output.Write("<tr><td>" + HtmlText.Escape(run.Job.ToString()) + "</td><td>" + run.Id + "</td>" + StateCell(run)
                + "<td>" + Formats.Readable(run.StartedAt) + "</td><td class=\"error\">" + HtmlText.Escape(run.ErrorMessage ?? "") + "</td></tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteIncidents(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Incidents</h2>\n");
        if (report.Incidents.Count == 0)
        {
            output.Write("<p class=\"muted\">No data-quality incidents.</p>\n</section>\n");
            return;
        }

        output.Write("<table>\n<thead><tr><th>Incident</th><th>Status</th><th>Severity</th><th>Node</th><th>Check</th><th>Opened</th><th>Root cause</th><th>Notify</th></tr></thead>\n<tbody>\n");
        foreach (var i in report.Incidents)
        {
            output.Write("<tr title=\"" + HtmlText.Escape(i.Summary) + "\"><td>" + HtmlText.Escape(i.Id.ToString()) + "</td><td" + (i.Status == Incidents.IncidentStatus.Open ? " class=\"error\"" : "") + ">"
                + Formats.Name(i.Status) + "</td><td>" + Formats.Name(i.Severity) + "</td><td>" + HtmlText.Escape(i.Node.ToString()) + "</td><td>"
                + HtmlText.Escape(i.Column is null ? i.Check : $"{i.Check} on {i.Column}") + "</td><td>" + Formats.Readable(i.OpenedAt) + "</td><td>"
                + HtmlText.Escape(i.RootCauses is [var top, ..] ? top.Node.ToString() : "none found") + "</td><td>" + HtmlText.Escape(string.Join(", ", i.Owners.Select(o => o.Name))) + "</td></tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteQuality(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Data quality</h2>\n");
        if (report.QualityFailures.Count == 0)
        {
            output.Write("<p class=\"muted\">No failed data-quality assertions.</p>\n</section>\n");
            return;
        }

        output.Write("<p class=\"muted\">Each failed check with its incident's root cause, what it affects downstream and whom to tell (as <code>tributary incident ID</code> says).</p>\n");
        output.Write("<table id=\"quality\">\n<thead><tr><th>Dataset</th><th>Check</th><th>Reported by</th><th>At</th><th>Root cause</th><th>Affected downstream</th><th>Notify</th><th>Incident</th></tr></thead>\n<tbody>\n");
        foreach (var failure in report.QualityFailures)
        {
            var check = failure.Assertion.Column is { } column ? failure.Assertion.Name + " on " + column : failure.Assertion.Name;
            var what = failure.Incident?.Description ?? failure.Assertion.Description;
            output.Write("<tr><td title=\"" + HtmlText.Escape(failure.Dataset.ToString()) + "\">" + HtmlText.Escape(failure.Dataset.Name) + "</td><td><span class=\"FAIL\">" + HtmlText.Escape(check) + "</span>"
                + (what is null ? "" : "<br /><span class=\"muted\">" + HtmlText.Escape(what) + "</span>") + "</td><td>" + HtmlText.Escape(failure.Job.Name) + "</td><td>" + Formats.Readable(failure.At)
                + "</td><td>" + HtmlText.Escape(failure.RootCauseText) + "</td><td>" + HtmlText.Escape(failure.DownstreamText) + "</td><td>" + HtmlText.Escape(failure.NotifyText) + "</td><td>"
                + (failure.Incident is { } incident ? HtmlText.Escape(incident.Id.ToString()) + " (" + Formats.Name(incident.Status) + ")" : "—") + "</td></tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void WritePii(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Personal data</h2>\n");
        if (report.Pii is not { PiiFields.Count: > 0 } pii)
        {
            output.Write("<p class=\"muted\">No fields are tagged or named as personal data.</p>\n</section>\n");
            return;
        }

        output.Write("<p>" + HtmlText.Escape(Formats.PiiSummary(pii)) + "</p>\n");
        output.Write("<table>\n<thead><tr><th>Field</th><th>Why</th><th>Reaches (unmasked)</th><th>Masked at</th></tr></thead>\n<tbody>\n");
        var flows = pii.Flows.ToDictionary(f => f.Source);
        foreach (var field in pii.PiiFields)
        {
            var flow = flows.GetValueOrDefault(field.Field);
            output.Write("<tr><td>" + HtmlText.Escape(field.Field.ToString()) + "</td><td>" + HtmlText.Escape(field.Reason) + "</td><td>"
                + HtmlText.Escape(flow is null ? "" : string.Join(", ", flow.Datasets)) + "</td><td>" + HtmlText.Escape(flow is null ? "" : string.Join(", ", flow.MaskedAt)) + "</td></tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteStale(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Stale data</h2>\n<p class=\"muted\">Datasets not written for more than " + Formats.Duration(report.StaleAfter) + ".</p>\n");
        if (report.Stale.Count == 0)
        {
            output.Write("<p class=\"muted\">Nothing is stale.</p>\n</section>\n");
            return;
        }

        output.Write("<table>\n<thead><tr><th>Dataset</th><th>Last written</th><th>Last seen</th><th>Age</th></tr></thead>\n<tbody>\n");
        foreach (var stale in report.Stale)
        {
            output.Write("<tr><td>" + HtmlText.Escape(stale.Dataset.ToString()) + "</td><td>" + (stale.LastWritten is { } written ? Formats.Readable(written) : "never")
                + "</td><td>" + Formats.Readable(stale.LastSeen) + "</td>" + Number(Formats.Duration(stale.Age)) + "</tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteRuns(SummaryReport report, TextWriter output)
    {
        output.Write("<section>\n<h2>Recent runs</h2>\n");
        if (report.RecentRuns.Count == 0)
        {
            output.Write("<p class=\"muted\">No runs.</p>\n</section>\n");
            return;
        }

        if (report.RecentRuns.Count < report.RunCount)
        {
            output.Write("<p class=\"muted\">The " + Formats.Count(report.RecentRuns.Count) + " most recent of " + Formats.Count(report.RunCount) + " runs.</p>\n");
        }

        output.Write("<table>\n<thead><tr><th>Job</th><th>Started</th><th>State</th><th>Duration</th><th>Rows out</th></tr></thead>\n<tbody>\n");
        foreach (var run in report.RecentRuns)
        {
            var rows = MarkdownReportExporter.RowsOut(run) is { } count ? Formats.Count(count) : "—";
            output.Write("<tr><td>" + HtmlText.Escape(run.Job.ToString()) + "</td><td>" + Formats.Readable(run.StartedAt) + "</td>" + StateCell(run)
                + Number(Formats.Duration(run.Duration)) + Number(rows) + "</tr>\n");
        }

        output.Write("</tbody>\n</table>\n</section>\n");
    }

    private static string StateCell(RunInfo run)
    {
        var state = Formats.State(run.State);
        return "<td class=\"" + state + "\">" + state + "</td>";
    }

    private static string Number(string text) => "<td class=\"num\">" + text + "</td>";
}
