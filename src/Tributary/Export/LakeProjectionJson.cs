using System.Text.Json;
using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Export;

/// <summary>
/// The JSON text of the lake's <c>attributes</c> (nodes) and <c>transformations</c> (relationships) columns, from the
/// graph's records, written with <see cref="Utf8JsonWriter"/> so it stays AOT-safe.
/// </summary>
internal static class LakeProjectionJson
{
    // What almost every field of a wide table has: its attributes are the same text, made once.
    private const string NoOwnersOrTags = "{\"owners\":[],\"tags\":[]}";

    public static string Transformations(IReadOnlyList<Transformation> transformations) => JsonText.Write(writer =>
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

    public static string Names(IEnumerable<string> names) => JsonText.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var name in names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    });

    public static string DatasetAttributes(DatasetInfo dataset) => JsonText.Write(writer =>
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

    public static string JobAttributes(JobInfo job) => JsonText.Write(writer =>
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

    public static string FieldAttributes(FieldInfo field) => field.Tags.Count == 0 ? NoOwnersOrTags : JsonText.Write(writer =>
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
}
