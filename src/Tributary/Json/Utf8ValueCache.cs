using Tributary.Storage;

namespace Tributary.Json;

/// <summary>
/// The lists of events repeat byte for byte: every event of a run re-sends its datasets' schemas and column lineage, and
/// the tables of one pipeline often share a schema. A reader that has the bytes of such a list (found by skipping over
/// it, which only tokenizes) looks them up here and, on a hit, takes the list read from the same bytes before instead of
/// building it again, string by string and record by record. The lists are immutable records behind
/// <see cref="IReadOnlyList{T}"/>, so events may share them; equal bytes read to an equal list, so sharing changes no
/// model. Per thread and per kind of list, direct-mapped like <see cref="Utf8StringCache"/>: a collision replaces the
/// older list, and the bytes are always compared in full.
/// </summary>
internal sealed class Utf8ValueCache
{
    /// <summary>
    /// The longest list kept (a schema or column lineage of a few dozen columns): longer ones are read every time. With
    /// 64 slots, a thread's two caches hold at most 512 KB of keys and the lists read from them, whatever arrives.
    /// </summary>
    public const int MaxBytes = 4 << 10;

    private const int Slots = 64; // a power of two

    [ThreadStatic]
    private static Utf8ValueCache? t_schemas;

    [ThreadStatic]
    private static Utf8ValueCache? t_columnLineage;

    private readonly byte[]?[] _keys = new byte[]?[Slots];
    private readonly object?[] _values = new object?[Slots];

    /// <summary>The calling thread's cache of schema facets' fields.</summary>
    public static Utf8ValueCache Schemas => t_schemas ??= new Utf8ValueCache();

    /// <summary>The calling thread's cache of column-lineage facets' fields.</summary>
    public static Utf8ValueCache ColumnLineage => t_columnLineage ??= new Utf8ValueCache();

    /// <summary>The list read before from exactly these bytes, or null; <paramref name="slot"/> is where <see cref="Keep"/> puts a new one.</summary>
    public object? Find(ReadOnlySpan<byte> utf8, out int slot)
    {
        slot = (int)(Crc32C.Compute(utf8) & (Slots - 1));
        return _keys[slot] is { } key && utf8.SequenceEqual(key) ? _values[slot] : null;
    }

    /// <summary>Keeps <paramref name="value"/>, read from <paramref name="utf8"/>, in the slot <see cref="Find"/> gave.</summary>
    public void Keep(int slot, ReadOnlySpan<byte> utf8, object value)
    {
        Utf8StringCache.SetKey(_keys, slot, utf8);
        _values[slot] = value;
    }
}
