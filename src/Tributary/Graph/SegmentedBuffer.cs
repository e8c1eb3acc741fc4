using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tributary.Storage;

namespace Tributary.Graph;

// A write buffer of fixed-size segments of native memory, for a checkpoint's body. A growing array would copy
// everything it holds at each doubling and leave a trail of large-object arrays behind; segments are written once and
// can be moved into another buffer without copying. They are not the collector's: a server's checkpoint is hundreds of
// megabytes every few seconds, and segments from the shared array pool (which keeps a few of each size) were mostly
// new large-object arrays each time, whose garbage set off full background collections of the whole heap. Native
// segments go back to the C allocator, which hands them out again, when the buffer is disposed (or, if a caller never
// disposes it, when it is finalised).
internal sealed unsafe class SegmentedBuffer : IDisposable
{
    // The size of every segment but one asked for larger (a single write longer than this).
    internal const int SegmentSize = 1 << 20;

    private readonly SegmentSupply? _supply;

    private readonly List<Segment> _sealed = [];
    private Segment _current;
    private int _used;
    private long _sealedBytes;

    // A buffer that allocates its segments itself.
    public SegmentedBuffer()
    {
    }

    // A buffer that takes its segments from `supply` while it has some ready (see SegmentSupply).
    public SegmentedBuffer(SegmentSupply? supply) => _supply = supply;

    ~SegmentedBuffer() => Free();

    /// <summary>
    /// Called with each segment this buffer seals or takes over, in the order of the buffer's bytes, once its bytes are
    /// final: lets a checkpoint file be written while the rest of the checkpoint is still being serialised. The segment
    /// stays valid until the buffer (or the one it moves to) frees it.
    /// </summary>
    public Action<nint, int>? OnSealed { get; set; }

    /// <summary>The bytes written so far.</summary>
    public long WrittenCount => _sealedBytes + _used;

    /// <summary>Marks <paramref name="count"/> bytes of the span <see cref="GetSpan"/> gave as written.</summary>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_current.Capacity - _used))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _used += count;
    }

    /// <summary>Room for at least <paramref name="sizeHint"/> bytes (at least one), valid until the next call.</summary>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_current.Capacity - _used < Math.Max(sizeHint, 1))
        {
            NextSegment(sizeHint);
        }

        return new Span<byte>(_current.Start + _used, _current.Capacity - _used);
    }

    /// <summary>Writes <paramref name="value"/> as an unsigned LEB128 number: seven bits a byte, the lowest first.</summary>
    public void WriteVariable(ulong value)
    {
        // A checkpoint is mostly such numbers (every id, count and string reference): written straight into the
        // segment instead of through GetSpan and Advance, which check the room twice.
        if (_current.Capacity - _used < Uleb128.MaxBytes)
        {
            NextSegment(Uleb128.MaxBytes);
        }

        _used += Uleb128.Write(new Span<byte>(_current.Start + _used, Uleb128.MaxBytes), value);
    }

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        if (_current.Capacity == _used)
        {
            NextSegment(1);
        }

        _current.Start[_used++] = value;
    }

    /// <summary>Writes <paramref name="value"/> as eight bytes, little-endian.</summary>
    public void WriteInt64LittleEndian(long value)
    {
        if (_current.Capacity - _used < sizeof(long))
        {
            NextSegment(sizeof(long));
        }

        BinaryPrimitives.WriteInt64LittleEndian(new Span<byte>(_current.Start + _used, sizeof(long)), value);
        _used += sizeof(long);
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
            OnSealed?.Invoke((nint)segment.Start, segment.Length);
        }

        other._sealed.Clear();
        other._sealedBytes = 0;
    }

    /// <summary>The CRC-32C of the bytes written (<see cref="Crc32C.Compute"/> of them as one span).</summary>
    public uint Crc32C()
    {
        var crc = ~0u;
        foreach (var segment in _sealed)
        {
            crc = Storage.Crc32C.Append(crc, segment.Written);
        }

        return ~Storage.Crc32C.Append(crc, _current.Head(_used));
    }

    /// <summary>Writes the bytes written, in order, to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination) => ForEach(destination.Write);

    /// <summary>Hands the bytes written, in order, to <paramref name="write"/> a segment at a time.</summary>
    public void ForEach(Action<ReadOnlySpan<byte>> write)
    {
        foreach (var segment in _sealed)
        {
            write(segment.Written);
        }

        write(_current.Head(_used));
    }

    /// <summary>Copies the bytes written, in order, to the end of <paramref name="destination"/>.</summary>
    public void CopyTo(SegmentedBuffer destination) => ForEach(destination.Write);

    /// <summary>Empties the buffer for reuse: its current segment stays, the others are freed.</summary>
    public void Clear()
    {
        foreach (var segment in _sealed)
        {
            segment.Free();
        }

        _sealed.Clear();
        _sealedBytes = 0;
        _used = 0;
    }

    /// <summary>Frees every segment; the buffer is empty afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        foreach (var segment in _sealed)
        {
            segment.Free();
        }

        _current.Free();
        _sealed.Clear();
        _sealedBytes = 0;
        _current = default;
        _used = 0;
    }

    private void NextSegment(int sizeHint)
    {
        if (_used == 0)
        {
            // An empty segment too small for what is asked: free it rather than seal it.
            _current.Free();
            _current = default;
        }

        Seal();
        var capacity = Math.Max(SegmentSize, sizeHint);
        var start = capacity == SegmentSize && _supply is not null && _supply.TryTake(out var ready) ? (byte*)ready : (byte*)NativeMemory.Alloc((nuint)capacity);
        _current = new Segment(start, capacity, 0);
    }

    // Moves the current segment, if it holds anything, to the sealed list; an empty one stays current.
    private void Seal()
    {
        if (_used == 0)
        {
            return;
        }

        _sealed.Add(_current.Sealed(_used));
        _sealedBytes += _used;
        OnSealed?.Invoke((nint)_current.Start, _used);
        _current = default;
        _used = 0;
    }

    // One block of native memory and how much of it is written (set when sealed).
    private readonly struct Segment(byte* start, int capacity, int length)
    {
        public byte* Start { get; } = start;

        public int Capacity { get; } = capacity;

        public int Length { get; } = length;

        public ReadOnlySpan<byte> Written => new(Start, Length);

        public Segment Sealed(int length) => new(Start, Capacity, length);

        public ReadOnlySpan<byte> Head(int length) => Start is null ? [] : new(Start, length);

        public void Free()
        {
            if (Start is not null)
            {
                NativeMemory.Free(Start);
            }
        }
    }
}
