namespace Tributary.Compression;

// Reads another stream, counting its bytes and keeping its last eight: where a gzip or zlib stream keeps its trailer.
internal sealed class TailStream(Stream inner) : ReadOnlyStream
{
    private readonly byte[] _tail = new byte[8];

    public Stream Inner { get; } = inner;

    /// <summary>How many bytes have been read.</summary>
    public long Count { get; private set; }

    /// <summary>The last eight bytes read (fewer, zero-padded in front, when fewer were read).</summary>
    public ReadOnlySpan<byte> Tail => _tail;

    public override int Read(Span<byte> buffer) => Keep(buffer, Inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span, read);
    }

    /// <summary>
    /// Whether the input has ended (once the inflater stopped): a byte more is looked for, not the rest read, so a body
    /// that goes on after its stream is refused at once instead of being read to its end.
    /// </summary>
    public bool AtEnd()
    {
        Span<byte> next = stackalloc byte[1];
        return Read(next) == 0;
    }

    /// <summary>As <see cref="AtEnd"/>, asynchronously (a request body allows nothing else).</summary>
    public async Task<bool> AtEndAsync(CancellationToken cancellationToken) =>
        await ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) == 0;

    private int Keep(ReadOnlySpan<byte> buffer, int read)
    {
        var data = buffer[..read];
        if (data.Length >= _tail.Length)
        {
            data[^_tail.Length..].CopyTo(_tail);
        }
        else if (data.Length > 0)
        {
            // Shift the kept bytes left by what came, then put it at the end.
            _tail.AsSpan(data.Length).CopyTo(_tail);
            data.CopyTo(_tail.AsSpan(_tail.Length - data.Length));
        }

        Count += read;
        return read;
    }
}
