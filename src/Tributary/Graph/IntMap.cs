namespace Tributary.Graph;

using System.Buffers;

// An int → int hash map with open addressing and Fibonacci hashing, for traversal bookkeeping: several times
// faster than Dictionary<int, int> on this hot path, and sized by what a query visits, not by the graph. Its
// arrays come from the shared pool (large ones would otherwise land on the large object heap every query), so
// dispose it when done.
internal sealed class IntMap : IDisposable
{
    private int[] _keys; // key + 1, so a fresh array is empty
    private int[] _values;
    private int _shift;
    private int _size;

    public IntMap(int capacity = 16)
    {
        var size = 16;
        while (size < capacity * 2)
        {
            size <<= 1;
        }

        (_keys, _values) = Rent(size);
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)size);
    }

    public int Count { get; private set; }

    public bool ContainsKey(int key) => Find(key) >= 0;

    public bool TryGetValue(int key, out int value)
    {
        var at = Find(key);
        value = at >= 0 ? _values[at] : 0;
        return at >= 0;
    }

    // Adds the key with the value; returns false (and changes nothing) when the key is already there.
    public bool TryAdd(int key, int value)
    {
        if ((Count + 1) * 2 > _size)
        {
            Grow();
        }

        var mask = _size - 1;
        var at = Slot(key);
        while (_keys[at] != 0)
        {
            if (_keys[at] == key + 1)
            {
                return false;
            }

            at = (at + 1) & mask;
        }

        _keys[at] = key + 1;
        _values[at] = value;
        Count++;
        return true;
    }

    private int Find(int key)
    {
        var mask = _size - 1;
        for (var at = Slot(key); _keys[at] != 0; at = (at + 1) & mask)
        {
            if (_keys[at] == key + 1)
            {
                return at;
            }
        }

        return -1;
    }

    private int Slot(int key) => (int)(((uint)key * 2654435769u) >> _shift);

    private void Grow()
    {
        var (keys, values, size) = (_keys, _values, _size);
        (_keys, _values) = Rent(size * 2);
        _shift--;
        Count = 0;
        for (var i = 0; i < size; i++)
        {
            if (keys[i] != 0)
            {
                TryAdd(keys[i] - 1, values[i]);
            }
        }

        ArrayPool<int>.Shared.Return(keys);
        ArrayPool<int>.Shared.Return(values);
    }

    public void Dispose()
    {
        if (_size > 0)
        {
            ArrayPool<int>.Shared.Return(_keys);
            ArrayPool<int>.Shared.Return(_values);
            _size = 0;
            _keys = _values = [];
        }
    }

    private (int[] Keys, int[] Values) Rent(int size)
    {
        _size = size;
        var keys = ArrayPool<int>.Shared.Rent(size);
        Array.Clear(keys, 0, size);
        return (keys, ArrayPool<int>.Shared.Rent(size));
    }
}
