using System.Text;
using System.Text.Json;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Storage.Lake;

/// <summary>The JSON text kept in the lake's string columns (run inputs and outputs, node attributes, transformations), written with <see cref="Utf8JsonWriter"/> so it stays AOT-safe.</summary>
internal static class LakeJson
{
    public static string Datasets(IReadOnlyList<RunDatasetInfo> datasets) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var dataset in datasets)
        {
            writer.WriteStartObject();
            writer.WriteString("namespace", dataset.Dataset.Namespace);
            writer.WriteString("name", dataset.Dataset.Name);
            WriteNumber(writer, "rows", dataset.RowCount);
            WriteNumber(writer, "bytes", dataset.Bytes);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static IReadOnlyList<RunDatasetInfo> ParseDatasets(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateArray().Select(e => new RunDatasetInfo(
                new DatasetId(e.GetProperty("namespace").GetString()!, e.GetProperty("name").GetString()!),
                e.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Number ? rows.GetInt64() : null,
                e.TryGetProperty("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : null))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"A run's dataset list in the lake is not the JSON it should be: {e.Message}", e);
        }
    }

    public static string Transformations(IReadOnlyList<Transformation> transformations) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var t in transformations)
        {
            writer.WriteStartObject();
            writer.WriteString("type", t.Type);
            WriteString(writer, "subtype", t.Subtype);
            WriteString(writer, "description", t.Description);
            if (t.Masking is { } masking)
            {
                writer.WriteBoolean("masking", masking);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static string DatasetAttributes(DatasetInfo dataset) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteString(writer, "sourceName", dataset.SourceName);
        WriteString(writer, "sourceUri", dataset.SourceUri);
        WriteString(writer, "lifecycleState", dataset.LifecycleState);
        writer.WriteBoolean("deleted", dataset.Deleted);
        if (dataset.LastWritten is { } written)
        {
            writer.WriteString("lastWritten", written.UtcDateTime);
        }

        writer.WriteNumber("versionCount", dataset.VersionCount);
        WriteOwnersAndTags(writer, dataset.Owners, dataset.Tags);
        writer.WriteStartArray("aliases");
        foreach (var alias in dataset.Aliases)
        {
            writer.WriteStringValue(NodeId.From(alias).ToString());
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static string JobAttributes(JobInfo job) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteString(writer, "sql", job.Sql);
        WriteString(writer, "sqlDialect", job.SqlDialect);
        WriteString(writer, "processingType", job.ProcessingType);
        WriteString(writer, "integration", job.Integration);
        WriteString(writer, "sourceCodeUrl", job.SourceCodeUrl);
        writer.WriteNumber("runCount", job.RunCount);
        if (job.CurrentVersion is { } version)
        {
            writer.WriteString("currentVersion", version);
        }

        WriteOwnersAndTags(writer, job.Owners, job.Tags);
        writer.WriteEndObject();
    });

    public static string FieldAttributes(FieldInfo field) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteOwnersAndTags(writer, [], field.Tags);
        writer.WriteEndObject();
    });

    private static void WriteOwnersAndTags(Utf8JsonWriter writer, IReadOnlyList<Owner> owners, IReadOnlyList<Tag> tags)
    {
        writer.WriteStartArray("owners");
        foreach (var owner in owners)
        {
            writer.WriteStartObject();
            writer.WriteString("name", owner.Name);
            WriteString(writer, "type", owner.Type);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tags");
        foreach (var tag in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("key", tag.Key);
            writer.WriteString("value", tag.Value);
            WriteString(writer, "source", tag.Source);
            WriteString(writer, "field", tag.Field);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
