using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tributary.Json;

/// <summary>
/// The strings of events repeat: every event of a producer names the same producer, schema URLs, namespaces, column
/// names and types. Reading them through this per-thread cache gives the same string instance for the same UTF-8 bytes,
/// so a string is allocated once per thread and value instead of once per occurrence (a realistic event held ~8 KB of
/// strings, most of them repeats). Only short values without escapes are cached; a miss reads the value as usual.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int SlotBits = 12;
    private const int Slots = 1 << SlotBits; // direct-mapped: a collision replaces the older value

    // Long enough for the schema URLs of facets, which every facet of every event repeats: the spec's own run to 122
    // bytes (ColumnLineageDatasetFacet's is 104), and at 96 a realistic event's were read into new strings each time.
    private const int MaxBytes = 160;

    [ThreadStatic]
    private static Utf8StringCache? t_cache;

    // One entry per slot, the value with what tells its bytes apart: their length and first and last eight bytes, which
    // up to 16 bytes are all of them (most of an event's names and types), so a hit on such a value reads one entry and
    // no array; a longer value's bytes are kept too, and their middle compared once the rest agrees.
    private readonly Entry[] _entries = new Entry[Slots];

    /// <summary>The calling thread's cache; a reader takes it once and uses it on that thread only.</summary>
    public static Utf8StringCache ForThread => t_cache ??= new Utf8StringCache();

    /// <summary>The value of a JSON string element: <c>element.GetString()</c>, shared with earlier equal values.</summary>
    public string Text(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        // The raw value keeps its quotes; escaped text is left to the reader, which unescapes and checks it.
        if (raw.Length < 2 || raw.Length - 2 > MaxBytes || raw[0] != (byte)'"')
        {
            return element.GetString()!;
        }

        var utf8 = raw[1..^1];
        return utf8.IndexOf((byte)'\\') >= 0 ? element.GetString()! : Get(utf8, element, static e => e.GetString()!);
    }

    /// <summary>The name of a JSON property: <c>property.Name</c>, shared with earlier equal names.</summary>
    public string Name(JsonProperty property)
    {
        var utf8 = JsonMarshal.GetRawUtf8PropertyName(property);
        return utf8.Length > MaxBytes || utf8.IndexOf((byte)'\\') >= 0 ? property.Name : Get(utf8, property, static p => p.Name);
    }

    // Length and the first and last eight bytes, mixed: enough to spread the values of events, and a collision costs
    // only a miss (the bytes are always compared). The slot is the product's top bits, where every input bit counts: the
    // length, too, so values that share their ends (facets' schema URLs all start "https://" and end "setFacet") do not
    // share a slot.
    private static int Slot(Ends ends, int length)
    {
        var mixed = (ends.Head * 0x9E3779B97F4A7C15UL) ^ (ends.Tail * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)length * 0x165667B19E3779F9UL);
        return (int)(mixed >> (64 - SlotBits));
    }

    /// <summary>
    /// The string of a JSON string's UTF-8 bytes, shared with earlier equal values: for a caller that read the token
    /// itself and knows the bytes hold no escape and are valid UTF-8.
    /// </summary>
    public string Text(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return System.Text.Encoding.UTF8.GetString(utf8);
        }

        var ends = Ends.Of(utf8);
        ref var entry = ref _entries[Slot(ends, utf8.Length)];
        if (entry.Holds(utf8, ends))
        {
            return entry.Value!;
        }

        var value = System.Text.Encoding.UTF8.GetString(utf8);
        entry.Keep(utf8, ends, value);
        return value;
    }

    private string Get<T>(ReadOnlySpan<byte> utf8, T source, Func<T, string> read)
    {
        var ends = Ends.Of(utf8);
        ref var entry = ref _entries[Slot(ends, utf8.Length)];
        if (entry.Holds(utf8, ends))
        {
            return entry.Value!;
        }

        // Read first: text that is no text (invalid UTF-8) throws here as it always did, and is never cached.
        var value = read(source);
        entry.Keep(utf8, ends, value);
        return value;
    }

    // The first and last eight bytes of a value (little-endian); up to seven bytes, all of them in Head.
    private readonly record struct Ends(ulong Head, ulong Tail)
    {
        public static Ends Of(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length >= 8)
            {
                return new(BinaryPrimitives.ReadUInt64LittleEndian(utf8), BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]));
            }

            var head = 0UL;
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }

            return new(head, 0);
        }
    }

    private struct Entry
    {
        public string? Value;
        private ulong _head;
        private ulong _tail;
        private int _length;
        private byte[]? _bytes; // a value longer than 16 bytes: all of them (an array as long or longer, reused)

        public readonly bool Holds(ReadOnlySpan<byte> utf8, Ends ends) =>
            Value is not null && _length == utf8.Length && _head == ends.Head && _tail == ends.Tail
            && (utf8.Length <= 16 || utf8[8..^8].SequenceEqual(_bytes.AsSpan(8, utf8.Length - 16)));

        public void Keep(ReadOnlySpan<byte> utf8, Ends ends, string value)
        {
            if (utf8.Length > 16)
            {
                // Values that differ in every event (times, ids) mostly keep their length: the slot's array is reused.
                if (_bytes is null || _bytes.Length < utf8.Length)
                {
                    _bytes = new byte[utf8.Length];
                }

                utf8.CopyTo(_bytes);
            }

            (_head, _tail, _length, Value) = (ends.Head, ends.Tail, utf8.Length, value);
        }
    }
}
