using System.Collections;

namespace Tributary.Graph;

// An append-only list stored in chunks small enough to stay off the large object heap, for big query results:
// a 20,000-edge result in one array would be a large-object allocation that only a full collection reclaims.
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    private const int ChunkSize = 4096;
    private readonly List<T[]> _chunks = [];

    public int Count { get; private set; }

    public T this[int index] => (uint)index < (uint)Count
        ? _chunks[index / ChunkSize][index % ChunkSize]
        : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(T item)
    {
        if (Count % ChunkSize == 0)
        {
            _chunks.Add(new T[ChunkSize]);
        }

        _chunks[^1][Count % ChunkSize] = item;
        Count++;
    }

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _chunks[i / ChunkSize][i % ChunkSize];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
