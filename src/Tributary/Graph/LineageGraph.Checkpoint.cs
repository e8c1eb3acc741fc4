using System.Buffers.Binary;
using Tributary.Storage;

namespace Tributary.Graph;

public sealed partial class LineageGraph
{
    /// <summary>The checkpoint format this build writes and reads; a checkpoint of another format is rebuilt, never guessed at.</summary>
    public const int CheckpointFormat = 1;

    private const int HeaderSize = 8 + 4 + 8 + 8 + 4;
    private static ReadOnlySpan<byte> Magic => "TRIBGRPH"u8;

    /// <summary>
    /// Writes the whole graph as a compact binary checkpoint: a header (format, the store sequence it covers, a
    /// CRC-32C of the body) and the body, <paramref name="mark"/> included (the store's fingerprint of the event at
    /// <see cref="AppliedThrough"/>, so a checkpoint is never applied to another store). Readers may keep querying
    /// meanwhile; writes wait.
    /// </summary>
    public void WriteCheckpoint(Stream destination, ReadOnlySpan<byte> mark = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var body = new MemoryStream();
        var markCopy = mark.ToArray();
        long through = 0;
        Read(s =>
        {
            through = AppliedThrough;
            using var writer = new CheckpointWriter(body);
            writer.Int(markCopy.Length);
            foreach (var b in markCopy)
            {
                writer.Int(b);
            }

            s.Save(writer);
            return 0;
        });

        var payload = body.GetBuffer().AsSpan(0, (int)body.Length);
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], CheckpointFormat);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], through);
        BinaryPrimitives.WriteInt64LittleEndian(header[20..], payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(payload));
        destination.Write(header);
        destination.Write(payload);
    }

    /// <summary>
    /// Replaces the graph's contents with a checkpoint written by <see cref="WriteCheckpoint"/>, returning the store
    /// sequence it covers and its mark. A checkpoint that is truncated, corrupt, of another format or inconsistent
    /// throws <see cref="InvalidDataException"/> saying what is wrong, and leaves the graph as it was.
    /// </summary>
    public (long Through, byte[] Mark) LoadCheckpoint(ReadOnlySpan<byte> checkpoint)
    {
        if (checkpoint.Length < HeaderSize || !checkpoint[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a Tributary graph checkpoint (the header is missing)");
        }

        var format = BinaryPrimitives.ReadInt32LittleEndian(checkpoint[8..]);
        if (format != CheckpointFormat)
        {
            throw new InvalidDataException($"the checkpoint has format {format}; this version reads format {CheckpointFormat}");
        }

        var through = BinaryPrimitives.ReadInt64LittleEndian(checkpoint[12..]);
        var length = BinaryPrimitives.ReadInt64LittleEndian(checkpoint[20..]);
        if (through < 0 || length != checkpoint.Length - HeaderSize)
        {
            throw new InvalidDataException($"the checkpoint is {checkpoint.Length} bytes; its header announces {HeaderSize + length} (truncated or overwritten)");
        }

        var payload = checkpoint[HeaderSize..];
        if (Crc32C.Compute(payload) != BinaryPrimitives.ReadUInt32LittleEndian(checkpoint[28..]))
        {
            throw new InvalidDataException("the checkpoint's checksum does not match its contents (corrupt)");
        }

        GraphStore store;
        byte[] mark;
        try
        {
            using var stream = new MemoryStream(payload.ToArray(), writable: false);
            using var reader = new CheckpointReader(stream);
            mark = new byte[reader.Count(1024)];
            for (var i = 0; i < mark.Length; i++)
            {
                mark[i] = (byte)reader.Int();
            }

            store = GraphStore.Load(reader);
            if (stream.Position != stream.Length)
            {
                throw new InvalidDataException("the checkpoint has bytes after its end");
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException or InvalidCastException)
        {
            throw new InvalidDataException("the checkpoint does not describe a graph: " + ex.Message, ex);
        }

        Replace(store, through);
        return (through, mark);
    }

    // Takes over another graph's contents (one loaded from a checkpoint and checked), without copying them.
    internal void AdoptFrom(LineageGraph loaded) => Replace(loaded._store, loaded.AppliedThrough);

    private void Replace(GraphStore store, long through)
    {
        _lock.EnterWriteLock();
        try
        {
            _store = store;
            var reused = _projection.OnRunIdReused;
            _projection = new GraphProjection(store) { OnRunIdReused = reused };
            Interlocked.Exchange(ref _sequence, through);
            Interlocked.Increment(ref _version);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
