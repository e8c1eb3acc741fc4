using System.Text.Json;
using Tributary.Model;

namespace Tributary.Json;

/// <summary>Splits a file or body into events: a single object, a JSON array, or NDJSON.</summary>
internal static class EventSplitter
{
    public static IEnumerable<LineageReadResult> Split(ReadOnlyMemory<byte> content, LineageReadOptions options)
    {
        foreach (var slice in Slices(content, options.RequireStandardJson))
        {
            yield return Read(slice, options);
        }
    }

    /// <summary>Reads one slice: the event, or why it could not be read (paths prefixed with its array index).</summary>
    public static LineageReadResult Read(EventSlice slice, LineageReadOptions options)
    {
        if (slice.Failure is { } failure)
        {
            return new LineageReadResult(slice.Index, slice.Line, null, [failure], [], slice.Raw);
        }

        if (TryTakeRead(slice, options, out var e, out var warnings))
        {
            return new LineageReadResult(slice.Index, slice.Line, e, [], warnings, slice.Raw);
        }

        var result = ReadOne(slice.Index, slice.Line, slice.Raw, options, slice.Kept);
        return slice.InArray ? result with { Errors = Prefix(result.Errors, slice.Path), Warnings = Prefix(result.Warnings, slice.Path) } : result;
    }

    /// <summary>
    /// The event the splitter already read from <paramref name="slice"/>, when reading it with <paramref name="options"/>
    /// would give the same (strict, whole events only), with its warnings' paths from the content's root: what
    /// <see cref="Read"/> returns for it, without building the result (the ingest door takes one per event).
    /// </summary>
    internal static bool TryTakeRead(EventSlice slice, LineageReadOptions options, out LineageEvent e, out IReadOnlyList<LineageError> warnings)
    {
        if (slice.Failure is null && slice.Read is var (read, readWarnings) && options.RequireStandardJson && !options.AllowPartial)
        {
            e = read;
            warnings = Prefix(readWarnings, slice.Path);
            return true;
        }

        e = null!;
        warnings = [];
        return false;
    }

    /// <summary>
    /// Reads content that should be one event object, tokenising it once: true with the event when it reads as one,
    /// the same result <see cref="Split"/> gives it. False for anything else (malformed, several events, not an
    /// object, invalid), which <see cref="Split"/> must then tell apart; a single valid event, the common case, so skips
    /// the pass that checks whether the content is one value or NDJSON. With <paramref name="kept"/>, the content
    /// outlives the event, which then points into it instead of into a copy of its own.
    /// </summary>
    public static bool TryReadSingle(ReadOnlyMemory<byte> content, LineageReadOptions options, out LineageReadResult result, bool kept = false)
    {
        var start = SkipWhitespace(content.Span, 0);
        if (start >= content.Length || content.Span[start] != (byte)'{')
        {
            result = null!;
            return false;
        }

        // A strict parse of the rest succeeds only for exactly one value, which is what the splitter would slice.
        result = ReadOne(0, LineOf(content.Span, start), content[start..], options, kept);
        return result.Event is not null;
    }

    /// <summary>
    /// Finds each event's bytes without parsing it, so the events can then be read in parallel. A leading byte order
    /// mark is skipped (never part of an event); with <paramref name="standardJson"/>, an array with comments or
    /// trailing commas between its events is malformed. With <paramref name="kept"/>, the content outlives the events
    /// read from the slices, which then point into it instead of into copies of their own. With
    /// <paramref name="readArrayItems"/> (only with both of the others), the items of a JSON array of standard JSON are read
    /// as strict reading reads them (<see cref="LineageReadOptions.Strict"/>) in the same pass that finds where each
    /// ends, where that reading accepts them (<see cref="EventSlice.Read"/>), instead of being tokenised once to be found
    /// and again to be read: for a request's batch, whose many concurrent requests keep the cores busy anyway.
    /// </summary>
    public static IEnumerable<EventSlice> Slices(ReadOnlyMemory<byte> content, bool standardJson = false, bool kept = false, bool readArrayItems = false)
    {
        if (StandardJson.WrongEncoding(content.Span) is { } wrong)
        {
            yield return new EventSlice(0, 1, ReadOnlyMemory<byte>.Empty, false, wrong);
            yield break;
        }

        var start = SkipWhitespace(content.Span, 0);
        if (start >= content.Length)
        {
            yield break;
        }

        // A JSON array of events, or the events list Marquez's API answers with ({"events": [...], "totalCount": N}).
        var envelope = content.Span[start] == (byte)'{' ? EventEnvelope.Find(content.Span, start) : null;
        if (content.Span[start] == (byte)'[' || envelope is not null)
        {
            foreach (var slice in SliceArray(content, envelope?.ArrayStart ?? start, standardJson, kept, readArrayItems && standardJson && kept, envelope?.CountFirst))
            {
                yield return slice;
            }

            yield break;
        }

        if (IsSingleValue(content.Span[start..]) || !LooksLikeNdjson(content.Span[start..]))
        {
            yield return new EventSlice(0, LineOf(content.Span, start), content[start..], false, null, kept);
            yield break;
        }

        // NDJSON: one event per non-empty line; a malformed line is reported and the rest still read.
        var index = 0;
        var line = 1;
        var position = content.Span.StartsWith(StandardJson.ByteOrderMark) ? StandardJson.ByteOrderMark.Length : 0;
        while (position < content.Length)
        {
            var end = content.Span[position..].IndexOf((byte)'\n');
            var lineEnd = end < 0 ? content.Length : position + end;
            var slice = content[position..lineEnd];
            if (SkipWhitespace(slice.Span, 0) < slice.Length)
            {
                yield return new EventSlice(index++, line, TrimEnd(slice), false, null, kept);
            }

            line++;
            position = lineEnd + 1;
        }
    }

    // The items of the array opening at `start`: a JSON array of events, or the events array of an events list
    // (EventEnvelope; `envelopeCountFirst` says whether its totalCount came before it), which then ends the envelope.
    private static IEnumerable<EventSlice> SliceArray(ReadOnlyMemory<byte> content, int start, bool standardJson, bool kept, bool readItems, bool? envelopeCountFirst)
    {
        var ranges = new List<(int Start, int End, (LineageEvent, IReadOnlyList<LineageError>)? Read)>();
        LineageError? failure = null;

        // An item read here is kept only when it passes the quick checks strict reading makes of each event (valid UTF-8,
        // no lone surrogate escape), so what reading here accepts is what reading the slice accepts. One check of the
        // whole array passes for all of its items; when it does not (a surrogate pair escaped as two, say), each item
        // read is checked on its own.
        var array = content[start..];
        var allPass = readItems && StandardJson.PassesQuickCheck(array.Span);
        var warnings = readItems ? new List<LineageError>() : null;
        try
        {
            var options = new JsonReaderOptions { CommentHandling = standardJson ? JsonCommentHandling.Disallow : JsonCommentHandling.Skip };
            var reader = new Utf8JsonReader(array.Span, options);
            var offset = 0; // where in the array the reader's bytes start (the common reader may hand back a new reader)
            reader.Read();
            while (true)
            {
                var beforeItem = reader;
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                var itemStart = offset + (int)reader.TokenStartIndex;
                (LineageEvent, IReadOnlyList<LineageError>)? read = null;

                // Read from a copy of the reader: an item the common reader declines is skipped from where it starts,
                // and then read (or found malformed) as any other.
                var attempt = beforeItem;
                var attemptOffset = offset;
                warnings?.Clear();
                if (warnings is not null && reader.TokenType == JsonTokenType.StartObject
                    && CommonEventReader.TryReadItem(array, ref attempt, ref attemptOffset, validUtf8: allPass, warnings) is { } e)
                {
                    reader = attempt;
                    offset = attemptOffset;
                    if (allPass || StandardJson.PassesQuickCheck(array.Span[itemStart..(offset + (int)reader.BytesConsumed)]))
                    {
                        read = (e, warnings.Count == 0 ? [] : [.. warnings]);
                    }
                }
                else
                {
                    reader.Skip();
                }

                ranges.Add((start + itemStart, start + offset + (int)reader.BytesConsumed, read));
            }

            if (envelopeCountFirst is { } countFirst)
            {
                failure = EventEnvelope.IsTail(content.Span[(start + offset + (int)reader.BytesConsumed)..], countFirst) ? null : EventEnvelope.BadTail();
            }
            else if (reader.Read())
            {
                failure = new LineageError("$", $"unexpected content after the array at byte {start + offset + reader.TokenStartIndex}");
            }
        }
        catch (JsonException ex)
        {
            // At the door, say what is not standard and where (the path names the item); otherwise the reader's words.
            failure = (standardJson ? StandardJson.Check(content.Span[start..]) : null) ?? LineageJson.MalformedJson(ex, LineOf(content.Span, start) - 1);
        }

        // Lines are counted incrementally: counting from the start for every item would be quadratic in big arrays.
        var line = 1;
        var counted = 0;
        for (var i = 0; i < ranges.Count; i++)
        {
            var (s, e, read) = ranges[i];
            line += content.Span[counted..s].Count((byte)'\n');
            counted = s;
            yield return new EventSlice(i, line, content[s..e], true, null, kept) { Read = read, InEventsList = envelopeCountFirst is not null };
        }

        if (failure is not null)
        {
            yield return new EventSlice(ranges.Count, LineOf(content.Span, start), content[start..], false, failure, kept);
        }
    }

    /// <summary>
    /// The paths of <paramref name="errors"/> from an event's root, made paths from its content's, the event being at
    /// <paramref name="eventPath"/> (<see cref="EventSlice.Path"/>): <c>$[3].run.runId</c>, <c>$.events[3].run.runId</c>.
    /// Those of an event that is its content's root are returned as they are.
    /// </summary>
    internal static IReadOnlyList<LineageError> Prefix(IReadOnlyList<LineageError> errors, ItemPath eventPath)
    {
        if (errors.Count == 0 || !eventPath.InArray)
        {
            return errors;
        }

        var path = eventPath.ToString();

        var prefixed = new LineageError[errors.Count];
        for (var i = 0; i < errors.Count; i++)
        {
            prefixed[i] = errors[i] with { Path = path + errors[i].Path[1..] };
        }

        return prefixed;
    }

    private static LineageReadResult ReadOne(int index, int line, ReadOnlyMemory<byte> raw, LineageReadOptions options, bool kept = false)
    {
        var (e, errors, warnings) = kept ? LineageJson.ReadKept(raw, options) : LineageJson.Read(raw.Span, options);
        if (e is null && errors.Count == 1 && line > 1)
        {
            // Report a position at its line in the whole file, not in the event.
            errors = [errors[0] with { Message = ShiftLine(errors[0].Message, line - 1) }];
        }

        return new LineageReadResult(index, line, e, errors, warnings, raw);
    }

    // "malformed JSON at line N, ..." and "... (line N, column ...": N counted in the event becomes N counted in the file.
    private static string ShiftLine(string message, int offset) =>
        System.Text.RegularExpressions.Regex.Replace(
            message,
            @"^(malformed JSON at line |.*\(line )(\d+)(?=, column )",
            m => m.Groups[1].Value + (long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + offset).ToString(System.Globalization.CultureInfo.InvariantCulture),
            System.Text.RegularExpressions.RegexOptions.None,
            TimeSpan.FromSeconds(1));

    private static bool IsSingleValue(ReadOnlySpan<byte> span)
    {
        try
        {
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // NDJSON lines each start with '{' at column 1; a pretty-printed object has indented inner lines.
    internal static bool LooksLikeNdjson(ReadOnlySpan<byte> span)
    {
        var position = 0;
        while (position < span.Length)
        {
            var end = span[position..].IndexOf((byte)'\n');
            var line = end < 0 ? span[position..] : span[position..(position + end)];
            var first = SkipWhitespace(line, 0);
            if (first < line.Length && (first != 0 || line[0] != (byte)'{'))
            {
                return false;
            }

            if (end < 0)
            {
                break;
            }

            position += end + 1;
        }

        return true;
    }

    internal static ReadOnlyMemory<byte> TrimEnd(ReadOnlyMemory<byte> slice)
    {
        var span = slice.Span;
        var end = span.Length;
        while (end > 0 && span[end - 1] is (byte)'\r' or (byte)' ' or (byte)'\t')
        {
            end--;
        }

        return slice[..end];
    }

    internal static int SkipWhitespace(ReadOnlySpan<byte> span, int from)
    {
        var i = from;
        if (i == 0 && span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF)
        {
            i = 3;
        }

        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static int LineOf(ReadOnlySpan<byte> span, int position) => span[..position].Count((byte)'\n') + 1;
}
