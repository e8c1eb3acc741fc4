namespace Tributary.Storage;

/// <summary>
/// The store could not be opened for writing because its folder cannot be written (a read-only file system, or no
/// permission), not because another process holds it. Opening it read-only works.
/// </summary>
public sealed class StoreReadOnlyException : IOException
{
    /// <summary>Creates the exception for the store in <paramref name="directory"/>.</summary>
    public StoreReadOnlyException(string directory, Exception innerException)
        : base($"The event store in {directory} cannot be written ({innerException?.Message}); it can only be opened read-only.", innerException)
    {
        Directory = directory;
        Reason = innerException?.Message ?? "not writable";
    }

    /// <summary>The store's folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>Why it cannot be written, as the operating system said it.</summary>
    public string Reason { get; }

    /// <summary>True for the errors of a folder that cannot be written: EROFS, EACCES/EPERM (as <see cref="UnauthorizedAccessException"/>).</summary>
    internal static bool IsReadOnly(Exception exception) => exception is UnauthorizedAccessException or IOException { HResult: 30 };
}
