using System.Globalization;
using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

/// <summary>
/// Writes the model as OpenLineage 2-0-2 JSON with a <see cref="Utf8JsonWriter"/>: no reflection, no intermediate
/// DOM. Facets read from JSON and not modified are written back exactly as received.
/// </summary>
internal static partial class EventWriter
{
    /// <summary>The producer URI Tributary stamps on what it writes when a facet names none.</summary>
    public const string TributaryProducer = "https://github.com/tributary-lineage/tributary/tree/0.1.0";

    public static void Write(Utf8JsonWriter w, LineageEvent e)
    {
        w.WriteStartObject();
        WriteTime(w, "eventTime", e.EventTime, e.EventTimeText);
        w.WriteString("producer", e.Producer);
        if (e.SchemaUrl is not null)
        {
            w.WriteString("schemaURL", e.SchemaUrl);
        }

        switch (e)
        {
            case RunEvent run:
                if (run.EventType is { } state)
                {
                    w.WriteString("eventType", StateText(state));
                }

                WriteRun(w, run.Run);
                WriteJob(w, run.Job);
                WriteDatasets(w, "inputs", run.Inputs, run.InputsAbsent);
                WriteDatasets(w, "outputs", run.Outputs, run.OutputsAbsent);
                break;
            case JobEvent job:
                WriteJob(w, job.Job);
                WriteDatasets(w, "inputs", job.Inputs, job.InputsAbsent);
                WriteDatasets(w, "outputs", job.Outputs, job.OutputsAbsent);
                break;
            case DatasetEvent dataset:
                w.WritePropertyName("dataset");
                WriteDataset(w, dataset.Dataset);
                break;
        }

        WriteAdditional(w, e.AdditionalProperties);
        w.WriteEndObject();
    }

    public static string StateText(RunState state) => state switch
    {
        RunState.Start => "START",
        RunState.Running => "RUNNING",
        RunState.Complete => "COMPLETE",
        RunState.Abort => "ABORT",
        RunState.Fail => "FAIL",
        _ => "OTHER",
    };

    private static void WriteRun(Utf8JsonWriter w, Run run)
    {
        w.WriteStartObject("run");
        if (run.RunIdText is { } text)
        {
            w.WriteString("runId", text);
        }
        else
        {
            w.WriteString("runId", run.RunId.Value);
        }

        WriteFacets(w, "facets", run.Facets, run.EmptyFacetsPresent, FacetPosition.Run);
        WriteAdditional(w, run.AdditionalProperties);
        w.WriteEndObject();
    }

    private static void WriteJob(Utf8JsonWriter w, Job job)
    {
        w.WriteStartObject("job");
        w.WriteString("namespace", job.Id.Namespace);
        w.WriteString("name", job.Id.Name);
        WriteFacets(w, "facets", job.Facets, job.EmptyFacetsPresent, FacetPosition.Job);
        WriteAdditional(w, job.AdditionalProperties);
        w.WriteEndObject();
    }

    private static void WriteDatasets<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> datasets, bool absent)
        where T : Dataset
    {
        if (datasets.Count == 0 && absent)
        {
            return;
        }

        w.WriteStartArray(name);
        // Index loops over the event's lists and facets: a foreach over an interface allocates its enumerator, and
        // every ingested event is written here once for its canonical form.
        for (var i = 0; i < datasets.Count; i++)
        {
            WriteDataset(w, datasets[i]);
        }

        w.WriteEndArray();
    }

    private static void WriteDataset(Utf8JsonWriter w, Dataset dataset)
    {
        w.WriteStartObject();
        w.WriteString("namespace", dataset.Id.Namespace);
        w.WriteString("name", dataset.Id.Name);
        WriteFacets(w, "facets", dataset.Facets, dataset.EmptyFacetsPresent, FacetPosition.Dataset);
        switch (dataset)
        {
            case InputDataset input:
                WriteFacets(w, "inputFacets", input.InputFacets, input.EmptyRoleFacetsPresent, FacetPosition.Input);
                break;
            case OutputDataset output:
                WriteFacets(w, "outputFacets", output.OutputFacets, output.EmptyRoleFacetsPresent, FacetPosition.Output);
                break;
        }

        WriteAdditional(w, dataset.AdditionalProperties);
        w.WriteEndObject();
    }

    private static void WriteFacets(Utf8JsonWriter w, string name, FacetSet facets, bool keepEmpty, FacetPosition position)
    {
        if (facets.Count == 0 && !keepEmpty)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, facet) in facets.Items)
        {
            w.WritePropertyName(key);
            if (!facet.SourceUtf8.IsEmpty)
            {
                WriteSource(w, facet.SourceUtf8);
            }
            else if (facet.SourceElement is { } source)
            {
                WriteElement(w, source);
            }
            else
            {
                WriteFacet(w, facet, position);
            }
        }

        w.WriteEndObject();
    }

    private static void WriteAdditional(Utf8JsonWriter w, IReadOnlyList<KeyValuePair<string, JsonElement>> properties)
    {
        for (var i = 0; i < properties.Count; i++)
        {
            w.WritePropertyName(properties[i].Key);
            WriteElement(w, properties[i].Value);
        }
    }

    // A value read back unchanged is written from its own bytes in the writer's form (see VerbatimJson), not walked.
    private static void WriteElement(Utf8JsonWriter w, JsonElement value)
    {
        if (!VerbatimJson.TryWrite(w, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value)))
        {
            value.WriteTo(w);
        }
    }

    // A facet's own bytes in the writer's form (see VerbatimJson): copied when already in it, rewritten in one pass when
    // not. Only bytes that are not valid JSON text (which the door never lets in) are parsed and written the usual way.
    private static void WriteSource(Utf8JsonWriter w, ReadOnlyMemory<byte> source)
    {
        if (VerbatimJson.TryWrite(w, source.Span))
        {
            return;
        }

        using var document = JsonDocument.Parse(source);
        document.RootElement.WriteTo(w);
    }

    internal static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset time, string? originalText)
    {
        if (originalText is not null)
        {
            w.WriteString(name, originalText);
            return;
        }

        Span<char> buffer = stackalloc char[40];
        var format = time.Offset == TimeSpan.Zero ? "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";
        time.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture);
        w.WriteString(name, buffer[..written]);
    }
}
