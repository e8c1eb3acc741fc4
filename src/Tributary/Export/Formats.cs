using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Model;

namespace Tributary.Export;

// Invariant, culture-free renderings of times, durations and numbers shared by every exporter, so output never
// depends on the machine's culture or time zone.
internal static class Formats
{
    public static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Round-trippable UTC timestamp for machine-readable output.
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", Invariant);

    // Readable UTC timestamp for reports.
    /// <summary>An enum value as the JSON writes it, in kebab case (<c>failed-assertion</c>, <c>open</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static string Readable(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant);

    public static string Readable(DateTimeOffset? time) => time is { } t ? Readable(t) : "—";

    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "—";
        }

        return d.TotalMilliseconds switch
        {
            < 1000 => Number(d.TotalMilliseconds, "0.#") + " ms",
            < 60_000 => Number(d.TotalSeconds, "0.##") + " s",
            < 3_600_000 => Number(d.TotalMinutes, "0.#") + " min",
            _ => Number(d.TotalHours, "0.#") + " h",
        };
    }

    public static string Milliseconds(double ms) => Duration(TimeSpan.FromMilliseconds(ms));

    public static string Number(double value, string format = "0.###") => value.ToString(format, Invariant);

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>"1 field", "3 fields": a count with its noun.</summary>
    public static string Plural(long count, string noun) => Count(count) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>The summary report's one-line PII summary, the same in every format.</summary>
    public static string PiiSummary(Query.PiiReport pii) =>
        $"{Plural(pii.PiiFields.Count, "personal-data field")} {(pii.PiiFields.Count == 1 ? "reaches" : "reach")} {Plural(pii.AffectedFields.Count, "field")} in {Plural(pii.AffectedDatasets.Count, "dataset")} unmasked{(pii.Partial ? " (partial: node budget reached)" : "")}.";

    public static string Percent(double share) => (share * 100).ToString("0.#", Invariant) + "%";

    public static string State(RunState? state) => state?.ToString().ToUpperInvariant() ?? "UNKNOWN";

    // Utf8JsonWriter escapes <, >, &, quotes and non-ASCII by default, so user strings come out inert; the
    // writer buffers UTF-8 and hands the text to the caller's TextWriter once complete.
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            write(json);
        }

        output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Write('\n');
    }

    // A node's classifications as two arrays in the shape `tag list --format json` and `find` write: "tags" put
    // there, "propagatedTags" come along lineage (each with its origin and path); an empty one is left out.
    public static void WriteClassifications(Utf8JsonWriter json, IReadOnlyList<Query.Classification> classifications, bool put = true)
    {
        for (var pass = put ? 0 : 1; pass < 2; pass++)
        {
            var propagated = pass == 1;
            var started = false;
            foreach (var classification in classifications)
            {
                if (classification.Propagated != propagated)
                {
                    continue;
                }

                if (!started)
                {
                    json.WriteStartArray(propagated ? "propagatedTags" : "tags");
                    started = true;
                }

                JsonSerializer.Serialize(json, classification, Json.QueryJsonContext.Default.Classification);
            }

            if (started)
            {
                json.WriteEndArray();
            }
        }
    }

    /// <summary>The most tags a drawing lists on one node before it says how many more there are.</summary>
    public const int MaxTagLines = 8;

    // A node's tags as a drawing lists them, one a line: those put there ("email:pii" on a dataset, "pii" on the
    // field itself), then those propagated ("email:pii (propagated from customers.email)"), then "+N more tags" past
    // MaxTagLines. Unescaped: the caller escapes.
    public static List<string> TagLines(LineageViewNode node)
    {
        var classifications = node.Classifications;
        var withField = node.Kind != NodeKind.DatasetField;
        var lines = new List<string>(Math.Min(classifications.Count, MaxTagLines + 1));
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var classification in classifications)
            {
                if (classification.Propagated == (pass == 1) && lines.Count < MaxTagLines)
                {
                    lines.Add(classification.Describe(shortOrigin: true, withField));
                }
            }
        }

        if (classifications.Count > MaxTagLines)
        {
            lines.Add("+" + Count(classifications.Count - MaxTagLines) + " more tags");
        }

        return lines;
    }

    public static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    public static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, Iso(time));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
