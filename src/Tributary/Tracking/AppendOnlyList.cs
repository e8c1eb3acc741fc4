namespace Tributary.Tracking;

/// <summary>
/// A list one thread appends to while the tracker's background thread reads a prefix of it. A reader that was told
/// "the first <c>n</c> items" (through the queue, which publishes memory) always finds them, because growing copies
/// the items into the new array before publishing it, and items are never moved or removed.
/// </summary>
// A mutable struct kept in a class field and never copied, so a scope's lists cost no extra object each.
internal struct AppendOnlyList<T>
{
    private T[]? _items;
    private int _count;

    public readonly int Count => _count;

    public void Add(T item)
    {
        var items = _items;
        if (items is null || _count == items.Length)
        {
            var grown = new T[items is null ? 2 : items.Length * 2];
            items?.AsSpan().CopyTo(grown);
            Volatile.Write(ref _items, grown);
            items = grown;
        }

        items[_count] = item;
        _count++;
    }

    /// <summary>The item at <paramref name="index"/>, by reference so the owner can update it in place.</summary>
    public ref T this[int index] => ref Volatile.Read(ref _items)![index];

    /// <summary>The first <paramref name="count"/> items, for the background reader.</summary>
    public ReadOnlySpan<T> Prefix(int count) => count == 0 ? default : Volatile.Read(ref _items).AsSpan(0, count);
}
