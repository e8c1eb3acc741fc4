using System.Text.Json;
using System.Text.Json.Serialization;
using Tributary.Model;

namespace Tributary.Server.Hosting;

/// <summary>Writes Tributary's identifiers as the strings people read and tools parse (<c>dataset:ns:name</c>, <c>ns:name</c>, a UUID).</summary>
internal static class IdJsonConverters
{
    public static IEnumerable<JsonConverter> All { get; } =
    [
        new Converter<NodeId>(id => id.ToString(), NodeId.Parse),
        new Converter<DatasetId>(id => id.ToString(), text => NodeId.Parse("dataset:" + text).AsDataset()),
        new Converter<JobId>(id => id.ToString(), text => NodeId.Parse("job:" + text).AsJob()),
        new Converter<RunId>(id => id.ToString(), RunId.Parse),
        new Converter<FieldId>(id => id.ToString(), text => NodeId.Parse("datasetField:" + text).AsField()),
    ];

    private sealed class Converter<T>(Func<T, string> write, Func<string, T> read) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return read(reader.GetString() ?? throw new JsonException($"A {typeof(T).Name} is a string."));
            }
            catch (FormatException ex)
            {
                throw new JsonException(ex.Message, ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(write(value));
    }
}
