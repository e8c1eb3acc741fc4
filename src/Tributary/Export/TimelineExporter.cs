using Tributary.Model;

namespace Tributary.Export;

/// <summary>Writes a <see cref="RunTimeline"/> as JSON (runs grouped by job) or Markdown (one table per job).</summary>
public static class TimelineExporter
{
    /// <summary>Writes the timeline in <paramref name="format"/>: <see cref="ReportFormat.Json"/> or <see cref="ReportFormat.Markdown"/>.</summary>
    public static void Write(RunTimeline timeline, ReportFormat format, TextWriter output)
    {
        switch (format)
        {
            case ReportFormat.Json:
                WriteJson(timeline, output);
                break;
            case ReportFormat.Markdown:
                WriteMarkdown(timeline, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "A timeline is written as Json or Markdown.");
        }
    }

    /// <summary>Writes <c>{"from","to","runCount","jobs":[{"job":{namespace,name},"runs":[{runId,state,startedAt,endedAt,durationMs,...}]}]}</c>.</summary>
    public static void WriteJson(RunTimeline timeline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        Formats.WriteJson(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("from", Formats.Iso(timeline.From));
            json.WriteString("to", Formats.Iso(timeline.To));
            json.WriteNumber("runCount", timeline.Entries.Count);
            json.WriteStartArray("jobs");
            foreach (var group in ByJob(timeline))
            {
                json.WriteStartObject();
                json.WriteStartObject("job");
                json.WriteString("namespace", group.Key.Namespace);
                json.WriteString("name", group.Key.Name);
                json.WriteEndObject();
                json.WriteStartArray("runs");
                foreach (var entry in group)
                {
                    json.WriteStartObject();
                    json.WriteString("runId", entry.Run.ToString());
                    json.WriteString("state", Formats.State(entry.State));
                    json.WriteString("startedAt", Formats.Iso(entry.StartedAt));
                    Formats.WriteTime(json, "endedAt", entry.EndedAt);
                    Formats.WriteNumber(json, "durationMs", entry.Duration is { } d ? (long)d.TotalMilliseconds : null);
                    Formats.WriteNullable(json, "operationType", entry.OperationType?.ToString().ToUpperInvariant());
                    Formats.WriteNumber(json, "rowsIn", entry.RowsIn);
                    Formats.WriteNumber(json, "rowsOut", entry.RowsOut);
                    Formats.WriteNullable(json, "error", entry.Error);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    /// <summary>Writes a heading with the window, then per job a table of its runs (start, end, state, duration, rows, error).</summary>
    public static void WriteMarkdown(RunTimeline timeline, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("## Run timeline\n\n");
        output.Write($"{Formats.Readable(timeline.From)} to {Formats.Readable(timeline.To)} UTC: {timeline.Entries.Count.ToString(Formats.Invariant)} runs.\n");
        foreach (var group in ByJob(timeline))
        {
            output.Write("\n### " + MarkdownText.Escape(group.Key.ToString()) + "\n\n");
            output.Write(MarkdownText.Header("Started", "Ended", "State", "Duration", "Rows in", "Rows out", "Error"));
            foreach (var entry in group)
            {
                output.Write(MarkdownText.Row(
                    Formats.Readable(entry.StartedAt),
                    Formats.Readable(entry.EndedAt),
                    Formats.State(entry.State),
                    Formats.Duration(entry.Duration),
                    entry.RowsIn is { } rowsIn ? Formats.Count(rowsIn) : "—",
                    entry.RowsOut is { } rowsOut ? Formats.Count(rowsOut) : "—",
                    MarkdownText.Escape(entry.Error)));
            }
        }
    }

    private static IEnumerable<IGrouping<JobId, TimelineEntry>> ByJob(RunTimeline timeline) =>
        timeline.Entries.GroupBy(e => e.Job).OrderBy(g => g.Key);
}
