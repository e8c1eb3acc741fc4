using System.Text.Json;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Storage.Lake;

/// <summary>The JSON text of a run's inputs and outputs in <c>lineage_operations</c>, written with <see cref="Utf8JsonWriter"/> so it stays AOT-safe.</summary>
internal static class LakeJson
{
    public static string Datasets(IReadOnlyList<LakeRunDataset> datasets) => datasets.Count == 0 ? "[]" : JsonText.Write(writer =>
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

    public static IReadOnlyList<LakeRunDataset> ParseDatasets(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateArray().Select(e => new LakeRunDataset(
                new DatasetId(e.GetProperty("namespace").GetString()!, e.GetProperty("name").GetString()!),
                e.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Number ? rows.GetInt64() : null,
                e.TryGetProperty("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.Number ? bytes.GetInt64() : null))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new InvalidDataException($"A run's dataset list in the lake is not the JSON it should be: {e.Message}", e);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }
}
