using System.Buffers;
using System.Buffers.Binary;
using Tributary.Storage;

namespace Tributary.Graph;

public sealed partial class LineageGraph
{
    /// <summary>The checkpoint format this build writes and reads; a checkpoint of another format is rebuilt, never guessed at.</summary>
    public const int CheckpointFormat = 6;

    // A checkpoint file: a header (magic, format, the store sequence it covers), the body, and a trailer (where the body's
    // string and list tables start, the body's length, a CRC-32C of the body). What only the end of serialising knows
    // is in the trailer, so the file is written front to back while the graph is being serialised.
    private const int HeaderSize = 8 + 4 + 8;
    private const int TrailerSize = 8 + 8 + 4;
    private static ReadOnlySpan<byte> Magic => "TRIBGRPH"u8;

    /// <summary>
    /// Writes the whole graph as a compact binary checkpoint: a header (format, the store sequence it covers), the body,
    /// <paramref name="mark"/> included (the store's fingerprint of the event at <see cref="AppliedThrough"/>, so a
    /// checkpoint is never applied to another store), and a trailer with the body's length and CRC-32C. Readers may
    /// keep querying meanwhile; writes wait.
    /// </summary>
    public void WriteCheckpoint(Stream destination, ReadOnlySpan<byte> mark = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var snapshot = SnapshotCheckpoint(mark);
        snapshot.CopyTo(destination);
    }

    // The checkpoint of the graph as it is now, in memory: the graph is read (writes wait) only while it is serialised,
    // so a caller can let events apply again before the bytes reach a file. With `file`, the header and each piece of
    // the body go to it as soon as they are final; the caller then completes it with the snapshot, which owns it from
    // here (disposing the snapshot stops the file's thread before freeing the pieces it reads).
    internal CheckpointSnapshot SnapshotCheckpoint(ReadOnlySpan<byte> mark, CheckpointFileWriter? file = null)
    {
        ThrowIfView();
        var markCopy = mark.ToArray();
        byte[] header = [];
        CheckpointWriter? writer = null;
        try
        {
            Read(s =>
            {
                header = CheckpointHeader(AppliedThrough);
                file?.Start(header);
                writer = new CheckpointWriter(s.CheckpointBasis(), file is null ? null : file.Add);
                writer.Int(markCopy.Length);
                foreach (var b in markCopy)
                {
                    writer.Int(b);
                }

                s.Save(writer);
                return 0;
            });

            var (body, tablesAt) = writer!.Finish();
            return new CheckpointSnapshot(header, body, tablesAt, file);
        }
        catch
        {
            // The file's thread may be reading pieces the writer is about to free.
            file?.Dispose();
            throw;
        }
        finally
        {
            writer?.Dispose();
        }
    }

    // The header of a checkpoint covering the store's events through `through`.
    private static byte[] CheckpointHeader(long through)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), CheckpointFormat);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12), through);
        return header;
    }

    // The trailer of a checkpoint whose body is `length` bytes with the given CRC-32C, its tables starting at `tablesAt`.
    internal static byte[] CheckpointTrailer(long tablesAt, long length, uint crc)
    {
        var trailer = new byte[TrailerSize];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, tablesAt);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(8), length);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(16), crc);
        return trailer;
    }

    /// <summary>
    /// Replaces the graph's contents with a checkpoint written by <see cref="WriteCheckpoint"/>, returning the store
    /// sequence it covers and its mark. A checkpoint that is truncated, corrupt, of another format or inconsistent
    /// throws <see cref="InvalidDataException"/> saying what is wrong, and leaves the graph as it was. The graph keeps
    /// <paramref name="checkpoint"/> (do not change it afterwards) and decodes each dataset's, job's and run's
    /// details from it when they are first asked for, so loading costs about a read of the tables traversal needs.
    /// </summary>
    public (long Through, byte[] Mark) LoadCheckpoint(byte[] checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return LoadCheckpoint(CheckpointBytes.Of(checkpoint), payloadCrc: null);
    }

    /// <summary>
    /// Loads the checkpoint file at <paramref name="path"/> as <see cref="LoadCheckpoint(byte[])"/> does. The file is
    /// mapped into memory rather than read (not on Windows), so opening a large store reads its checkpoint from the
    /// page cache instead of copying it; the mapping lasts while the graph refers to the checkpoint.
    /// </summary>
    public (long Through, byte[] Mark) LoadCheckpointFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (CheckpointBytes.TryMap(path, HeaderSize) is { } mapped)
        {
            return LoadCheckpoint(mapped, payloadCrc: null);
        }

        // Read whole, checksummed as it is read so checking it costs no second pass.
        const int Chunk = 1 << 20;
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var length = RandomAccess.GetLength(file);
        if (length > Array.MaxLength)
        {
            throw new InvalidDataException($"the checkpoint is {length} bytes, more than one can be loaded");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var crc = ~0u;
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(file, bytes.AsSpan(read, Math.Min(Chunk, bytes.Length - read)), read);
            if (n == 0)
            {
                throw new InvalidDataException($"the checkpoint is {read} bytes; it was {length} when opened (truncated while read)");
            }

            // The header and the trailer are not part of the checksummed body.
            var payloadFrom = Math.Max(read, HeaderSize);
            var payloadTo = Math.Min(read + n, bytes.Length - TrailerSize);
            if (payloadTo > payloadFrom)
            {
                crc = Crc32C.Append(crc, bytes.AsSpan(payloadFrom, payloadTo - payloadFrom));
            }

            read += n;
        }

        return LoadCheckpoint(CheckpointBytes.Of(bytes), ~crc);
    }

    // The store sequence the checkpoint file at path says it covers, from its header alone (null when the file is
    // missing, too short or not of this format): lets an opener look up that event while the body is still loading.
    internal static long? PeekCheckpointThrough(string path)
    {
        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            Span<byte> header = stackalloc byte[HeaderSize];
            if (RandomAccess.Read(file, header, 0) != HeaderSize || !header[..8].SequenceEqual(Magic)
                || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != CheckpointFormat)
            {
                return null;
            }

            return BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private (long Through, byte[] Mark) LoadCheckpoint(CheckpointBytes checkpoint, uint? payloadCrc)
    {
        var bytes = checkpoint.Span;
        if (bytes.Length < HeaderSize || !bytes[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a Tributary graph checkpoint (the header is missing)");
        }

        var format = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (format != CheckpointFormat)
        {
            throw new InvalidDataException($"the checkpoint has format {format}; this version reads format {CheckpointFormat}");
        }

        if (bytes.Length < HeaderSize + TrailerSize)
        {
            throw new InvalidDataException($"the checkpoint is {checkpoint.Length} bytes, too short for its header and trailer (truncated)");
        }

        var through = BinaryPrimitives.ReadInt64LittleEndian(bytes[12..]);
        var trailer = bytes[^TrailerSize..];
        var tablesAt = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        var length = BinaryPrimitives.ReadInt64LittleEndian(trailer[8..]);
        if (through < 0 || length != checkpoint.Length - HeaderSize - TrailerSize)
        {
            throw new InvalidDataException($"the checkpoint is {checkpoint.Length} bytes; its trailer announces {HeaderSize + length + TrailerSize} (truncated or overwritten)");
        }

        var payload = bytes.Slice(HeaderSize, (int)length);
        if ((payloadCrc ?? Crc32C.Compute(payload)) != BinaryPrimitives.ReadUInt32LittleEndian(trailer[16..]))
        {
            throw new InvalidDataException("the checkpoint's checksum does not match its contents (corrupt)");
        }

        if (tablesAt < 0 || tablesAt > length)
        {
            throw new InvalidDataException($"the checkpoint's tables start at {tablesAt}, outside its {length} bytes");
        }

        GraphStore store;
        byte[] mark;
        try
        {
            var image = new CheckpointImage(checkpoint, HeaderSize, HeaderSize + (int)tablesAt, HeaderSize + (int)length);
            var reader = image.Body;
            mark = new byte[reader.Count(1024)];
            for (var i = 0; i < mark.Length; i++)
            {
                mark[i] = (byte)reader.Int();
            }

            store = GraphStore.Load(reader);
            reader.ExpectEnd();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException or IndexOutOfRangeException or InvalidCastException)
        {
            throw new InvalidDataException("the checkpoint does not describe a graph: " + ex.Message, ex);
        }

        Replace(store, through);
        return (through, mark);
    }

    // Datasets', jobs' and runs' records still undecoded in the checkpoint the graph was loaded from: what a checkpoint
    // written now copies instead of encoding again.
    internal long UndecodedRecords => Read(s => s.UndecodedRecords);

    // Takes over another graph's contents (one loaded from a checkpoint and checked), without copying them.
    internal void AdoptFrom(LineageGraph loaded) => Replace(loaded._store, loaded.AppliedThrough);

    // Takes over a graph rebuilt from fewer of the store's events (a tracker's window), keeping this graph's place in the store.
    internal void ReplaceWith(LineageGraph rebuilt) => Replace(rebuilt._store, AppliedThrough);

    // Datasets (aliases included) and jobs held, without first bringing a tracker's graph up to date: the tracker asks
    // while it applies an event, where waiting for its own queue would wait for itself.
    internal int DatasetAndJobCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _store.Datasets.Count + _store.Jobs.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    private void Replace(GraphStore store, long through)
    {
        ThrowIfView();
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
