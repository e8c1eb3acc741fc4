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

    private readonly byte[]?[] _keys = new byte[]?[Slots];
    private readonly string?[] _values = new string?[Slots];

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
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        ulong head, tail;
        if (utf8.Length >= 8)
        {
            head = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            tail = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else
        {
            head = 0;
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }

            tail = 0;
        }

        var mixed = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)utf8.Length * 0x165667B19E3779F9UL);
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

        var slot = Slot(utf8);
        if (_keys[slot] is { } key && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        var value = System.Text.Encoding.UTF8.GetString(utf8);
        Keep(slot, utf8, value);
        return value;
    }

    private string Get<T>(ReadOnlySpan<byte> utf8, T source, Func<T, string> read)
    {
        var slot = Slot(utf8);
        if (_keys[slot] is { } key && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        // Read first: text that is no text (invalid UTF-8) throws here as it always did, and is never cached.
        var value = read(source);
        Keep(slot, utf8, value);
        return value;
    }

    private void Keep(int slot, ReadOnlySpan<byte> utf8, string value)
    {
        SetKey(_keys, slot, utf8);
        _values[slot] = value;
    }

    /// <summary>Puts <paramref name="utf8"/> in a direct-mapped cache's key slot, reusing the slot's array when it is as long.</summary>
    internal static void SetKey(byte[]?[] keys, int slot, ReadOnlySpan<byte> utf8)
    {
        if (keys[slot] is { } old && old.Length == utf8.Length)
        {
            // Values that differ in every event (times, ids) mostly keep their length: the slot's array is reused.
            utf8.CopyTo(old);
        }
        else
        {
            keys[slot] = utf8.ToArray();
        }
    }
}
