using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Tributary.Compression;

// gzip or zlib content read through .NET's inflater, then checked where the inflater stops: the compressed input must
// end there, with the checksum and length of everything inflated (gzip's CRC-32 and length modulo 2^32, zlib's
// Adler-32). The inflater itself ends quietly at the end of its input, so without this a stream cut short reads as a
// shorter one.
internal sealed class CheckedInflateStream : ReadOnlyStream
{
    private readonly TailStream _source;
    private readonly Stream _inflater;
    private readonly bool _gzip;
    private readonly bool _leaveOpen;
    private readonly Crc32 _crc = new();
    private uint _adlerA = 1;
    private uint _adlerB;
    private long _length;
    private bool _checked;

    public CheckedInflateStream(Stream compressed, bool gzip, bool leaveOpen)
    {
        _source = new TailStream(compressed);
        _inflater = gzip ? new GZipStream(_source, CompressionMode.Decompress, leaveOpen: true) : new ZLibStream(_source, CompressionMode.Decompress, leaveOpen: true);
        _gzip = gzip;
        _leaveOpen = leaveOpen;
    }

    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _inflater.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }

        read = Inflated(buffer, read);
        if (read == 0 && !buffer.IsEmpty && !_checked)
        {
            Check(_source.AtEnd());
        }

        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        try
        {
            read = await _inflater.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }

        read = Inflated(buffer.Span, read);
        if (read == 0 && !buffer.IsEmpty && !_checked)
        {
            Check(await _source.AtEndAsync(cancellationToken).ConfigureAwait(false));
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater.Dispose();
            if (!_leaveOpen)
            {
                _source.Inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Inflated(ReadOnlySpan<byte> buffer, int read)
    {
        if (read > 0)
        {
            var inflated = buffer[..read];
            if (_gzip)
            {
                _crc.Append(inflated);
            }
            else
            {
                Adler(inflated);
            }

            _length += read;
        }

        return read;
    }

    // .NET's inflater says "The archive entry was compressed using an unsupported compression method." of any data it
    // cannot decode, a damaged checksum included.
    private static InvalidDataException Damaged(InvalidDataException inner) => new("it is damaged: the decoder found data it cannot read", inner);

    // Once the inflater has stopped: the input must end there (`atEnd`), and its last bytes must be the trailer of what
    // was inflated.
    private void Check(bool atEnd)
    {
        _checked = true;
        if (!atEnd)
        {
            throw new InvalidDataException("it goes on after the end of its stream");
        }

        var tail = _source.Tail;
        if (_source.Count == 0)
        {
            // No bytes at all is no content (what .NET's own compressing streams write for nothing), not a stream cut short.
            return;
        }

        if (_source.Count < (_gzip ? 18 : 6))
        {
            // Shorter than the format's smallest whole stream (gzip: 10-byte header, an empty block, 8-byte trailer).
            throw CompressedContent.CutShort();
        }

        if (_gzip)
        {
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(tail[..4]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
            if (crc != _crc.GetCurrentHashAsUInt32() || length != (uint)_length)
            {
                throw new InvalidDataException(
                    "it ends without the CRC-32 and length of what it holds: it was cut short (or it has data after its end, or holds several gzip members: send one)");
            }
        }
        else if (BinaryPrimitives.ReadUInt32BigEndian(tail[4..]) != ((_adlerB << 16) | _adlerA))
        {
            throw new InvalidDataException("it ends without the Adler-32 checksum of what it holds: it was cut short (or it has data after its end)");
        }
    }

    // Adler-32 (RFC 1950): the sums are reduced once per 5,552 bytes, the most that cannot overflow 32 bits.
    private void Adler(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = _adlerA, b = _adlerB;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(data.Length, 5552)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        (_adlerA, _adlerB) = (a, b);
    }
}
