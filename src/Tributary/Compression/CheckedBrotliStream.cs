using System.Buffers;
using System.IO.Compression;

namespace Tributary.Compression;

// Brotli content read through BrotliDecoder, which says whether the stream reached its end (Done) or wants more
// (NeedMoreData): input that ends while it wants more was cut short. (BrotliStream returns what it decoded and stops.)
// Brotli carries no checksum, so its last meta-block is what marks a whole stream.
internal sealed class CheckedBrotliStream(Stream compressed, bool leaveOpen) : ReadOnlyStream
{
    private BrotliDecoder _decoder;
    private byte[]? _input = ArrayPool<byte>.Shared.Rent(64 << 10);
    private int _start;
    private int _end;
    private bool _inputEnded;
    private bool _anyInput;
    private bool _done;

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (Decode(buffer) is { } read)
            {
                return read;
            }

            Filled(compressed.Read(Refill()));
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (Decode(buffer.Span) is { } read)
            {
                return read;
            }

            Filled(await compressed.ReadAsync(RefillMemory(), cancellationToken).ConfigureAwait(false));
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
            if (Interlocked.Exchange(ref _input, null) is { } input)
            {
                ArrayPool<byte>.Shared.Return(input);
            }

            if (!leaveOpen)
            {
                compressed.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    // What a read returns, or null when more input is needed first.
    private int? Decode(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_input is null, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_done)
        {
            // The stream is whole; the input must end with it.
            if (_start < _end)
            {
                throw new InvalidDataException("it goes on after the end of its stream");
            }

            return _inputEnded ? 0 : null;
        }

        var status = _decoder.Decompress(_input.AsSpan(_start, _end - _start), buffer, out var consumed, out var written);
        _start += consumed;
        switch (status)
        {
            case OperationStatus.Done:
                _done = true;
                return written > 0 ? written : Decode(buffer);
            case OperationStatus.DestinationTooSmall:
                return written;
            case OperationStatus.NeedMoreData when written > 0:
                return written;
            case OperationStatus.NeedMoreData when _inputEnded && !_anyInput:
                // No bytes at all is no content, as for gzip and zlib.
                return 0;
            case OperationStatus.NeedMoreData when _inputEnded:
                throw CompressedContent.CutShort();
            case OperationStatus.NeedMoreData:
                return null;
            default:
                throw new InvalidDataException("the decoder found data it cannot read");
        }
    }

    // The free part of the input buffer, after moving what is not decoded yet to its front.
    private Span<byte> Refill() => RefillMemory().Span;

    private Memory<byte> RefillMemory()
    {
        var input = _input!;
        if (_start > 0)
        {
            input.AsSpan(_start, _end - _start).CopyTo(input);
            (_start, _end) = (0, _end - _start);
        }

        return input.AsMemory(_end);
    }

    private void Filled(int read)
    {
        _end += read;
        _inputEnded = read == 0;
        _anyInput |= read > 0;
    }
}
