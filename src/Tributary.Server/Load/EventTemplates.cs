using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Ingest;
using Tributary.Storage;

namespace Tributary.Server.Load;

/// <summary>
/// Real RunEvents turned into templates: each copy gets a fresh <c>run.runId</c> written into the same bytes, so a
/// load test sends realistic payloads that are all distinct events, and can later find each one by its run id.
/// </summary>
internal sealed class EventTemplates
{
    private const string Marker = "00000000-0000-4000-8000-0000000000aa";
    private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(Marker);
    private readonly List<(byte[] Bytes, int Offset)> _templates = [];

    private EventTemplates()
    {
    }

    /// <summary>How many templates there are.</summary>
    public int Count => _templates.Count;

    /// <summary>How many events of the files were left out because the server would refuse them (invalid) or they repeat another.</summary>
    public int Refused { get; private set; }

    /// <summary>
    /// Makes templates from event files (one event, an array, or NDJSON each); events without a run are skipped, and
    /// so are events the server would refuse: a batch is stored event by event, and a refused event in an acknowledged
    /// batch would make the store hold fewer events than the clients counted.
    /// </summary>
    public static EventTemplates FromFiles(IEnumerable<string> files)
    {
        var templates = new EventTemplates();

        // The door with the server's default rules, on a store of its own: a template it refuses would be refused by the
        // server too, and one it finds a duplicate of an earlier template would only repeat that one.
        var door = LineageIngestor.OpenAsync(new InMemoryLineageStore()).GetAwaiter().GetResult();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            IEnumerable<string> events = Parse(text) switch
            {
                JsonArray array => array.Select(n => n?.ToJsonString() ?? "null"),
                JsonObject => [text],
                _ => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            foreach (var e in events)
            {
                templates.Add(e, door);
            }
        }

        return templates;
    }

    /// <summary>
    /// The concrete (complete, real) event files of the shared test corpus, from its <c>openlineage/events/index.json</c>,
    /// as paths under <paramref name="testData"/>.
    /// </summary>
    public static IReadOnlyList<string> ConcreteCorpusFiles(string testData)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(testData, "openlineage", "events", "index.json")));
        return [.. index.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("status").GetString() is "concrete" or "concrete-legacy")
            .Select(e => Path.Combine([testData, .. e.GetProperty("path").GetString()!.Split('/')]))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>A copy of template <paramref name="index"/> (modulo the count) with <paramref name="runId"/> as its run id.</summary>
    public byte[] Make(int index, Guid runId)
    {
        var (bytes, offset) = _templates[index % _templates.Count];
        var copy = (byte[])bytes.Clone();
        runId.TryFormat(copy.AsSpan(offset, 36), out _, "D");
        return copy;
    }

    /// <summary>
    /// Writes into <paramref name="buffer"/> (grown when too small) a JSON array of <paramref name="runIds"/>.Length events
    /// starting at template <paramref name="index"/>, and returns its length. A client that sends one batch at a time
    /// reuses its buffer: a batch of 100 corpus events is about 460 KB, and a new array per request would be a
    /// large-object allocation that only a full collection takes back, in the same process as the server measured.
    /// </summary>
    public int WriteBatch(int index, ReadOnlySpan<Guid> runIds, ref byte[] buffer)
    {
        var length = 2 + runIds.Length;
        for (var i = 0; i < runIds.Length; i++)
        {
            length += _templates[(index + i) % _templates.Count].Bytes.Length;
        }

        if (buffer.Length < length)
        {
            buffer = new byte[length];
        }

        var at = 0;
        buffer[at++] = (byte)'[';
        for (var i = 0; i < runIds.Length; i++)
        {
            if (i > 0)
            {
                buffer[at++] = (byte)',';
            }

            var (bytes, offset) = _templates[(index + i) % _templates.Count];
            bytes.CopyTo(buffer, at);
            runIds[i].TryFormat(buffer.AsSpan(at + offset, 36), out _, "D");
            at += bytes.Length;
        }

        buffer[at++] = (byte)']';
        return at;
    }

    /// <summary>The run id of an event as stored, or null when it has none.</summary>
    public static Guid? RunIdOf(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.TryGetProperty("run", out var run) && run.TryGetProperty("runId", out var id) && id.TryGetGuid(out var guid) ? guid : null;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void Add(string json, LineageIngestor door)
    {
        if (Parse(json) is not JsonObject root || root["run"] is not JsonObject run || root["job"] is null || run["runId"] is null)
        {
            return;
        }

        run["runId"] = Marker;
        var bytes = Encoding.UTF8.GetBytes(root.ToJsonString());
        var offset = bytes.AsSpan().IndexOf(MarkerBytes);
        if (offset < 0 || bytes.AsSpan(offset + 1).IndexOf(MarkerBytes) >= 0)
        {
            return;
        }

        if (door.IngestAsync(bytes).AsTask().GetAwaiter().GetResult().Outcome != IngestOutcome.Accepted)
        {
            Refused++;
            return;
        }

        _templates.Add((bytes, offset));
    }
}
