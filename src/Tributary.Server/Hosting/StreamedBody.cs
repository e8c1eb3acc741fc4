using System.Buffers;

namespace Tributary.Server.Hosting;

/// <summary>
/// A request body read as it arrives (decompressed on the way when it was sent compressed) instead of whole, so a batch
/// of any size takes the ingest door's bounded memory rather than its own size: what is held is the door's chunks and
/// one block. It counts what it hands out and stops with <see cref="BodyTooLargeException"/> the moment that passes the
/// limit. The first bytes can be looked at before the door reads them (<see cref="FirstByteAsync"/>), so a body that is
/// not a JSON array is refused before anything of it is stored.
/// </summary>
internal sealed class StreamedBody(Stream source, long limit, bool ownsSource) : Stream
{
    private const int PeekBytes = 16 << 10;

    private byte[]? _peeked;
    private int _peekedStart;
    private int _peekedEnd;
    private long _count;

    /// <summary>The first byte that is not whitespace or part of a byte order mark, or -1 for a body of nothing else.</summary>
    /// <remarks>
    /// Whole blocks of leading whitespace are dropped rather than held (a body of 60 MB of spaces must not be kept), so
    /// byte offsets that the door reports count from the block the content starts in: exact for any body whose content
    /// starts within its first 16 KB.
    /// </remarks>
    public async ValueTask<int> FirstByteAsync(CancellationToken cancellationToken)
    {
        _peeked = ArrayPool<byte>.Shared.Rent(PeekBytes);
        while (true)
        {
            var read = await ReadCountedAsync(_peeked.AsMemory(0, PeekBytes), cancellationToken);
            if (read == 0)
            {
                return -1;
            }

            var content = _peeked.AsSpan(0, read).IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
            if (content >= 0)
            {
                (_peekedStart, _peekedEnd) = (0, read);
                return _peeked[content];
            }
        }
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_peekedStart < _peekedEnd)
        {
            var replay = Math.Min(buffer.Length, _peekedEnd - _peekedStart);
            _peeked.AsSpan(_peekedStart, replay).CopyTo(buffer.Span);
            _peekedStart += replay;
            return replay;
        }

        return await ReadCountedAsync(buffer, cancellationToken);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    private async ValueTask<int> ReadCountedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int read;
        try
        {
            read = await source.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Marked as the body's, so the answer blames the body (bad gzip, a slow client) and never a failure of the door.
            throw new BodyReadException(ex);
        }

        _count += read;
        return _count > limit ? throw new BodyTooLargeException(limit) : read;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_peeked is not null)
            {
                ArrayPool<byte>.Shared.Return(_peeked);
                _peeked = null;
            }

            if (ownsSource)
            {
                source.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => _count; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A streamed body passed its limit; what the door took before that point stays stored.</summary>
internal sealed class BodyTooLargeException(long limit) : IOException($"the body passed {limit} bytes")
{
    /// <summary>The limit it passed.</summary>
    public long Limit { get; } = limit;
}

/// <summary>Reading a streamed body failed (it is not what its encoding says, or the client sent it too slowly or cut it short).</summary>
internal sealed class BodyReadException(Exception inner) : IOException(inner.Message, inner);
