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
    private CheckpointImage? _image;
    private int[]? _offsets;

    public RecordTable() => _items = [];

    // A table of `count` records still in `image` at `offsets`; `decode` reads record i.
    public RecordTable(int count, Func<int, T> decode, CheckpointImage image, int[] offsets)
    {
        _items = new T?[count];
        _count = count;
        _decode = decode;
        _image = image;
        _offsets = offsets;
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

    // The bytes of record `index` while it is still undecoded in its checkpoint, where what they say is still
    // current (a record is decoded before anything changes it): lets a question that needs a number or two of it
    // read them in place (RecordScanner) instead of decoding and keeping the whole record.
    public bool TryUndecoded(int index, out ReadOnlySpan<byte> record)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        if (_image is null || Volatile.Read(ref _items[index]) is not null)
        {
            record = default;
            return false;
        }

        record = _image.RecordBytes(_offsets!, index);
        return true;
    }

    // Whether this table's undecoded records are in `image` (a checkpoint written on top of it may copy them).
    public bool IsFrom(CheckpointImage image) => _image == image;

    // Record `index` if it is decoded (or was never in a checkpoint), else null: lets a writer take what it needs of
    // an undecoded record from elsewhere instead of decoding it.
    public T? DecodedOrNull(int index) => (uint)index < (uint)_count ? Volatile.Read(ref _items[index]) : throw new ArgumentOutOfRangeException(nameof(index));

    // How many records are still undecoded in the checkpoint.
    public int UndecodedCount()
    {
        if (_image is null)
        {
            return 0;
        }

        var undecoded = 0;
        for (var i = 0; i < _count; i++)
        {
            if (Volatile.Read(ref _items[i]) is null)
            {
                undecoded++;
            }
        }

        return undecoded;
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
