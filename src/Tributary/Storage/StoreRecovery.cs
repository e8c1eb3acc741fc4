namespace Tributary.Storage;

/// <summary>
/// What opening a store repaired: the last write was torn by a crash (it was never acknowledged), and its bytes
/// were cut off so appends continue after the last whole record.
/// </summary>
/// <param name="SegmentPath">The segment whose tail was torn.</param>
/// <param name="Offset">Where the torn bytes began; the file now ends here.</param>
/// <param name="DroppedBytes">How many bytes were cut off.</param>
/// <param name="Reason">What was wrong with them, for example <c>checksum mismatch</c>.</param>
public sealed record StoreRecovery(string SegmentPath, long Offset, long DroppedBytes, string Reason)
{
    /// <summary>A one-line description for logs.</summary>
    public override string ToString() =>
        $"dropped a torn last write of {DroppedBytes} bytes at byte {Offset} of {SegmentPath} ({Reason})";
}
