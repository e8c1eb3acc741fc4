using System.Collections;

namespace Tributary.Graph;

// A list kept in order whose inserts in the middle cost a block, not the list. A dataset's versions are in the order
// first seen, ties by run id: runs that share an event time (a producer re-sending one template, a backfill stamped with
// one time) each go to a place chosen by their run id, and in a List every such insert moved half of a list of
// thousands of references, each move with its write barriers: quadratic in the versions of one time. Up to one block
// it is a plain array as a List would be; past that, blocks of at most BlockSize items, found by their first indexes.
internal sealed class BlockList<T> : IReadOnlyList<T>
    where T : class
{
    private const int BlockSize = 512;

    // One block while the list fits in it (most datasets have a handful of versions); null past that.
    private T[] _items = [];

    // Past one block: the blocks, how many items each holds, and the index of each one's first item.
    private T[][]? _blocks;
    private int[]? _counts;
    private int[]? _starts;
    private int _blockCount;

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

            if (_blocks is null)
            {
                return _items[index];
            }

            var block = BlockOf(index);
            return _blocks[block][index - _starts![block]];
        }
    }

    public void Add(T item) => Insert(Count, item);

    public void AddRange(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            Add(item);
        }
    }

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
                if (Count == _items.Length)
                {
                    Array.Resize(ref _items, Math.Min(BlockSize, Math.Max(4, Count * 2)));
                }

                Array.Copy(_items, index, _items, index + 1, Count - index);
                _items[index] = item;
                Count++;
                return;
            }

            _blocks = [_items, null!, null!, null!];
            _counts = [Count, 0, 0, 0];
            _starts = new int[4];
            _blockCount = 1;
            _items = null!;
        }

        // The block the index falls in, or the last one for an append.
        var b = index == Count ? _blockCount - 1 : BlockOf(index);
        if (_counts![b] == BlockSize)
        {
            // An append starts a block of its own (versions mostly come in order, and blocks stay full); an insert
            // splits the full block in two.
            if (index == Count)
            {
                AddBlock();
                b++;
            }
            else
            {
                Split(b);
                if (index - _starts![b] > _counts[b])
                {
                    b++;
                }
            }
        }

        var items = _blocks![b];
        var at = index - _starts![b];
        var count = _counts[b];
        if (count == items.Length)
        {
            Array.Resize(ref items, Math.Min(BlockSize, Math.Max(4, count * 2)));
            _blocks[b] = items;
        }

        Array.Copy(items, at, items, at + 1, count - at);
        items[at] = item;
        _counts[b] = count + 1;
        for (var k = b + 1; k < _blockCount; k++)
        {
            _starts[k]++;
        }

        Count++;
    }

    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        Count--;
        if (_blocks is null)
        {
            Array.Copy(_items, index + 1, _items, index, Count - index);
            _items[Count] = null!;
            return;
        }

        var b = BlockOf(index);
        var items = _blocks[b];
        var at = index - _starts![b];
        var count = --_counts![b];
        Array.Copy(items, at + 1, items, at, count - at);
        items[count] = null!;
        for (var k = b + 1; k < _blockCount; k++)
        {
            _starts[k]--;
        }

        if (count == 0 && _blockCount > 1)
        {
            RemoveBlock(b);
        }
    }

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

    public void Sort(Comparison<T> comparison)
    {
        var all = new T[Count];
        CopyTo(all);
        Array.Sort(all, comparison);
        _blocks = null;
        _counts = null;
        _starts = null;
        _blockCount = 0;
        if (Count <= BlockSize)
        {
            _items = all;
            return;
        }

        _items = [];
        Count = 0;
        foreach (var item in all)
        {
            Add(item);
        }
    }

    /// <summary>Enumerates the items in order without allocating.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void CopyTo(T[] destination)
    {
        if (_blocks is null)
        {
            Array.Copy(_items, destination, Count);
            return;
        }

        for (var b = 0; b < _blockCount; b++)
        {
            Array.Copy(_blocks[b], 0, destination, _starts![b], _counts![b]);
        }
    }

    // The last block whose first index is at or before `index` (a binary search over the blocks' first indexes).
    private int BlockOf(int index)
    {
        var starts = _starts!;
        var (low, high) = (0, _blockCount - 1);
        while (low < high)
        {
            var middle = (low + high + 1) >>> 1;
            if (starts[middle] <= index)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    // An empty block after the last one, for an append.
    private void AddBlock()
    {
        MakeRoomForBlock();
        _blocks![_blockCount] = [];
        _counts![_blockCount] = 0;
        _starts![_blockCount] = Count;
        _blockCount++;
    }

    private void MakeRoomForBlock()
    {
        if (_blockCount == _blocks!.Length)
        {
            var grown = _blockCount * 2;
            Array.Resize(ref _blocks, grown);
            Array.Resize(ref _counts, grown);
            Array.Resize(ref _starts, grown);
        }
    }

    // Moves the upper half of a full block into a new block after it.
    private void Split(int b)
    {
        MakeRoomForBlock();
        Array.Copy(_blocks!, b + 1, _blocks!, b + 2, _blockCount - b - 1);
        Array.Copy(_counts!, b + 1, _counts!, b + 2, _blockCount - b - 1);
        Array.Copy(_starts!, b + 1, _starts!, b + 2, _blockCount - b - 1);
        _blockCount++;

        var half = BlockSize / 2;
        var upper = new T[BlockSize];
        var lower = _blocks![b];
        Array.Copy(lower, half, upper, 0, BlockSize - half);
        Array.Clear(lower, half, BlockSize - half);
        _blocks[b + 1] = upper;
        _counts![b] = half;
        _counts[b + 1] = BlockSize - half;
        _starts![b + 1] = _starts[b] + half;
    }

    private void RemoveBlock(int b)
    {
        Array.Copy(_blocks!, b + 1, _blocks!, b, _blockCount - b - 1);
        Array.Copy(_counts!, b + 1, _counts!, b, _blockCount - b - 1);
        Array.Copy(_starts!, b + 1, _starts!, b, _blockCount - b - 1);
        _blockCount--;
        _blocks![_blockCount] = null!;
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
            Current = null!;
        }

        /// <inheritdoc />
        public T Current { get; private set; }

        readonly object IEnumerator.Current => Current;

        /// <inheritdoc />
        public bool MoveNext()
        {
            var list = _list;
            if (list._blocks is null)
            {
                if (++_offset < list.Count)
                {
                    Current = list._items[_offset];
                    return true;
                }

                return false;
            }

            while (_block < list._blockCount)
            {
                if (++_offset < list._counts![_block])
                {
                    Current = list._blocks[_block][_offset];
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
}
