using System.Buffers;
using Tributary.Storage;

namespace Tributary.Graph;

// A write buffer of fixed-size segments rented from the shared pool, for a checkpoint's body. A growing array would
// copy everything it holds at each doubling and leave a trail of large-object arrays behind (about three times the
// checkpoint in short-lived memory, reclaimed only by full collections); segments are written once, can be moved
// into another buffer without copying, and go back to the pool when the checkpoint is written.
internal sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
{
    private const int SegmentSize = 1 << 20;

    private readonly List<(byte[] Array, int Length)> _sealed = [];
    private byte[] _current = [];
    private int _used;
    private long _sealedBytes;

    /// <summary>The bytes written so far.</summary>
    public long WrittenCount => _sealedBytes + _used;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_current.Length - _used))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _used += count;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_current.Length - _used < Math.Max(sizeHint, 1))
        {
            NextSegment(sizeHint);
        }

        return _current.AsSpan(_used);
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_current.Length - _used < Math.Max(sizeHint, 1))
        {
            NextSegment(sizeHint);
        }

        return _current.AsMemory(_used);
    }

    /// <summary>Copies <paramref name="bytes"/> in, across segments as needed.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var span = GetSpan();
            var n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            _used += n;
            bytes = bytes[n..];
        }
    }

    /// <summary>Moves every segment of <paramref name="other"/> to the end of this buffer (no copy); <paramref name="other"/> is left empty.</summary>
    public void Append(SegmentedBuffer other)
    {
        Seal();
        other.Seal();
        foreach (var segment in other._sealed)
        {
            _sealed.Add(segment);
            _sealedBytes += segment.Length;
        }

        other._sealed.Clear();
        other._sealedBytes = 0;
    }

    /// <summary>The CRC-32C of the bytes written (<see cref="Crc32C.Compute"/> of them as one span).</summary>
    public uint Crc32C()
    {
        var crc = ~0u;
        foreach (var (array, length) in _sealed)
        {
            crc = Storage.Crc32C.Append(crc, array.AsSpan(0, length));
        }

        return ~Storage.Crc32C.Append(crc, _current.AsSpan(0, _used));
    }

    /// <summary>Writes the bytes written, in order, to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination) => ForEach(destination.Write);

    /// <summary>Hands the bytes written, in order, to <paramref name="write"/> a segment at a time.</summary>
    public void ForEach(Action<ReadOnlySpan<byte>> write)
    {
        foreach (var (array, length) in _sealed)
        {
            write(array.AsSpan(0, length));
        }

        write(_current.AsSpan(0, _used));
    }

    /// <summary>Copies the bytes written, in order, to the end of <paramref name="destination"/>.</summary>
    public void CopyTo(SegmentedBuffer destination) => ForEach(destination.Write);

    /// <summary>Empties the buffer for reuse: its current segment stays, the others go back to the pool.</summary>
    public void Clear()
    {
        foreach (var (array, _) in _sealed)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _sealed.Clear();
        _sealedBytes = 0;
        _used = 0;
    }

    /// <summary>Returns every segment to the pool; the buffer is empty afterwards.</summary>
    public void Dispose()
    {
        foreach (var (array, _) in _sealed)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _sealed.Clear();
        _sealedBytes = 0;
        _current = [];
        _used = 0;
    }

    private void NextSegment(int sizeHint)
    {
        if (_used == 0 && _current.Length > 0)
        {
            // An empty segment too small for what is asked: give it back rather than drop it.
            ArrayPool<byte>.Shared.Return(_current);
        }

        Seal();
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(SegmentSize, sizeHint));
    }

    // Moves the current segment, if it holds anything, to the sealed list; an empty one stays current.
    private void Seal()
    {
        if (_used == 0)
        {
            return;
        }

        _sealed.Add((_current, _used));
        _sealedBytes += _used;
        _current = [];
        _used = 0;
    }
}
