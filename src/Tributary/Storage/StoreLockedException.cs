namespace Tributary.Storage;

/// <summary>
/// The store could not be opened for writing because another process (a <c>tributary serve</c>, an ingest, a
/// compaction) holds its lock. Opening it read-only still works; writes have to go through that process.
/// </summary>
public sealed class StoreLockedException : IOException
{
    /// <summary>Creates the exception for the store in <paramref name="directory"/>.</summary>
    public StoreLockedException(string directory, Exception? innerException = null)
        : base($"The event store in {directory} is already open for writing elsewhere; close it first, or open it read-only.", innerException)
    {
        Directory = directory;
    }

    /// <summary>The store's folder, as a full path.</summary>
    public string Directory { get; }
}
