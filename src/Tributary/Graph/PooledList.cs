using System.Buffers;
using System.Collections;

namespace Tributary.Graph;

// A growable list over arrays rented from the shared pool, for traversal scratch space: big walks would otherwise
// allocate large-object arrays on every query, and those are only reclaimed by full collections.
internal sealed class PooledList<T> : IReadOnlyList<T>, IDisposable
{
    private T[] _items;

    public PooledList(int capacity = 16)
    {
        _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 16));
    }

    public int Count { get; private set; }

    public T this[int index]
    {
        get => index < Count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));
        set => _items[index < Count ? index : throw new ArgumentOutOfRangeException(nameof(index))] = value;
    }

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(_items.Length * 2);
            Array.Copy(_items, larger, Count);
            ArrayPool<T>.Shared.Return(_items);
            _items = larger;
        }

        _items[Count++] = item;
    }

    public void Clear() => Count = 0;

    // Keeps the first `count` items (a filter compacts in place, then cuts the rest).
    public void Truncate(int count) => Count = Math.Min(count, Count);

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items);
            _items = [];
            Count = 0;
        }
    }
}
