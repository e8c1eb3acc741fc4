namespace Tributary.Storage;

/// <summary>
/// An append could not be made durable: the disk is full, or writing or syncing failed. Nothing of the failed appends
/// was acknowledged or kept (the log is cut back to its last durable record), and the store is not left failed: the
/// next append tries again, so once space returns writes succeed without reopening the store.
/// </summary>
public sealed class StoreWriteException : IOException
{
    /// <summary>Creates the exception for a write in <paramref name="directory"/> that failed with <paramref name="innerException"/>.</summary>
    public StoreWriteException(string directory, Exception innerException)
        : base(Describe(directory, innerException), innerException)
    {
        Directory = directory;
        DiskFull = IsDiskFull(innerException);
    }

    /// <summary>The store's folder.</summary>
    public string Directory { get; }

    /// <summary>True when the cause is a full disk (or quota), which frees itself once space is made.</summary>
    public bool DiskFull { get; }

    /// <summary>True for the errors of a full disk or exhausted quota: ENOSPC, EDQUOT, EFBIG, or Windows' disk-full codes.</summary>
    public static bool IsDiskFull(Exception exception) => exception is IOException { HResult: 28 or 122 or 27 or unchecked((int)0x80070070) or unchecked((int)0x80070027) };

    private static string Describe(string directory, Exception cause) => IsDiskFull(cause)
        ? $"The disk of the event store in {directory} is full ({cause.Message}); nothing was stored. Free some space: the next write tries again."
        : $"The event store in {directory} could not write to disk ({cause.Message}); nothing was stored. The next write tries again.";
}
