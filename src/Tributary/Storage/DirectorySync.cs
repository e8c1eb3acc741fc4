using System.Runtime.InteropServices;

namespace Tributary.Storage;

/// <summary>
/// Makes a new file's directory entry durable. On Linux and macOS a created file survives a power loss only once its
/// directory is fsynced too; .NET has no API for that (it refuses to open directories), so this calls libc directly.
/// Windows journals directory changes itself, so there it does nothing.
/// </summary>
internal static class DirectorySync
{
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // O_RDONLY is 0 on every Unix .NET runs on.
        var fd = Open([.. System.Text.Encoding.UTF8.GetBytes(directory), 0], 0);
        if (fd < 0)
        {
            throw new IOException($"Could not open {directory} to make a new file in it durable (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"Could not fsync {directory} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the library is built without unsafe code, and these signatures are blittable.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] nullTerminatedUtf8Path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
