using System.Text.Json;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Export;

/// <summary>
/// Writes a view as Marquez's lineage graph JSON (<c>GET /api/v1/lineage</c>): <c>{"graph":[{id, type, data,
/// inEdges, outEdges}]}</c> with DATASET, JOB, DATASET_FIELD and RUN nodes sorted by id, so tools built for Marquez
/// can read Tributary's lineage unchanged. Marquez's <c>tags</c> are those put on the node; a dataset's or field's
/// data also has <c>propagatedTags</c> (when any came along lineage), each with its origin and path.
/// </summary>
public sealed class MarquezJsonExporter : ILineageExporter
{
    /// <summary>The format name: <c>marquez</c>.</summary>
    public string Format => "marquez";

    /// <summary>Writes the view as one indented JSON document.</summary>
    public void Write(LineageView view, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(view);
        var incoming = view.Edges.ToLookup(e => e.To);
        var outgoing = view.Edges.ToLookup(e => e.From);
        Formats.WriteJson(output, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("graph");
            foreach (var node in view.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("id", node.Id.ToString());
                json.WriteString("type", node.Kind switch
                {
                    NodeKind.Dataset => "DATASET",
                    NodeKind.Job => "JOB",
                    NodeKind.DatasetField => "DATASET_FIELD",
                    _ => "RUN",
                });
                json.WritePropertyName("data");
                switch (node.Kind)
                {
                    case NodeKind.Dataset:
                        WriteDataset(json, node);
                        break;
                    case NodeKind.Job:
                        WriteJob(json, node);
                        break;
                    case NodeKind.DatasetField:
                        WriteField(json, node, incoming[node.Id]);
                        break;
                    default:
                        WriteRun(json, node.Run, node.Id);
                        break;
                }

                WriteEdges(json, "inEdges", incoming[node.Id]);
                WriteEdges(json, "outEdges", outgoing[node.Id]);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // Not Marquez's: true when a node budget cut the view short, so a reader knows the graph is larger.
            json.WriteBoolean("partial", view.Partial);
            json.WriteEndObject();
        });
    }

    private static void WriteDataset(Utf8JsonWriter json, LineageViewNode node)
    {
        var info = node.Dataset;
        json.WriteStartObject();
        WriteId(json, node.Id.Namespace, node.Id.Name);
        json.WriteString("type", info?.Type is { } type && (type.Contains("STREAM", StringComparison.OrdinalIgnoreCase) || type.Contains("TOPIC", StringComparison.OrdinalIgnoreCase)) ? "STREAM" : "DB_TABLE");
        json.WriteString("name", node.Id.Name);
        json.WriteString("physicalName", node.Id.Name);
        Formats.WriteTime(json, "createdAt", info?.FirstSeen);
        Formats.WriteTime(json, "updatedAt", info?.LastSeen);
        json.WriteString("namespace", node.Id.Namespace);
        Formats.WriteNullable(json, "sourceName", info?.SourceName);
        json.WriteStartArray("fields");
        foreach (var field in info?.Fields ?? [])
        {
            json.WriteStartObject();
            json.WriteString("name", field.Id.Name);
            Formats.WriteNullable(json, "type", field.Type);
            WriteTags(json, field.Tags);
            json.WriteNull("description");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteTags(json, info?.Tags ?? []);
        Formats.WriteClassifications(json, node.Classifications, put: false);
        Formats.WriteTime(json, "lastModifiedAt", info?.LastWritten);
        Formats.WriteNullable(json, "description", info?.Description);
        Formats.WriteNullable(json, "lastLifecycleState", info?.LifecycleState);
        json.WriteBoolean("deleted", node.Deleted);
        Formats.WriteNullable(json, "datasetType", info?.Type);
        WriteOwners(json, info?.Owners ?? []);
        json.WriteEndObject();
    }

    private static void WriteJob(Utf8JsonWriter json, LineageViewNode node)
    {
        var info = node.Job;
        json.WriteStartObject();
        WriteId(json, node.Id.Namespace, node.Id.Name);
        json.WriteString("type", info?.ProcessingType is { } type && type.StartsWith("STREAM", StringComparison.OrdinalIgnoreCase) ? "STREAM" : "BATCH");
        json.WriteString("name", node.Id.Name);
        var dot = node.Id.Name.LastIndexOf('.');
        json.WriteString("simpleName", dot >= 0 ? node.Id.Name[(dot + 1)..] : node.Id.Name);
        Formats.WriteNullable(json, "parentJobName", node.Run?.ParentJob?.Name);
        json.WriteNull("parentJobUuid");
        Formats.WriteTime(json, "createdAt", info?.FirstSeen);
        Formats.WriteTime(json, "updatedAt", info?.LastSeen);
        json.WriteString("namespace", node.Id.Namespace);
        WriteDatasetIds(json, "inputs", info?.Inputs ?? []);
        WriteDatasetIds(json, "outputs", info?.Outputs ?? []);
        Formats.WriteNullable(json, "location", info?.SourceCodeUrl);
        Formats.WriteNullable(json, "description", info?.Description);
        json.WritePropertyName("latestRun");
        if (node.Run is { } run)
        {
            WriteRun(json, run, NodeId.From(run.Id));
        }
        else
        {
            json.WriteNullValue();
        }

        WriteTags(json, info?.Tags ?? []);
        WriteOwners(json, info?.Owners ?? []);
        json.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter json, LineageViewNode node, IEnumerable<LineageEdge> incoming)
    {
        var inputs = incoming.Where(e => e.Kind == EdgeKind.ColumnLineage && e.From.Kind == NodeKind.DatasetField).ToList();
        var first = inputs.SelectMany(e => e.Transformations).FirstOrDefault();
        json.WriteStartObject();
        json.WriteString("namespace", node.Id.Namespace);
        json.WriteString("dataset", node.Id.Name);
        json.WriteNull("datasetVersion");
        json.WriteString("field", node.Id.Field);
        Formats.WriteNullable(json, "fieldType", node.Field?.Type);
        Formats.WriteNullable(json, "transformationDescription", first?.Description);
        Formats.WriteNullable(json, "transformationType", first is null ? null : first.Subtype ?? first.Type);
        json.WriteStartArray("inputFields");
        foreach (var edge in inputs)
        {
            var transformation = edge.Transformations.FirstOrDefault();
            json.WriteStartObject();
            json.WriteString("namespace", edge.From.Namespace);
            json.WriteString("dataset", edge.From.Name);
            json.WriteNull("datasetVersion");
            json.WriteString("field", edge.From.Field);
            Formats.WriteNullable(json, "transformationDescription", transformation?.Description);
            Formats.WriteNullable(json, "transformationType", transformation is null ? null : transformation.Subtype ?? transformation.Type);
            WriteTransformations(json, edge.Transformations);
            json.WriteBoolean("masking", edge.IsMasking);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteTags(json, node.Field?.Tags ?? []);
        Formats.WriteClassifications(json, node.Classifications, put: false);
        json.WriteEndObject();
    }

    // Marquez's Run object; also the data of a RUN node.
    private static void WriteRun(Utf8JsonWriter json, RunInfo? run, NodeId id)
    {
        json.WriteStartObject();
        json.WriteString("id", id.Name);
        Formats.WriteTime(json, "createdAt", run?.StartedAt);
        Formats.WriteTime(json, "updatedAt", run?.EndedAt ?? run?.StartedAt);
        Formats.WriteTime(json, "nominalStartTime", run?.NominalStart);
        Formats.WriteTime(json, "nominalEndTime", run?.NominalEnd);
        json.WriteString("state", run?.State switch
        {
            null => "NEW",
            RunState.Start or RunState.Running => "RUNNING",
            RunState.Complete => "COMPLETED",
            RunState.Abort => "ABORTED",
            RunState.Fail => "FAILED",
            _ => "OTHER",
        });
        Formats.WriteTime(json, "startedAt", run?.StartedAt);
        Formats.WriteTime(json, "endedAt", run?.EndedAt);
        Formats.WriteNumber(json, "durationMs", run?.Duration is { } d ? (long)d.TotalMilliseconds : null);
        json.WriteStartObject("args");
        json.WriteEndObject();
        json.WritePropertyName("jobVersion");
        if (run is not null)
        {
            json.WriteStartObject();
            json.WriteString("namespace", run.Job.Namespace);
            json.WriteString("name", run.Job.Name);
            Formats.WriteNullable(json, "version", run.JobVersion?.ToString("D"));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNullValue();
        }

        WriteDatasetVersions(json, "inputDatasetVersions", run?.Inputs ?? []);
        WriteDatasetVersions(json, "outputDatasetVersions", run?.Outputs ?? []);
        json.WriteStartObject("facets");
        if (run?.ErrorMessage is { } message)
        {
            json.WriteStartObject("errorMessage");
            json.WriteString("message", message);
            Formats.WriteNullable(json, "stackTrace", run.StackTrace);
            json.WriteEndObject();
        }

        if (run?.OperationType is { } operation)
        {
            json.WriteStartObject("tributary_operation");
            json.WriteString("operationType", operation.ToString().ToUpperInvariant());
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteDatasetVersions(Utf8JsonWriter json, string name, IReadOnlyList<RunDatasetInfo> datasets)
    {
        json.WriteStartArray(name);
        foreach (var dataset in datasets)
        {
            json.WriteStartObject();
            json.WritePropertyName("datasetVersionId");
            json.WriteStartObject();
            json.WriteString("namespace", dataset.Dataset.Namespace);
            json.WriteString("name", dataset.Dataset.Name);
            json.WriteEndObject();
            Formats.WriteNumber(json, "rowCount", dataset.RowCount);
            Formats.WriteNumber(json, "bytes", dataset.Bytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteTransformations(Utf8JsonWriter json, IReadOnlyList<Transformation> transformations)
    {
        json.WriteStartArray("transformations");
        foreach (var t in transformations)
        {
            json.WriteStartObject();
            json.WriteString("type", t.Type);
            Formats.WriteNullable(json, "subtype", t.Subtype);
            Formats.WriteNullable(json, "description", t.Description);
            json.WriteBoolean("masking", t.IsMasking);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteId(Utf8JsonWriter json, string ns, string name)
    {
        json.WriteStartObject("id");
        json.WriteString("namespace", ns);
        json.WriteString("name", name);
        json.WriteEndObject();
    }

    private static void WriteDatasetIds(Utf8JsonWriter json, string name, IReadOnlyList<DatasetId> datasets)
    {
        json.WriteStartArray(name);
        foreach (var dataset in datasets)
        {
            json.WriteStartObject();
            json.WriteString("namespace", dataset.Namespace);
            json.WriteString("name", dataset.Name);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // Marquez tags are names; a key/value tag whose value is just "true" reads best as its key.
    private static void WriteTags(Utf8JsonWriter json, IReadOnlyList<Tag> tags)
    {
        json.WriteStartArray("tags");
        foreach (var tag in tags.Select(TagName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
    }

    internal static string TagName(Tag tag) =>
        string.IsNullOrEmpty(tag.Value) || string.Equals(tag.Value, "true", StringComparison.OrdinalIgnoreCase) ? tag.Key : tag.Key + "=" + tag.Value;

    private static void WriteOwners(Utf8JsonWriter json, IReadOnlyList<Owner> owners)
    {
        json.WriteStartArray("owners");
        foreach (var owner in owners.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", owner.Name);
            Formats.WriteNullable(json, "type", owner.Type);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteEdges(Utf8JsonWriter json, string name, IEnumerable<LineageEdge> edges)
    {
        json.WriteStartArray(name);
        foreach (var edge in edges)
        {
            json.WriteStartObject();
            json.WriteString("origin", edge.From.ToString());
            json.WriteString("destination", edge.To.ToString());
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
