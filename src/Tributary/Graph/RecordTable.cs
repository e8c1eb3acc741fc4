using System.Collections;

namespace Tributary.Graph;

// The records of one kind (datasets, jobs or runs), indexed by number. Records loaded from a checkpoint are decoded
// the first time they are asked for, so opening a large store costs what the first answer needs, not the whole
// graph. Decoding happens under the graph's read lock, so concurrent readers may race for one record: both decode
// the same bytes and the first one stored wins.
internal sealed class RecordTable<T> : IReadOnlyList<T>
    where T : class
{
    private T?[] _items;
    private int _count;
    private Func<int, T>? _decode;
    private Func<int, long>? _firstSeen;

    public RecordTable() => _items = [];

    // A table of `count` records still in a checkpoint; `decode` reads record i, `firstSeen` only when record i was
    // first seen (read in place: as-of walks ask it of every node they pass, most of which they need nothing else of).
    public RecordTable(int count, Func<int, T> decode, Func<int, long> firstSeen)
    {
        _items = new T?[count];
        _count = count;
        _decode = decode;
        _firstSeen = firstSeen;
    }

    public int Count => _count;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return Volatile.Read(ref _items[index]) ?? Decode(index);
        }
    }

    // When record `index` was first seen: `ofRecord` of the record once decoded, read from the checkpoint before.
    public long FirstSeen(int index, Func<T, long> ofRecord)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return Volatile.Read(ref _items[index]) is { } item ? ofRecord(item) : _firstSeen!(index);
    }

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(16, _items.Length * 2));
        }

        _items[_count++] = item;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private T Decode(int index)
    {
        var decoded = _decode!(index);
        return Interlocked.CompareExchange(ref _items[index], decoded, null) ?? decoded;
    }
}
