using System.Buffers.Binary;

namespace Tributary.Storage;

/// <summary>
/// The byte layout of segment files (all integers little-endian).
/// <code>
/// segment  = header record*
/// header   = "TRIBLOG1" (8 bytes) · first sequence (u64)
/// record   = marker "TBR1" (u32) · length L (u32) · crc32c of (length field ‖ body) (u32) · body (L bytes)
/// body     = sequence (u64) · batch start sequence (u64) · ingest time (UTC ticks, i64) · event time (UTC ticks, i64)
///            · SHA-256 digest (32 bytes) · raw event bytes (L − 64)
/// </code>
/// The marker lets recovery find record boundaries after damage; the batch start (the sequence of the first record of
/// the same group commit) lets it tell a torn, never-acknowledged last batch from damage to acknowledged records.
/// </summary>
internal static class RecordFormat
{
    /// <summary>Marker, length and checksum.</summary>
    public const int PrefixSize = 12;

    /// <summary>The fixed part of the body before the raw bytes.</summary>
    public const int BodyHeaderSize = 64;

    /// <summary>The segment file header size.</summary>
    public const int SegmentHeaderSize = 16;

    /// <summary>"TBR1" read as a little-endian u32.</summary>
    public const uint Marker = 0x31524254;

    /// <summary>
    /// The largest event the format accepts (256 MiB). Recovery judges lengths against this constant, never against an
    /// option, so a store written with a generous limit is not misread as damaged under a stricter one.
    /// </summary>
    public const int MaxEventBytes = 256 << 20;

    /// <summary>The segment file magic.</summary>
    public static ReadOnlySpan<byte> SegmentMagic => "TRIBLOG1"u8;

    /// <summary>The file extension of segments.</summary>
    public const string SegmentExtension = ".tlog";

    /// <summary>The total size of a record with <paramref name="rawLength"/> event bytes.</summary>
    public static int RecordSize(int rawLength) => PrefixSize + BodyHeaderSize + rawLength;

    /// <summary>Writes one record into <paramref name="destination"/>, which must be <see cref="RecordSize"/> bytes long.</summary>
    public static void Write(Span<byte> destination, in RecordHeader header, ReadOnlySpan<byte> raw)
    {
        var bodyLength = BodyHeaderSize + raw.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Marker);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], bodyLength);
        var body = destination.Slice(PrefixSize, bodyLength);
        BinaryPrimitives.WriteInt64LittleEndian(body, header.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], header.BatchStart);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], header.IngestTicks);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], header.EventTicks);
        header.Digest.WriteTo(body.Slice(32, EventDigest.Size));
        raw.CopyTo(body[BodyHeaderSize..]);
        var crc = Crc32C.Append(~0u, destination.Slice(4, 4));
        crc = ~Crc32C.Append(crc, body);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], crc);
    }

    /// <summary>
    /// Decodes the record at the start of <paramref name="buffer"/>. Returns <see cref="RecordStatus.Incomplete"/> when
    /// more bytes are needed (<paramref name="size"/> then says how many, or 0 if the prefix itself is cut).
    /// </summary>
    public static RecordStatus TryRead(ReadOnlySpan<byte> buffer, int maxEventBytes, out RecordHeader header, out int size, out string? problem)
    {
        header = default;
        size = 0;
        problem = null;
        if (buffer.Length < PrefixSize)
        {
            return RecordStatus.Incomplete;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(buffer) != Marker)
        {
            problem = "no record marker";
            return RecordStatus.Invalid;
        }

        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(buffer[4..]);
        if (bodyLength < BodyHeaderSize || bodyLength - BodyHeaderSize > maxEventBytes)
        {
            problem = $"implausible record length {bodyLength}";
            return RecordStatus.Invalid;
        }

        size = PrefixSize + bodyLength;
        if (buffer.Length < size)
        {
            return RecordStatus.Incomplete;
        }

        var body = buffer.Slice(PrefixSize, bodyLength);
        var crc = ~Crc32C.Append(Crc32C.Append(~0u, buffer.Slice(4, 4)), body);
        if (crc != BinaryPrimitives.ReadUInt32LittleEndian(buffer[8..]))
        {
            problem = "checksum mismatch";
            return RecordStatus.Invalid;
        }

        header = new RecordHeader(
            BinaryPrimitives.ReadInt64LittleEndian(body),
            BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            EventDigest.FromBytes(body.Slice(32, EventDigest.Size)));
        return RecordStatus.Valid;
    }

    /// <summary>The raw event bytes of a valid record that starts at the beginning of <paramref name="record"/>.</summary>
    public static ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> record, int size) =>
        record[(PrefixSize + BodyHeaderSize)..size];

    /// <summary>Writes a segment header.</summary>
    public static void WriteSegmentHeader(Span<byte> destination, long firstSequence)
    {
        SegmentMagic.CopyTo(destination);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], firstSequence);
    }

    /// <summary>Reads a segment header, returning false when it is not one.</summary>
    public static bool TryReadSegmentHeader(ReadOnlySpan<byte> source, out long firstSequence)
    {
        firstSequence = 0;
        if (source.Length < SegmentHeaderSize || !source[..8].SequenceEqual(SegmentMagic))
        {
            return false;
        }

        firstSequence = BinaryPrimitives.ReadInt64LittleEndian(source[8..]);
        return true;
    }

    /// <summary>The file name of the segment whose first record has <paramref name="firstSequence"/>: digits only, never user text.</summary>
    public static string SegmentFileName(long firstSequence) =>
        firstSequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + SegmentExtension;
}
