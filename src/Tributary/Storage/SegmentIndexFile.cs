using System.Buffers.Binary;

namespace Tributary.Storage;

/// <summary>
/// A sealed segment's index beside it (<c>…tlog</c> → <c>…tidx</c>): every record's offset, event time and digest, so
/// opening a store, and the ingest door's look-up of every stored digest, read 48 bytes per event instead of the whole
/// log. It is a cache of what the segment holds, written without fsync: it is used only while it matches the segment
/// file exactly (its first sequence, record count, length and last-write time, and its own checksum), and any mismatch
/// (a segment written to since, a torn or damaged index, an index from an older file of the same name) reads the
/// segment itself instead, which is what opening did before.
/// </summary>
/// <remarks>
/// Records are checked when the segment is first read whole (this index is written then, or by the writer when it
/// seals a segment it wrote) and each time a record is read. A sealed segment changed afterwards has a new last-write
/// time, so its index no longer matches: an index is only written once the clock has moved past the segment's last
/// write (<see cref="TryWrite"/>), so no later change can carry the same time.
/// </remarks>
internal static class SegmentIndexFile
{
    /// <summary>The extension of an index file, beside its segment's <see cref="RecordFormat.SegmentExtension"/>.</summary>
    public const string Extension = ".tidx";

    // Magic, first sequence, count, segment length, segment last-write time (UTC ticks), 8 bytes reserved (zero).
    private const int HeaderSize = 48;
    private const int EntrySize = 16 + EventDigest.Size;
    private static ReadOnlySpan<byte> Magic => "TRBIDX01"u8;

    // Set once an index could not be written because the file system's clock did not move past a segment's time.
    private static bool s_coarseClock;

    /// <summary>The index file of the segment at <paramref name="segmentPath"/>.</summary>
    public static string PathOf(string segmentPath) => Path.ChangeExtension(segmentPath, Extension);

    /// <summary>Deletes the index of the segment at <paramref name="segmentPath"/>, if it has one.</summary>
    public static void Delete(string segmentPath) => File.Delete(PathOf(segmentPath));

    /// <summary>
    /// Writes the index of <paramref name="segment"/>, a sealed segment whose records are all in it, with
    /// <paramref name="digests"/> (one per record, in order). Best effort: a failure to write leaves no index, and the
    /// segment is read instead the next time; returns whether it was written.
    /// </summary>
    public static bool TryWrite(Segment segment, IReadOnlyList<EventDigest> digests)
    {
        var (count, offsets, ticks) = segment.Records();
        if (count != digests.Count || count == 0 || Volatile.Read(ref s_coarseClock))
        {
            return false;
        }

        var path = PathOf(segment.Path);
        var temporary = path + ".tmp";
        try
        {
            var segmentTime = File.GetLastWriteTimeUtc(segment.Path).Ticks;
            var bytes = new byte[HeaderSize + (count * EntrySize) + 4];
            Magic.CopyTo(bytes);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), segment.FirstSequence);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), count);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), segment.Length);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(32), segmentTime);
            var at = HeaderSize;
            for (var i = 0; i < count; i++, at += EntrySize)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), offsets[i]);
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at + 8), ticks[i]);
                digests[i].WriteTo(bytes.AsSpan(at + 16, EventDigest.Size));
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), Crc32C.Append(~0u, bytes.AsSpan(0, at)));
            File.WriteAllBytes(temporary, bytes);

            // A change to the segment within the same tick of the file system's clock as its last write would keep
            // that time: wait until the clock has moved past it (the index's own time says so), so any change from
            // now on gives the segment a time the index does not hold. Rarely more than a few milliseconds.
            for (var waited = 0; File.GetLastWriteTimeUtc(temporary).Ticks <= segmentTime; waited++)
            {
                if (waited == 20)
                {
                    // A file system whose times move in steps of seconds: no index can be trusted on it, so this
                    // process stops writing them (each try would hold up a roll, or an opening, for this long).
                    Volatile.Write(ref s_coarseClock, true);
                    File.Delete(temporary);
                    return false;
                }

                // Its last byte written again rather than its time set: a write takes the file system's own clock,
                // as a change to the segment would.
                Thread.Sleep(1);
                using var again = new FileStream(temporary, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
                again.Seek(-1, SeekOrigin.End);
                again.WriteByte(bytes[^1]);
            }

            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return false;
        }
    }

    /// <summary>
    /// Fills <paramref name="segment"/> (sealed, unindexed, promised <paramref name="count"/> records in
    /// <paramref name="length"/> bytes) from its index file, and <paramref name="digests"/> with every record's digest
    /// when given; returns false, changing nothing, when there is no index that matches the segment exactly.
    /// </summary>
    public static bool TryLoad(Segment segment, long count, long length, List<EventDigest>? digests)
    {
        byte[] bytes;
        long segmentTime;
        try
        {
            var path = PathOf(segment.Path);
            if (!File.Exists(path))
            {
                return false;
            }

            bytes = File.ReadAllBytes(path);
            segmentTime = File.GetLastWriteTimeUtc(segment.Path).Ticks;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var span = bytes.AsSpan();
        if (count <= 0 || count > int.MaxValue / EntrySize
            || span.Length != HeaderSize + (count * EntrySize) + 4
            || !span[..8].SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt64LittleEndian(span[8..]) != segment.FirstSequence
            || BinaryPrimitives.ReadInt64LittleEndian(span[16..]) != count
            || BinaryPrimitives.ReadInt64LittleEndian(span[24..]) != length
            || BinaryPrimitives.ReadInt64LittleEndian(span[32..]) != segmentTime
            || BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]) != Crc32C.Append(~0u, span[..^4]))
        {
            return false;
        }

        // The offsets must describe records that tile the segment from its header to its end.
        var previous = (long)RecordFormat.SegmentHeaderSize;
        for (var i = 0; i < count; i++)
        {
            var offset = BinaryPrimitives.ReadInt64LittleEndian(span[(HeaderSize + (i * EntrySize))..]);
            if ((i == 0 && offset != RecordFormat.SegmentHeaderSize) || (i > 0 && offset <= previous) || offset >= length)
            {
                return false;
            }

            previous = offset;
        }

        digests?.EnsureCapacity(digests.Count + (int)count);
        for (var i = 0; i < count; i++)
        {
            var at = HeaderSize + (i * EntrySize);
            var offset = BinaryPrimitives.ReadInt64LittleEndian(span[at..]);
            var end = i + 1 < count ? BinaryPrimitives.ReadInt64LittleEndian(span[(at + EntrySize)..]) : length;
            var digest = EventDigest.FromBytes(span.Slice(at + 16, EventDigest.Size));
            segment.Add(offset, end, BinaryPrimitives.ReadInt64LittleEndian(span[(at + 8)..]), digest);
            digests?.Add(digest);
        }

        return true;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind: the next write of this index replaces it.
        }
    }
}
