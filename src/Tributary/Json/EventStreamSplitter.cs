using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Tributary.Json;

/// <summary>
/// Splits a stream into events as <see cref="EventSplitter"/> splits bytes in memory, reading a block at a time, so a
/// long NDJSON file or JSON array is never held whole: what is held is the events not yet settled and one block. Every
/// block is a new array, never reused, so the events read from its slices point into it (<see cref="EventSlice.Kept"/>).
/// </summary>
internal static class EventStreamSplitter
{
    // A block is read into a fresh array each time: the slices already handed out point into the previous ones, which
    // die with the events that reference them. It stays below the runtime's large-object threshold (85,000 bytes), so
    // blocks die young in the ephemeral heap: 1 MB blocks went to the large-object heap, whose allocation budget then
    // set off every full collection of a `tributary ingest` (11 of them, all "AllocLarge", for 327 MB of input).
    private const int BlockBytes = 80 << 10;

    /// <summary>
    /// The events of <paramref name="stream"/>. Content that fits in one block is split exactly as in memory; a longer
    /// NDJSON stream or JSON array is split as it is read, and one event longer than <paramref name="maxEventBytes"/> is
    /// rejected without being held. Longer content that is neither (one pretty-printed event) is read whole up to that
    /// limit.
    /// </summary>
    public static async IAsyncEnumerable<EventSlice> SlicesAsync(
        Stream stream, bool standardJson, int maxEventBytes, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var window = new Window(stream);
        await window.FillAsync(0, cancellationToken).ConfigureAwait(false);
        if (StandardJson.WrongEncoding(window.Buffer.AsSpan(0, window.End)) is { } wrong)
        {
            yield return new EventSlice(0, 1, ReadOnlyMemory<byte>.Empty, false, wrong);
            yield break;
        }

        // The form is decided by the first block's content, so a block of nothing but blank space is read past (up to
        // the longest event, so blank space cannot make this hold more than an event would).
        var blank = 0; // how much of the window is known to be blank space
        while (!window.Ended && (window.End < BlockBytes
            || (window.End <= maxEventBytes && (blank = EventSplitter.SkipWhitespace(window.Buffer.AsSpan(0, window.End), blank)) == window.End)))
        {
            await window.FillAsync(0, cancellationToken).ConfigureAwait(false);
        }

        if (window.Ended)
        {
            foreach (var slice in EventSplitter.Slices(window.Memory(0, window.End), standardJson))
            {
                yield return slice with { Kept = true };
            }

            yield break;
        }

        var start = EventSplitter.SkipWhitespace(window.Buffer.AsSpan(0, window.End), 0);
        var envelope = start < window.End && window.Buffer[start] == (byte)'{' ? EventEnvelope.Find(window.Buffer.AsSpan(0, window.End), start) : null;
        var items = start < window.End && window.Buffer[start] == (byte)'['
            ? ArrayAsync(window, start, standardJson, maxEventBytes, null, cancellationToken)
            : envelope is { } found
            ? ArrayAsync(window, found.ArrayStart, standardJson, maxEventBytes, found.CountFirst, cancellationToken)
            : EventSplitter.LooksLikeNdjson(window.CompleteLines(start))
                ? NdjsonAsync(window, maxEventBytes, cancellationToken)
                : OneAsync(window, standardJson, maxEventBytes, cancellationToken);
        await foreach (var slice in items.ConfigureAwait(false))
        {
            yield return slice;
        }
    }

    private static async IAsyncEnumerable<EventSlice> NdjsonAsync(Window window, int maxEventBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        var line = 1;
        var position = window.Buffer.AsSpan(0, window.End).StartsWith(StandardJson.ByteOrderMark) ? StandardJson.ByteOrderMark.Length : 0;
        while (true)
        {
            var end = window.Buffer.AsSpan(position, window.End - position).IndexOf((byte)'\n');
            if (end < 0 && !window.Ended)
            {
                if (window.End - position > maxEventBytes)
                {
                    // Too long to be an event: rejected by its length, and skipped to the next line without being held.
                    yield return new EventSlice(index++, line, ReadOnlyMemory<byte>.Empty, false, TooLong(maxEventBytes, "$"));
                    position = await window.SkipPastAsync(position, (byte)'\n', cancellationToken).ConfigureAwait(false);
                    line++;
                    continue;
                }

                position = await window.FillAsync(position, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var lineEnd = end < 0 ? window.End : position + end;
            var slice = window.Memory(position, lineEnd - position);
            if (EventSplitter.SkipWhitespace(slice.Span, 0) < slice.Length)
            {
                yield return new EventSlice(index++, line, EventSplitter.TrimEnd(slice), false, null, Kept: true);
            }

            if (end < 0)
            {
                yield break;
            }

            line++;
            position = lineEnd + 1;
        }
    }

    // The items of the array opening at `start`: a JSON array of events, or the events array of an events list
    // (EventEnvelope; `envelopeCountFirst` says whether its totalCount came before it), which then ends the envelope.
    private static async IAsyncEnumerable<EventSlice> ArrayAsync(
        Window window, int start, bool standardJson, int maxEventBytes, bool? envelopeCountFirst, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new JsonReaderOptions { CommentHandling = standardJson ? JsonCommentHandling.Disallow : JsonCommentHandling.Skip };
        var state = new JsonReaderState(options);
        var leadingLines = window.Buffer.AsSpan(0, start).Count((byte)'\n');
        var line = 1 + leadingLines;
        var position = start;
        var counted = start;
        var index = 0;
        var opened = false;
        while (true)
        {
            var step = Step(window, position, ref state, leadingLines);
            switch (step.Kind)
            {
                case StepKind.Item when !opened:
                    // The array's opening bracket.
                    opened = true;
                    position = step.End;
                    break;
                case StepKind.Item:
                    line += window.Buffer.AsSpan(counted, step.Start - counted).Count((byte)'\n');
                    counted = step.Start;
                    yield return new EventSlice(index++, line, window.Memory(step.Start, step.End - step.Start), true, null, Kept: true) { InEventsList = envelopeCountFirst is not null };
                    position = step.End;
                    break;
                case StepKind.More when window.End - position > maxEventBytes:
                    // Too long to be an event: rejected by its length and skipped without being held, as a long line
                    // of NDJSON is; the items after it are read as if it had been a null.
                    var (itemStart, comma) = ItemStart(window.Buffer.AsSpan(position, window.End - position));
                    if (itemStart < 0)
                    {
                        // More blank space than an event may hold: refused whole.
                        yield return new EventSlice(index, line, ReadOnlyMemory<byte>.Empty, false, TooLong(maxEventBytes, ItemPath.Item(index, envelopeCountFirst is not null).ToString()));
                        yield break;
                    }

                    itemStart += position;
                    line += window.Buffer.AsSpan(counted, itemStart - counted).Count((byte)'\n');
                    var tooLong = index++;
                    yield return new EventSlice(tooLong, line, ReadOnlyMemory<byte>.Empty, false, TooLong(maxEventBytes, ItemPath.Item(tooLong, envelopeCountFirst is not null).ToString()));
                    var (end, lines) = await SkipItemAsync(window, itemStart, cancellationToken).ConfigureAwait(false);
                    var placeholder = new Utf8JsonReader(comma ? ",null"u8 : "null"u8, isFinalBlock: false, state);
                    placeholder.Read();
                    state = placeholder.CurrentState;
                    line += lines;
                    position = counted = end;
                    break;
                case StepKind.More:
                    line += window.Buffer.AsSpan(counted, position - counted).Count((byte)'\n');
                    position = await window.FillAsync(position, cancellationToken).ConfigureAwait(false);
                    counted = position;
                    break;
                case StepKind.EndOfArray when envelopeCountFirst is { } countFirst:
                    if (!await window.EnvelopeTailAsync(step.End, countFirst, cancellationToken).ConfigureAwait(false))
                    {
                        yield return new EventSlice(index, line, ReadOnlyMemory<byte>.Empty, false, EventEnvelope.BadTail());
                    }

                    yield break;
                case StepKind.EndOfArray:
                    var after = await window.TrailingContentAsync(step.End, cancellationToken).ConfigureAwait(false);
                    if (after >= 0)
                    {
                        yield return new EventSlice(index, line, ReadOnlyMemory<byte>.Empty, false, new LineageError("$", $"unexpected content after the array at byte {after}"));
                    }

                    yield break;
                default:
                    yield return new EventSlice(index, line, ReadOnlyMemory<byte>.Empty, false, step.Failure);
                    yield break;
            }
        }
    }

    // Reads the next token at `position`: a whole item (skipped, not parsed), the end of the array, a need for more bytes
    // (the state is then left as it was, so the item is read again from its start), or malformed JSON.
    private static StepResult Step(Window window, int position, ref JsonReaderState state, int leadingLines)
    {
        var reader = new Utf8JsonReader(window.Buffer.AsSpan(position, window.End - position), window.Ended, state);
        try
        {
            if (!reader.Read())
            {
                return new StepResult(StepKind.More, 0, 0, null);
            }

            if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
            {
                return new StepResult(StepKind.EndOfArray, 0, position + (int)reader.BytesConsumed, null);
            }

            var itemStart = position + (int)reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartArray || reader.CurrentDepth != 0)
            {
                if (!reader.TrySkip())
                {
                    return new StepResult(StepKind.More, 0, 0, null);
                }
            }

            state = reader.CurrentState;
            return new StepResult(StepKind.Item, itemStart, position + (int)reader.BytesConsumed, null);
        }
        catch (JsonException ex)
        {
            return new StepResult(StepKind.Failure, 0, 0, LineageJson.MalformedJson(ex, leadingLines));
        }
    }

    private static async IAsyncEnumerable<EventSlice> OneAsync(Window window, bool standardJson, int maxEventBytes, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!window.Ended && window.End <= maxEventBytes)
        {
            await window.FillAsync(0, cancellationToken).ConfigureAwait(false);
        }

        if (!window.Ended)
        {
            yield return new EventSlice(0, 1, ReadOnlyMemory<byte>.Empty, false, TooLong(maxEventBytes, "$"));
            yield break;
        }

        foreach (var slice in EventSplitter.Slices(window.Memory(0, window.End), standardJson))
        {
            yield return slice with { Kept = true };
        }
    }

    // Where the next item of an array starts in `bytes` (past blank space and the comma before it, if any), or -1.
    private static (int Start, bool AfterComma) ItemStart(ReadOnlySpan<byte> bytes)
    {
        var at = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        if (at < 0 || bytes[at] != (byte)',')
        {
            return (at, false);
        }

        var next = bytes[(at + 1)..].IndexOfAnyExcept(" \t\r\n"u8);
        return (next < 0 ? -1 : at + 1 + next, true);
    }

    // Steps over the array item that starts at `position`, dropping the window's bytes as it goes: a byte scan that
    // follows strings, escapes and nesting, so an item of any length costs one block. Returns where the bytes after the
    // item start and the newlines it holds.
    private static async ValueTask<(int End, int Lines)> SkipItemAsync(Window window, int position, CancellationToken cancellationToken)
    {
        var depth = 0;
        var lines = 0;
        var scalar = window.Buffer[position] is not ((byte)'{' or (byte)'[' or (byte)'"');
        bool inString = false, escaped = false;
        while (true)
        {
            var bytes = window.Buffer.AsSpan(position, window.End - position);
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (b == '\\')
                    {
                        escaped = true;
                    }
                    else if (b == '"')
                    {
                        inString = false;
                        if (depth == 0)
                        {
                            return (position + i + 1, lines);
                        }
                    }

                    continue;
                }

                if (scalar)
                {
                    // A number or a literal ends where a delimiter starts.
                    if (b is (byte)',' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                    {
                        return (position + i, lines);
                    }

                    continue;
                }

                switch (b)
                {
                    case (byte)'\n':
                        lines++;
                        break;
                    case (byte)'"':
                        inString = true;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        depth--;
                        if (depth == 0)
                        {
                            return (position + i + 1, lines);
                        }

                        break;
                }
            }

            if (window.Ended)
            {
                return (window.End, lines);
            }

            position = await window.FillAsync(window.End, cancellationToken).ConfigureAwait(false);
        }
    }

    private static LineageError TooLong(int maxEventBytes, string path) =>
        new(path, $"the event is more than {maxEventBytes} bytes; at most {maxEventBytes} are accepted");

    private enum StepKind
    {
        Item,
        More,
        EndOfArray,
        Failure,
    }

    private readonly record struct StepResult(StepKind Kind, int Start, int End, LineageError? Failure);

    // The bytes read and not yet split: Buffer[0..End), refilled into a new array that keeps the unsplit tail.
    private sealed class Window(Stream stream)
    {
        private long _offset; // of Buffer[0] in the stream

        // Uninitialised: only what the stream wrote, Buffer[0..End), is ever read, so zeroing each new block (all of a
        // long input's bytes, once more) bought nothing.
        public byte[] Buffer { get; private set; } = GC.AllocateUninitializedArray<byte>(BlockBytes);

        public int End { get; private set; }

        public bool Ended { get; private set; }

        public ReadOnlyMemory<byte> Memory(int start, int length) => Buffer.AsMemory(start, length);

        public ReadOnlySpan<byte> CompleteLines(int start)
        {
            var last = Buffer.AsSpan(start, End - start).LastIndexOf((byte)'\n');
            return Buffer.AsSpan(start, last < 0 ? End - start : last);
        }

        // Reads more, keeping Buffer[keepFrom..End); returns where the kept bytes now start.
        public async ValueTask<int> FillAsync(int keepFrom, CancellationToken cancellationToken)
        {
            var kept = End - keepFrom;
            if (keepFrom > 0 || End == Buffer.Length)
            {
                var next = GC.AllocateUninitializedArray<byte>(Math.Max(BlockBytes, kept * 2));
                Buffer.AsSpan(keepFrom, kept).CopyTo(next);
                Buffer = next;
                _offset += keepFrom;
                End = kept;
            }

            var read = await stream.ReadAsync(Buffer.AsMemory(End), cancellationToken).ConfigureAwait(false);
            End += read;
            Ended = read == 0;
            return 0;
        }

        // Drops bytes through the next `delimiter` without keeping them; returns where the rest starts.
        public async ValueTask<int> SkipPastAsync(int position, byte delimiter, CancellationToken cancellationToken)
        {
            while (true)
            {
                var at = Buffer.AsSpan(position, End - position).IndexOf(delimiter);
                if (at >= 0)
                {
                    return position + at + 1;
                }

                if (Ended)
                {
                    return End;
                }

                position = await FillAsync(End, cancellationToken).ConfigureAwait(false);
            }
        }

        // Whether everything from `position` to the end of the stream closes an events list (EventEnvelope.IsTail): read
        // to its end, holding at most a block of it (a longer tail is no events list's).
        public async ValueTask<bool> EnvelopeTailAsync(int position, bool countFirst, CancellationToken cancellationToken)
        {
            while (!Ended && End - position <= BlockBytes)
            {
                position = await FillAsync(position, cancellationToken).ConfigureAwait(false);
            }

            return Ended && EventEnvelope.IsTail(Buffer.AsSpan(position, End - position), countFirst);
        }

        // The stream offset of the first non-whitespace byte from `position` on, or -1 when there is none.
        public async ValueTask<long> TrailingContentAsync(int position, CancellationToken cancellationToken)
        {
            while (true)
            {
                var at = Buffer.AsSpan(position, End - position).IndexOfAnyExcept(" \t\r\n"u8);
                if (at >= 0)
                {
                    return _offset + position + at;
                }

                if (Ended)
                {
                    return -1;
                }

                position = await FillAsync(End, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
