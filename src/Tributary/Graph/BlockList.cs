using System.Collections;

namespace Tributary.Graph;

// A list kept in order whose inserts in the middle cost a block, not the list. A dataset's versions are in the order
// first seen, ties by run id: runs that share an event time (a producer re-sending one template, a backfill stamped with
// one time) each go to a place chosen by their run id, and in a List every such insert moved half of a list of
// thousands of references, each move with its write barriers: quadratic in the versions of one time. Up to one block
// it is a plain array as a List's, and costs a List's memory (most datasets have a handful of versions); past that,
// blocks of at most BlockSize items, found by the index of their first item.
internal sealed class BlockList<T> : IReadOnlyList<T>
{
    private const int BlockSize = 512;

    // The items while they fit in one block; unused once _blocks holds them.
    private T[] _items = [];
    private Blocks? _blocks;

    /// <summary>Creates an empty list.</summary>
    public BlockList()
    {
    }

    /// <summary>Creates an empty list with room for <paramref name="capacity"/> items in its first block.</summary>
    public BlockList(int capacity) => _items = capacity > 0 ? new T[Math.Min(capacity, BlockSize)] : [];

    /// <inheritdoc />
    public int Count { get; private set; }

    /// <inheritdoc />
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            if (_blocks is not { } blocks)
            {
                return _items[index];
            }

            var b = blocks.Of(index);
            return blocks.Items[b][index - blocks.Starts[b]];
        }
    }

    /// <summary>The item at <paramref name="index"/>, to change in place (valid until the list next changes).</summary>
    public ref T ItemRef(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (_blocks is not { } blocks)
        {
            return ref _items[index];
        }

        var b = blocks.Of(index);
        return ref blocks.Items[b][index - blocks.Starts[b]];
    }

    /// <summary>
    /// How many of the first <paramref name="count"/> items come before a place, in a list where
    /// <paramref name="probe"/> says so of a prefix of them: a binary search over the blocks' first items, then inside
    /// one block's array, so each step reads an item without looking its block up.
    /// </summary>
    public int CountBefore<TProbe>(ref TProbe probe, int count)
        where TProbe : struct, IBlockProbe<T>
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)Count, nameof(count));
        if (_blocks is not { } blocks)
        {
            return CountBeforeIn(ref probe, _items, 0, count);
        }

        // The last block whose first item comes before the place (none: the place is at the start).
        var (low, high) = (-1, blocks.Count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (blocks.Starts[middle] < count && probe.Before(ref blocks.Items[middle][0], blocks.Starts[middle]))
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (low < 0)
        {
            return 0;
        }

        var start = blocks.Starts[low];
        return start + CountBeforeIn(ref probe, blocks.Items[low], start, Math.Min(blocks.Counts[low], count - start));
    }

    // The binary search inside one array of items, whose first is item `start` of the list.
    private static int CountBeforeIn<TProbe>(ref TProbe probe, T[] items, int start, int count)
        where TProbe : struct, IBlockProbe<T>
    {
        var (low, high) = (0, count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (probe.Before(ref items[middle], start + middle))
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Adds the item at the end.</summary>
    public void Add(T item) => Insert(Count, item);

    /// <summary>Adds the items at the end, in their order.</summary>
    public void AddRange(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Puts the item at <paramref name="index"/>, moving those from there on one place up.</summary>
    public void Insert(int index, T item)
    {
        if ((uint)index > (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (_blocks is null)
        {
            if (Count < BlockSize)
            {
                _items = InsertInto(_items, Count, index, item);
                Count++;
                return;
            }

            _blocks = new Blocks(_items, Count);
            _items = [];
        }

        var blocks = _blocks;

        // The block the index falls in, or the last one for an append.
        var b = index == Count ? blocks.Count - 1 : blocks.Of(index);
        if (blocks.Counts[b] == BlockSize)
        {
            // An append starts a block of its own (versions mostly come in order, so blocks stay full); an insert
            // splits the full block in two.
            if (index == Count)
            {
                blocks.Append(Count);
                b++;
            }
            else
            {
                blocks.Split(b);
                if (index - blocks.Starts[b] > blocks.Counts[b])
                {
                    b++;
                }
            }
        }

        blocks.Items[b] = InsertInto(blocks.Items[b], blocks.Counts[b], index - blocks.Starts[b], item);
        blocks.Counts[b]++;
        blocks.Shift(b, 1);
        Count++;
    }

    /// <summary>Removes the item at <paramref name="index"/>, moving those after it one place down.</summary>
    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        Count--;
        if (_blocks is not { } blocks)
        {
            Array.Copy(_items, index + 1, _items, index, Count - index);
            _items[Count] = default!;
            return;
        }

        var b = blocks.Of(index);
        var items = blocks.Items[b];
        var at = index - blocks.Starts[b];
        var count = --blocks.Counts[b];
        Array.Copy(items, at + 1, items, at, count - at);
        items[count] = default!;
        blocks.Shift(b, -1);
        if (count == 0 && blocks.Count > 1)
        {
            blocks.Remove(b);
        }
    }

    /// <summary>The index of the first item equal to <paramref name="item"/>, or -1.</summary>
    public int IndexOf(T item)
    {
        var i = 0;
        foreach (var candidate in this)
        {
            if (EqualityComparer<T>.Default.Equals(candidate, item))
            {
                return i;
            }

            i++;
        }

        return -1;
    }

    /// <summary>Puts the items in the order <paramref name="comparison"/> gives (not a stable sort, as <see cref="List{T}.Sort(Comparison{T})"/>).</summary>
    public void Sort(Comparison<T> comparison)
    {
        var all = new T[Count];
        var at = 0;
        foreach (var item in this)
        {
            all[at++] = item;
        }

        Array.Sort(all, comparison);
        _blocks = null;
        _items = [];
        Count = 0;
        if (all.Length <= BlockSize)
        {
            (_items, Count) = (all, all.Length);
            return;
        }

        AddRange(all);
    }

    /// <summary>Enumerates the items in order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // Puts the item at `at` of the first `count` items of the array, growing it as a List does (up to a block).
    private static T[] InsertInto(T[] items, int count, int at, T item)
    {
        if (count == items.Length)
        {
            Array.Resize(ref items, Math.Min(BlockSize, Math.Max(4, count * 2)));
        }

        Array.Copy(items, at, items, at + 1, count - at);
        items[at] = item;
        return items;
    }

    /// <summary>An enumerator over the items in order.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly BlockList<T> _list;
        private int _block;
        private int _offset;

        internal Enumerator(BlockList<T> list)
        {
            _list = list;
            _block = 0;
            _offset = -1;
            Current = default!;
        }

        /// <inheritdoc />
        public T Current { get; private set; }

        readonly object IEnumerator.Current => Current!;

        /// <inheritdoc />
        public bool MoveNext()
        {
            if (_list._blocks is not { } blocks)
            {
                if (++_offset < _list.Count)
                {
                    Current = _list._items[_offset];
                    return true;
                }

                return false;
            }

            while (_block < blocks.Count)
            {
                if (++_offset < blocks.Counts[_block])
                {
                    Current = blocks.Items[_block][_offset];
                    return true;
                }

                _block++;
                _offset = -1;
            }

            return false;
        }

        /// <inheritdoc />
        public void Reset() => (_block, _offset) = (0, -1);

        /// <inheritdoc />
        public readonly void Dispose()
        {
        }
    }

    // The blocks of a list past one block: each one's items, how many it holds and the index of its first.
    private sealed class Blocks
    {
        public Blocks(T[] first, int count)
        {
            Items = [first, [], [], []];
            Counts = [count, 0, 0, 0];
            Starts = new int[4];
            Count = 1;
        }

        public T[][] Items;
        public int[] Counts;
        public int[] Starts;
        public int Count;

        // The block a reader found last: loops go through a list in order, forwards or back, and mostly stay in one
        // block. Readers share the list (under the graph's read lock), so this is only ever a hint, checked before use.
        private int _finger;

        // The block that holds `index` (the last whose first index is at or before it).
        public int Of(int index)
        {
            var finger = _finger;
            if (finger < Count && Starts[finger] <= index && index - Starts[finger] < Counts[finger])
            {
                return finger;
            }

            var (low, high) = (0, Count - 1);
            while (low < high)
            {
                var middle = (low + high + 1) >>> 1;
                if (Starts[middle] <= index)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            _finger = low;
            return low;
        }

        // Every block after `b` starts `by` later.
        public void Shift(int b, int by)
        {
            for (var k = b + 1; k < Count; k++)
            {
                Starts[k] += by;
            }
        }

        // An empty block after the last, whose first item will be at `start`.
        public void Append(int start)
        {
            Open(Count);
            Starts[Count - 1] = start;
        }

        // Moves the upper half of the full block `b` into a new block after it.
        public void Split(int b)
        {
            Open(b + 1);
            var half = BlockSize / 2;
            var lower = Items[b];
            var upper = new T[BlockSize];
            Array.Copy(lower, half, upper, 0, BlockSize - half);
            Array.Clear(lower, half, BlockSize - half);
            Items[b + 1] = upper;
            Counts[b] = half;
            Counts[b + 1] = BlockSize - half;
            Starts[b + 1] = Starts[b] + half;
        }

        public void Remove(int b)
        {
            Array.Copy(Items, b + 1, Items, b, Count - b - 1);
            Array.Copy(Counts, b + 1, Counts, b, Count - b - 1);
            Array.Copy(Starts, b + 1, Starts, b, Count - b - 1);
            Count--;
            Items[Count] = null!;
        }

        // Makes room for an empty block at `b`, moving those from there on one place up.
        private void Open(int b)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, Count * 2);
                Array.Resize(ref Counts, Count * 2);
                Array.Resize(ref Starts, Count * 2);
            }

            Array.Copy(Items, b, Items, b + 1, Count - b);
            Array.Copy(Counts, b, Counts, b + 1, Count - b);
            Array.Copy(Starts, b, Starts, b + 1, Count - b);
            Items[b] = [];
            Counts[b] = 0;
            Count++;
        }
    }
}
