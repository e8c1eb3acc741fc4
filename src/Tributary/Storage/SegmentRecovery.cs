using System.Buffers.Binary;

namespace Tributary.Storage;

/// <summary>
/// Checks a segment when a store opens: verifies every record and indexes it, and decides what an invalid record
/// means. Only the final group commit can be torn by a crash, because the writer starts a batch only after the previous
/// one is on disk. So an invalid record is a torn tail, safe to drop, when nothing after it belongs to a later batch;
/// a valid record from a later batch after it means acknowledged data is damaged, and opening fails.
/// </summary>
internal static class SegmentRecovery
{
    /// <summary>
    /// Scans <paramref name="segment"/> up to <paramref name="fileLength"/>; returns the torn tail found, or null. The
    /// digest of every valid record goes into <paramref name="digests"/> when given.
    /// </summary>
    public static StoreRecovery? Scan(Segment segment, long fileLength, bool isLast, List<EventDigest>? digests = null)
    {
        using var reader = new SegmentReader(segment.Path, RecordFormat.SegmentHeaderSize, fileLength);
        var expected = segment.FirstSequence;
        while (true)
        {
            var offset = reader.Position;
            if (!reader.TryNext(out var status, out var header, out _, out var problem))
            {
                return null;
            }

            if (status == RecordStatus.Valid && header.Sequence != expected)
            {
                throw new LineageStoreCorruptedException(segment.Path, offset, expected, $"found event {header.Sequence} out of order");
            }

            if (status == RecordStatus.Invalid)
            {
                // What a direct write leaves after the last record (a reader of a live store, or a crash, sees it).
                if (fileLength - offset < SegmentAppender.Block && SegmentAppender.IsPadding(reader.ReadRest(), fileLength))
                {
                    return null;
                }

                if (!isLast)
                {
                    throw new LineageStoreCorruptedException(segment.Path, offset, expected, problem! + " in a segment that later segments follow");
                }

                var rest = reader.ReadRest();
                if (FindLaterBatch(rest, expected) is { } later)
                {
                    throw new LineageStoreCorruptedException(
                        segment.Path,
                        offset,
                        expected,
                        $"{problem}, and event {later.Sequence} of a later write follows at byte {offset + later.At}");
                }

                return new StoreRecovery(segment.Path, offset, fileLength - offset, problem!);
            }

            segment.Add(offset, reader.Position, header.EventTicks, header.Digest);
            digests?.Add(header.Digest);
            expected++;
        }
    }

    // Looks for any valid record after the damaged one whose group commit started after it.
    private static (long Sequence, int At)? FindLaterBatch(ReadOnlySpan<byte> rest, long damagedSequence)
    {
        Span<byte> marker = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(marker, RecordFormat.Marker);
        var at = 1;
        while (at < rest.Length)
        {
            var found = rest[at..].IndexOf(marker);
            if (found < 0)
            {
                return null;
            }

            at += found;
            if (RecordFormat.TryRead(rest[at..], RecordFormat.MaxEventBytes, out var header, out _, out _) == RecordStatus.Valid &&
                header.BatchStart > damagedSequence)
            {
                return (header.Sequence, at);
            }

            at++;
        }

        return null;
    }
}
