using System.Text.Json;

namespace Tributary.Storage.Lake;

/// <summary>
/// The lake's commit record (<c>_manifest.json</c>): the last event sequence whose files are complete, and the
/// sequence the projections (operations, nodes, relationships) were last written for. Written atomically after
/// the files it vouches for, so event files beyond <see cref="EventsThrough"/> are leftovers of a crash.
/// </summary>
internal sealed record LakeManifest(long EventsThrough, long ProjectedThrough)
{
    public const string FileName = "_manifest.json";

    public static LakeManifest Read(string root)
    {
        var path = Path.Combine(root, FileName);
        if (!File.Exists(path))
        {
            return new LakeManifest(0, 0);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var rootElement = document.RootElement;
            return new LakeManifest(rootElement.GetProperty("eventsThrough").GetInt64(), rootElement.GetProperty("projectedThrough").GetInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The lake manifest {path} is damaged: {e.Message}", e);
        }
    }

    public void Write(string root) => AtomicFile.Write(Path.Combine(root, FileName), stream =>
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("format", 1);
        writer.WriteNumber("eventsThrough", EventsThrough);
        writer.WriteNumber("projectedThrough", ProjectedThrough);
        writer.WriteEndObject();
    });
}
