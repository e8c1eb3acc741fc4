using System.Text.Json;
using System.Text.Json.Serialization;
using Tributary.Model;

namespace Tributary.Json;

/// <summary>Writes a <see cref="NodeId"/> as its Marquez text (<c>dataset:ns:name</c>) and reads it back.</summary>
public sealed class NodeIdJsonConverter : JsonConverter<NodeId>
{
    /// <inheritdoc />
    public override NodeId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        NodeId.TryParse(reader.GetString(), out var id, out var error) ? id : throw new JsonException(error);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NodeId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>Writes a <see cref="RunId"/> as its UUID text and reads it back.</summary>
public sealed class RunIdJsonConverter : JsonConverter<RunId>
{
    /// <inheritdoc />
    public override RunId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RunId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("expected a UUID run id");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RunId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

/// <summary>Writes a <see cref="FieldId"/> as <c>{"namespace", "dataset", "field"}</c>.</summary>
public sealed class FieldIdJsonConverter : JsonConverter<FieldId>
{
    /// <inheritdoc />
    public override FieldId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return new FieldId(new DatasetId(root.GetProperty("namespace").GetString()!, root.GetProperty("dataset").GetString()!), root.GetProperty("field").GetString()!);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, FieldId value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("namespace", value.Dataset.Namespace);
        writer.WriteString("dataset", value.Dataset.Name);
        writer.WriteString("field", value.Name);
        writer.WriteEndObject();
    }
}
