namespace Tributary.Storage;

/// <summary>What decoding the bytes at a position found.</summary>
internal enum RecordStatus
{
    /// <summary>A whole record with a matching checksum.</summary>
    Valid,

    /// <summary>The buffer ends before the record does.</summary>
    Incomplete,

    /// <summary>Not a record: no marker, an impossible length or a checksum mismatch.</summary>
    Invalid,
}
