using Microsoft.Win32.SafeHandles;

namespace Tributary.Storage;

/// <summary>
/// Reads the records of one segment file in order, between two byte offsets, through one reusable buffer. A record
/// handed out stays valid only until the next call.
/// </summary>
internal sealed class SegmentReader : IDisposable
{
    /// <summary>The buffer a reader takes unless told otherwise: 1 MB, grown for a longer record.</summary>
    public const int DefaultBufferSize = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly long _end;
    private byte[] _buffer;
    private long _bufferOffset; // file offset of _buffer[0]
    private int _start;         // index in _buffer of the next record
    private int _count;         // valid bytes in _buffer

    public SegmentReader(string path, long start, long end, int bufferSize = DefaultBufferSize)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        _end = end;
        _bufferOffset = start;
        _buffer = new byte[bufferSize]; // grows to fit a longer record
    }

    /// <summary>The file offset of the next record.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>The offset the reader stops at.</summary>
    public long End => _end;

    /// <summary>
    /// Reads the next record. Returns false at the end; otherwise <paramref name="status"/> is
    /// <see cref="RecordStatus.Valid"/> or <see cref="RecordStatus.Invalid"/> (with <paramref name="problem"/>), and the
    /// reader does not move past an invalid record.
    /// </summary>
    public bool TryNext(out RecordStatus status, out RecordHeader header, out ReadOnlyMemory<byte> raw, out string? problem)
    {
        raw = default;
        if (Position >= _end)
        {
            status = RecordStatus.Valid;
            header = default;
            problem = null;
            return false;
        }

        Ensure(RecordFormat.PrefixSize);
        status = RecordFormat.TryRead(_buffer.AsSpan(_start, _count - _start), RecordFormat.MaxEventBytes, out header, out var size, out problem);
        if (status == RecordStatus.Incomplete && size > 0)
        {
            Ensure(size);
            status = RecordFormat.TryRead(_buffer.AsSpan(_start, _count - _start), RecordFormat.MaxEventBytes, out header, out size, out problem);
        }

        if (status == RecordStatus.Incomplete)
        {
            var remaining = _end - Position;
            problem = size == 0
                ? $"record header cut short ({remaining} of {RecordFormat.PrefixSize} bytes)"
                : $"record extends beyond the end of the file ({remaining} of {size} bytes)";
            status = RecordStatus.Invalid;
            return true;
        }

        if (status == RecordStatus.Valid)
        {
            raw = _buffer.AsMemory(_start + RecordFormat.PrefixSize + RecordFormat.BodyHeaderSize, size - RecordFormat.PrefixSize - RecordFormat.BodyHeaderSize);
            _start += size;
        }

        return true;
    }

    /// <summary>Reads every byte from the current position to the end, for recovery after an invalid record.</summary>
    public byte[] ReadRest()
    {
        var rest = new byte[checked((int)(_end - Position))];
        var read = 0;
        while (read < rest.Length)
        {
            var n = RandomAccess.Read(_handle, rest.AsSpan(read), Position + read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return rest;
    }

    public void Dispose() => _handle.Dispose();

    // Makes at least `needed` bytes of the record at _start available, unless the end comes first.
    private void Ensure(int needed)
    {
        if (_count - _start >= needed)
        {
            return;
        }

        if (needed > _buffer.Length)
        {
            var bigger = new byte[Math.Max(needed, _buffer.Length * 2)];
            _buffer.AsSpan(_start, _count - _start).CopyTo(bigger);
            _buffer = bigger;
        }
        else
        {
            _buffer.AsSpan(_start, _count - _start).CopyTo(_buffer);
        }

        _bufferOffset += _start;
        _count -= _start;
        _start = 0;
        while (_count < needed)
        {
            var want = (int)Math.Min(_buffer.Length - _count, _end - (_bufferOffset + _count));
            if (want <= 0)
            {
                return;
            }

            var n = RandomAccess.Read(_handle, _buffer.AsSpan(_count, want), _bufferOffset + _count);
            if (n == 0)
            {
                return;
            }

            _count += n;
        }
    }
}
