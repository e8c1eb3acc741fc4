namespace Tributary.Storage;

/// <summary>Settings of a <see cref="FileLineageStore"/>; the defaults suit almost everyone.</summary>
public sealed record FileLineageStoreOptions
{
    /// <summary>The defaults.</summary>
    public static FileLineageStoreOptions Default { get; } = new();

    /// <summary>A segment file is closed and a new one started once it reaches this size. Default 64 MiB.</summary>
    public long SegmentBytes { get; init; } = 64L << 20;

    /// <summary>The most bytes one group commit (one write and one fsync) carries. Default 4 MiB.</summary>
    public int MaxBatchBytes { get; init; } = 4 << 20;

    /// <summary>The largest event accepted, in bytes of JSON. Default 16 MiB; at most 256 MiB.</summary>
    public int MaxEventBytes { get; init; } = 16 << 20;

    /// <summary>
    /// Opens without taking the store's lock, writing or repairing anything, so a second process can read a store
    /// that another one writes. A torn tail is skipped rather than cut off. Default false.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>
    /// Writes events straight to the disk (O_DIRECT on Linux), not through the page cache: less kernel time per byte,
    /// most of all on virtual machines, and the store does not push other files out of the cache. Where the file
    /// system refuses it, and on other systems, the page cache is used anyway. Default true.
    /// </summary>
    public bool BypassPageCache { get; init; } = true;

    /// <summary>The clock that stamps ingest times. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SegmentBytes, 4096, nameof(SegmentBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 4096, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventBytes, 1, nameof(MaxEventBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxEventBytes, RecordFormat.MaxEventBytes, nameof(MaxEventBytes));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
