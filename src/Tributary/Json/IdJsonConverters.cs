using System.Text.Json;
using System.Text.Json.Serialization;
using Tributary.Model;

namespace Tributary.Json;

// Each id type names its converter with [JsonConverter], so every serializer picks these up without registering
// them: the CLI's source-generated QueryJsonContext, the server's HTTP JSON options and anyone's own options. That
// gives one JSON shape per id wherever it is written: the id's ToString(), read back with the matching Parse.

/// <summary>Writes a <see cref="NodeId"/> as its Marquez text (<c>dataset:ns:name</c>) and reads it back.</summary>
public sealed class NodeIdJsonConverter : JsonConverter<NodeId>
{
    /// <inheritdoc />
    public override NodeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NodeId.TryParse(IdText.Read(ref reader, "node id"), out var id, out var error) ? id : throw new JsonException(error);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NodeId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>Writes a <see cref="DatasetId"/> as <c>namespace:name</c> (the dataset part of its node id) and reads it back.</summary>
public sealed class DatasetIdJsonConverter : JsonConverter<DatasetId>
{
    /// <inheritdoc />
    public override DatasetId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NodeId.TryParse("dataset:" + IdText.Read(ref reader, "dataset id"), out var id, out var error)
            ? id.AsDataset()
            : throw new JsonException(error);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DatasetId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>Writes a <see cref="JobId"/> as <c>namespace:name</c> (the job part of its node id) and reads it back.</summary>
public sealed class JobIdJsonConverter : JsonConverter<JobId>
{
    /// <inheritdoc />
    public override JobId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NodeId.TryParse("job:" + IdText.Read(ref reader, "job id"), out var id, out var error)
            ? id.AsJob()
            : throw new JsonException(error);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, JobId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>Writes a <see cref="FieldId"/> as <c>namespace:dataset:field</c> (the field part of its node id) and reads it back.</summary>
public sealed class FieldIdJsonConverter : JsonConverter<FieldId>
{
    /// <inheritdoc />
    public override FieldId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NodeId.TryParse("datasetField:" + IdText.Read(ref reader, "field id"), out var id, out var error)
            ? id.AsField()
            : throw new JsonException(error);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FieldId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

/// <summary>Writes a <see cref="RunId"/> as its UUID text and reads it back.</summary>
public sealed class RunIdJsonConverter : JsonConverter<RunId>
{
    /// <inheritdoc />
    public override RunId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = IdText.Read(ref reader, "run id");
        return RunId.TryParse(text, out var id) ? id : throw new JsonException($"'{text}' is not a UUID run id.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RunId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}

internal static class IdText
{
    // An id is only ever a string; anything else is a JsonException (which the serializer reports with its path),
    // not the InvalidOperationException GetString throws for a number or an object.
    public static string Read(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"A {what} is a string, not {reader.TokenType.ToString().ToLowerInvariant()}.");
}
