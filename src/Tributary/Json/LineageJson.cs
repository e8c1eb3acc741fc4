using System.Buffers;
using System.Text;
using System.Text.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Json;

/// <summary>
/// Reads and writes OpenLineage events. Reading is lenient where real producers are sloppy and strict where
/// meaning would be lost; a malformed event fails with <see cref="LineageFormatException"/> naming the JSON
/// path of every problem. Writing produces OpenLineage 2-0-2 JSON, and writes facets it read back unchanged.
/// </summary>
/// <example>
/// <code>
/// var e = LineageJson.Deserialize(File.ReadAllBytes("event.json"));
/// File.WriteAllBytes("copy.json", LineageJson.SerializeToUtf8Bytes(e));
/// </code>
/// </example>
public static class LineageJson
{
    /// <summary>
    /// The producer an event is read with when it names none (as the OpenLineage pattern document's hand-written events
    /// do); reading it warns, naming this value, so the sender can tell where it came from.
    /// </summary>
    public const string DefaultProducer = "urn:tributary:producer:unspecified";


    /// <summary>Reads one event from UTF-8 JSON; throws <see cref="LineageFormatException"/> with every problem found.</summary>
    public static LineageEvent Deserialize(ReadOnlySpan<byte> utf8, LineageReadOptions? options = null)
    {
        var (e, errors, _) = Read(utf8, options ?? LineageReadOptions.Default);
        return e ?? throw new LineageFormatException(errors);
    }

    /// <summary>Reads one event from a JSON string; throws <see cref="LineageFormatException"/> with every problem found.</summary>
    public static LineageEvent Deserialize(string json, LineageReadOptions? options = null) =>
        Deserialize(Encoding.UTF8.GetBytes(json), options);

    /// <summary>Reads one event, returning false and the problems (each with its JSON path) instead of throwing.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> utf8, out LineageEvent? lineageEvent, out IReadOnlyList<LineageError> errors, LineageReadOptions? options = null)
    {
        (lineageEvent, errors, _) = Read(utf8, options ?? LineageReadOptions.Default);
        return lineageEvent is not null;
    }

    /// <summary>Reads an already-parsed event element (for example one item of a batch).</summary>
    public static LineageEvent Deserialize(JsonElement element, LineageReadOptions? options = null)
    {
        var reader = new EventReader(options ?? LineageReadOptions.Default);
        LineageEvent? e;
        try
        {
            e = reader.Read(element);
        }
        catch (InvalidOperationException ex)
        {
            throw new LineageFormatException([new LineageError("$", "unreadable text: " + ex.Message)]);
        }

        return e is not null && reader.Errors.Count == 0 ? e : throw new LineageFormatException(reader.Errors);
    }

    /// <summary>
    /// Reads every event of a file or request body: one JSON object, a JSON array of events, or NDJSON (one
    /// event per line). Each result carries the event or its errors, its position and its exact raw bytes, so
    /// one bad event never hides the good ones.
    /// </summary>
    public static IEnumerable<LineageReadResult> ReadMany(ReadOnlyMemory<byte> content, LineageReadOptions? options = null) =>
        EventSplitter.Split(content, options ?? LineageReadOptions.Default);

    /// <summary>Writes an event as compact UTF-8 JSON.</summary>
    public static byte[] SerializeToUtf8Bytes(LineageEvent lineageEvent)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        return SerializeToThreadBuffer(lineageEvent).ToArray();
    }

    /// <summary>
    /// Writes an event as compact UTF-8 JSON into a buffer that belongs to the calling thread, reused by its next call:
    /// the ingest door hashes an event's canonical form this way without allocating it.
    /// </summary>
    internal static ReadOnlySpan<byte> SerializeToThreadBuffer(LineageEvent lineageEvent) =>
        JsonText.Utf8(lineageEvent, static (writer, e) => EventWriter.Write(writer, e), relaxedEscaping: true);

    /// <summary>Writes an event as a compact JSON string.</summary>
    public static string Serialize(LineageEvent lineageEvent) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(lineageEvent));

    /// <summary>A run event's <c>eventType</c> as OpenLineage writes it: <c>START</c>, <c>RUNNING</c>, <c>COMPLETE</c>, <c>ABORT</c>, <c>FAIL</c> or <c>OTHER</c>.</summary>
    public static string EventTypeName(RunState eventType) => EventWriter.StateText(eventType);

    /// <summary>Writes an event to a JSON writer the caller owns (for batches, NDJSON and HTTP bodies).</summary>
    public static void Write(Utf8JsonWriter writer, LineageEvent lineageEvent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(lineageEvent);
        EventWriter.Write(writer, lineageEvent);
    }

    /// <summary>Writes one dataset facet (with <c>_producer</c> and <c>_schemaURL</c>) as a JSON object to a writer the caller owns.</summary>
    public static void WriteDatasetFacet(Utf8JsonWriter writer, Facet facet)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(facet);
        EventWriter.WriteDatasetFacet(writer, facet);
    }

    // Tolerant of what older versions stored (a byte order mark, comments, trailing commas); strict on request.
    private static readonly JsonReaderOptions TolerantReader = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    internal static (LineageEvent? Event, IReadOnlyList<LineageError> Errors, IReadOnlyList<LineageError> Warnings) Read(ReadOnlySpan<byte> utf8, LineageReadOptions options) =>
        Read(utf8, default, options);

    /// <summary>
    /// Reads one event from memory that lives as long as the event may (the door's own blocks and bodies): the event
    /// points into it instead of into a private copy.
    /// </summary>
    internal static (LineageEvent? Event, IReadOnlyList<LineageError> Errors, IReadOnlyList<LineageError> Warnings) ReadKept(ReadOnlyMemory<byte> utf8, LineageReadOptions options) =>
        Read(utf8.Span, utf8, options);

    // `kept` is `utf8` as memory that outlives the call, or empty when `utf8` must be copied first.
    private static (LineageEvent? Event, IReadOnlyList<LineageError> Errors, IReadOnlyList<LineageError> Warnings) Read(ReadOnlySpan<byte> utf8, ReadOnlyMemory<byte> kept, LineageReadOptions options)
    {
        // Standard JSON is checked by the parse itself (a strict reader: no comments, no trailing commas) after two
        // vectorised scans for what a reader lets through (invalid UTF-8, a lone surrogate escape); only an event that
        // fails one of them gets the full check, which says what is wrong and where. One tokenisation, not two.
        var strict = options.RequireStandardJson;
        var validUtf8 = strict && StandardJson.PassesQuickCheck(utf8);
        if (strict && !validUtf8 && StandardJson.Check(utf8) is { } problem)
        {
            return (null, [problem], []);
        }

        if (utf8.StartsWith(StandardJson.ByteOrderMark))
        {
            utf8 = utf8[StandardJson.ByteOrderMark.Length..];
            kept = kept.IsEmpty ? kept : kept[StandardJson.ByteOrderMark.Length..];
        }

        // The model's facets and unknown properties point into the bytes, so they must outlive the caller's buffer.
        ReadOnlyMemory<byte> copy = kept.IsEmpty ? utf8.ToArray() : kept;
        // Most events have no warning and no error: the common reader's warnings go to the thread's list, and an event
        // read without any gets the empty array, not two new lists.
        var warnings = t_warnings ??= [];
        warnings.Clear();
        if (!options.AllowPartial && CommonEventReader.TryRead(copy, validUtf8, warnings) is { } common)
        {
            return (common, [], warnings.Count == 0 ? [] : [.. warnings]);
        }

        JsonDocument document;
        try
        {
            // One tokenisation. JsonElement.ParseValue would tokenise twice: once to find the value's end, once to parse it.
            document = JsonDocument.Parse(copy, strict ? StrictDocument : TolerantDocument);
        }
        catch (JsonException)
        {
            return (null, [Unparsable(utf8, strict)], []);
        }

        var reader = new EventReader(options, copy);
        LineageEvent? e = null;
        try
        {
            e = reader.Read(document.RootElement);
            return (reader.Errors.Count == 0 ? e : null, reader.Errors, reader.Warnings);
        }
        catch (InvalidOperationException ex)
        {
            // Text that is no text (invalid UTF-8, a lone surrogate escape) only fails when read as a string; the door
            // rejects it earlier with its path, and a record an older version stored is reported, not thrown.
            e = null;
            return (null, [new LineageError("$", "unreadable text: " + ex.Message)], reader.Warnings);
        }
        finally
        {
            // The document's metadata is rented. An event that kept none of its elements gives it back now; one that did
            // (raw facets, unknown properties) keeps it for as long as the event lives, and the collector takes it after.
            if (e is null || reader.Errors.Count > 0 || !EventJsonReferences.Any(e))
            {
                document.Dispose();
            }
        }
    }

    [ThreadStatic]
    private static List<LineageError>? t_warnings;

    private static readonly JsonDocumentOptions StrictDocument = default;
    private static readonly JsonDocumentOptions TolerantDocument = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    // Why content that failed to parse is not one JSON value, said as before: content after the value is named with its
    // byte offset, anything else with the parser's line and column (or the standard-JSON check's path).
    private static LineageError Unparsable(ReadOnlySpan<byte> utf8, bool strict)
    {
        try
        {
            var json = new Utf8JsonReader(utf8, strict ? default : TolerantReader);
            JsonElement.ParseValue(ref json);
            if (json.Read())
            {
                return new LineageError("$", $"unexpected content after the event at byte {json.TokenStartIndex}");
            }

            return new LineageError("$", "malformed JSON");
        }
        catch (JsonException ex)
        {
            return (strict ? StandardJson.Check(utf8) : null) ?? MalformedJson(ex);
        }
    }

    internal static LineageError MalformedJson(JsonException ex, int lineOffset = 0)
    {
        var line = (ex.LineNumber ?? 0) + 1 + lineOffset;
        var column = (ex.BytePositionInLine ?? 0) + 1;
        var reason = ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        return new LineageError("$", $"malformed JSON at line {line}, column {column}: {reason}");
    }
}
