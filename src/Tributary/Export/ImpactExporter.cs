using System.Text;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>Writes an impact analysis (<see cref="LineageQueryEngine.Impact"/>) as text, Markdown or JSON.</summary>
public static class ImpactExporter
{
    /// <summary>Writes the report in <paramref name="format"/>: <see cref="ReportFormat.Text"/>, <see cref="ReportFormat.Markdown"/> or <see cref="ReportFormat.Json"/>.</summary>
    public static void Write(ImpactReport report, ReportFormat format, TextWriter output)
    {
        switch (format)
        {
            case ReportFormat.Text:
                WriteText(report, output);
                break;
            case ReportFormat.Markdown:
                WriteMarkdown(report, output);
                break;
            case ReportFormat.Json:
                WriteJson(report, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Impact analysis is written as Text, Markdown or Json.");
        }
    }

    /// <summary>Writes the report as indented plain text: a summary line, then each depth, then the owners to notify.</summary>
    public static void WriteText(ImpactReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("Impact of " + Plain(report.Root.ToString()) + "\n");
        output.Write("  " + Summary(report) + "\n");
        if (report.Partial)
        {
            output.Write("  partial: the node budget cut the analysis short; more may be affected\n");
        }

        foreach (var level in report.Levels)
        {
            output.Write("\nDepth " + level.Depth.ToString(Formats.Invariant) + "\n");
            foreach (var job in level.Jobs)
            {
                output.Write("  job      " + Plain(job.ToString()) + "\n");
            }

            foreach (var dataset in level.Datasets)
            {
                output.Write("  dataset  " + Plain(dataset.ToString()) + "\n");
            }

            foreach (var field in level.Fields)
            {
                output.Write("  field    " + Plain(field.ToString()) + "\n");
            }
        }

        output.Write("\nOwners to notify" + (report.Owners.Count == 0 ? ": none recorded\n" : "\n"));
        foreach (var owner in report.Owners)
        {
            output.Write("  " + Plain(owner.Name) + (owner.Type is { } type ? " (" + Plain(type) + ")" : "") + ": "
                + string.Join(", ", owner.Owns.Select(n => Plain(n.ToString()))) + "\n");
        }
    }

    /// <summary>Writes the report as Markdown: a heading, the counts, a table of affected nodes by depth, and the owners to notify.</summary>
    public static void WriteMarkdown(ImpactReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("## Impact of " + MarkdownText.Escape(report.Root.ToString()) + "\n\n");
        output.Write(Summary(report) + ".\n");
        if (report.Partial)
        {
            output.Write("\n> **Partial:** the node budget cut the analysis short; more may be affected.\n");
        }

        if (report.TotalCount > 0)
        {
            output.Write("\n" + MarkdownText.Header("Depth", "Kind", "Namespace", "Name"));
            foreach (var level in report.Levels)
            {
                var depth = level.Depth.ToString(Formats.Invariant);
                foreach (var job in level.Jobs)
                {
                    output.Write(MarkdownText.Row(depth, "job", MarkdownText.Escape(job.Namespace), MarkdownText.Escape(job.Name)));
                }

                foreach (var dataset in level.Datasets)
                {
                    output.Write(MarkdownText.Row(depth, "dataset", MarkdownText.Escape(dataset.Namespace), MarkdownText.Escape(dataset.Name)));
                }

                foreach (var field in level.Fields)
                {
                    output.Write(MarkdownText.Row(depth, "field", MarkdownText.Escape(field.Dataset.Namespace), MarkdownText.Escape(field.Dataset.Name + "." + field.Name)));
                }
            }
        }

        output.Write("\n### Owners to notify\n\n");
        if (report.Owners.Count == 0)
        {
            output.Write("No owners recorded on the affected datasets and jobs.\n");
            return;
        }

        output.Write(MarkdownText.Header("Owner", "Type", "Owns"));
        foreach (var owner in report.Owners)
        {
            output.Write(MarkdownText.Row(MarkdownText.Escape(owner.Name), MarkdownText.Escape(owner.Type),
                string.Join(", ", owner.Owns.Select(n => MarkdownText.Escape(n.ToString())))));
        }
    }

    /// <summary>Writes the report as JSON: root, counts, partial, levels (datasets, jobs, fields by depth) and owners.</summary>
    public static void WriteJson(ImpactReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        Formats.WriteJson(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("root", report.Root.ToString());
            json.WriteBoolean("partial", report.Partial);
            json.WriteNumber("totalDownstreamNodes", report.TotalCount);
            json.WriteNumber("datasetCount", report.DatasetCount);
            json.WriteNumber("jobCount", report.JobCount);
            json.WriteNumber("fieldCount", report.FieldCount);
            json.WriteStartArray("levels");
            foreach (var level in report.Levels)
            {
                json.WriteStartObject();
                json.WriteNumber("depth", level.Depth);
                WriteIds(json, "datasets", level.Datasets.Select(NodeId.From));
                WriteIds(json, "jobs", level.Jobs.Select(NodeId.From));
                WriteIds(json, "fields", level.Fields.Select(NodeId.From));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("owners");
            foreach (var owner in report.Owners)
            {
                json.WriteStartObject();
                json.WriteString("name", owner.Name);
                Formats.WriteNullable(json, "type", owner.Type);
                WriteIds(json, "owns", owner.Owns);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteIds(System.Text.Json.Utf8JsonWriter json, string name, IEnumerable<NodeId> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            json.WriteStringValue(id.ToString());
        }

        json.WriteEndArray();
    }

    private static string Summary(ImpactReport report) =>
        $"{report.TotalCount.ToString(Formats.Invariant)} downstream nodes affected: {report.DatasetCount.ToString(Formats.Invariant)} datasets, "
        + $"{report.JobCount.ToString(Formats.Invariant)} jobs, {report.FieldCount.ToString(Formats.Invariant)} fields";

    // The one place user text enters the plain-text format: control and bidi characters (newlines included) are
    // written as visible \u escapes, so a name cannot forge extra lines of the report, send terminal escape
    // sequences or make itself read backwards.
    private static string Plain(string text) => VisibleText.Escape(text);
}
