using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Tributary.Storage;

namespace Tributary.Json;

/// <summary>
/// The lists of events repeat byte for byte: every event of a run re-sends its datasets' schemas and column lineage, and
/// the tables of one pipeline often share a schema. A reader about to read such a list looks up the bytes where it
/// starts and, on a hit, skips over the list (which only tokenizes) and takes the list read from the same bytes before,
/// instead of building it again, string by string and record by record; on a miss it reads the list once, as before,
/// and keeps it. The lists are immutable records behind <see cref="IReadOnlyList{T}"/>, so events may share them; equal
/// bytes read to an equal list, so sharing changes no model. Per thread and per kind of list, direct-mapped like
/// <see cref="Utf8StringCache"/> by the first bytes: a collision replaces the older list, and a kept list's bytes are
/// always compared in full.
/// </summary>
internal sealed class Utf8ValueCache
{
    /// <summary>
    /// The longest list kept (a schema or column lineage of a few dozen columns): longer ones are read every time. With
    /// 64 slots, a thread's two caches hold at most 512 KB of keys and the lists read from them, whatever arrives.
    /// </summary>
    public const int MaxBytes = 4 << 10;

    private const int Slots = 64; // a power of two

    // The bytes a slot is chosen by: the list's first 256 bytes, enough to tell apart the lists of different datasets (a
    // column-lineage facet names its first input dataset within its first hundred), or the whole list when shorter, so
    // that what follows a short list in an event (run statistics, say) does not decide its slot.
    private const int PrefixBytes = 256;

    [ThreadStatic]
    private static Utf8ValueCache? t_schemas;

    [ThreadStatic]
    private static Utf8ValueCache? t_columnLineage;

    // Each slot's key is the first _lengths[slot] bytes of its array, which a later key of the slot reuses when it fits:
    // the lists of a long input mostly miss (a new dataset's schema) and would otherwise copy each into a new array that
    // lives as long as the slot, long enough to be promoted by every collection meanwhile.
    private readonly byte[]?[] _keys = new byte[]?[Slots];
    private readonly int[] _lengths = new int[Slots];
    private readonly object?[] _values = new object?[Slots];

    /// <summary>The calling thread's cache of schema facets' fields.</summary>
    public static Utf8ValueCache Schemas => t_schemas ??= new Utf8ValueCache();

    /// <summary>The calling thread's cache of column-lineage facets' fields.</summary>
    public static Utf8ValueCache ColumnLineage => t_columnLineage ??= new Utf8ValueCache();

    /// <summary>
    /// The list read before from the bytes <paramref name="utf8"/> starts with, or null; <paramref name="length"/> is how
    /// many bytes that list took, and <paramref name="slot"/> is where <see cref="Keep"/> puts a new one. A list is a
    /// complete JSON value, so content that starts with its bytes holds exactly that list there.
    /// </summary>
    public object? Find(ReadOnlySpan<byte> utf8, out int slot, out int length)
    {
        slot = (int)(Crc32C.Compute(utf8[..PrefixLength(utf8)]) & (Slots - 1));
        var key = _keys[slot];
        length = _lengths[slot];
        return key is not null && utf8.StartsWith(key.AsSpan(0, length)) ? _values[slot] : null;
    }

    // Where the list ends if that is within PrefixBytes (found by its brackets: one inside a string can only make this
    // longer, and so cost a miss, never a wrong list), else PrefixBytes. Sixteen bytes at a time: a list of records has a
    // bracket every dozen bytes or so, where one search call per bracket cost a tenth of reading a realistic event.
    private static int PrefixLength(ReadOnlySpan<byte> utf8)
    {
        var limit = Math.Min(utf8.Length, PrefixBytes);
        var depth = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(utf8);
            for (; i + 16 <= limit; i += 16)
            {
                // '[' and '{' are 0x5B and 0x7B, ']' and '}' 0x5D and 0x7D: with the 0x20 bit set, each pair is one byte.
                var folded = Vector128.LoadUnsafe(ref start, (nuint)i) | Vector128.Create((byte)0x20);
                var opens = Vector128.Equals(folded, Vector128.Create((byte)'{')).ExtractMostSignificantBits();
                var brackets = opens | Vector128.Equals(folded, Vector128.Create((byte)'}')).ExtractMostSignificantBits();
                for (; brackets != 0; brackets &= brackets - 1)
                {
                    var at = BitOperations.TrailingZeroCount(brackets);
                    depth += ((opens >> at) & 1) != 0 ? 1 : -1;
                    if (depth == 0)
                    {
                        return i + at + 1;
                    }
                }
            }
        }

        for (; i < limit; i++)
        {
            var change = utf8[i] switch { (byte)'[' or (byte)'{' => 1, (byte)']' or (byte)'}' => -1, _ => 0 };
            if (change != 0 && (depth += change) == 0)
            {
                return i + 1;
            }
        }

        return limit;
    }

    /// <summary>Keeps <paramref name="value"/>, read from <paramref name="utf8"/>, in the slot <see cref="Find"/> gave.</summary>
    public void Keep(int slot, ReadOnlySpan<byte> utf8, object value)
    {
        var key = _keys[slot];
        if (key is null || key.Length < utf8.Length)
        {
            // Sized up to a power of two (at most MaxBytes, the longest list kept), so the slot's next keys fit.
            _keys[slot] = key = new byte[Math.Max((int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)utf8.Length), 64)];
        }

        utf8.CopyTo(key);
        _lengths[slot] = utf8.Length;
        _values[slot] = value;
    }
}
