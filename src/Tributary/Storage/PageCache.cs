using System.Runtime.InteropServices;

namespace Tributary.Storage;

/// <summary>
/// Asks the kernel to read a file into the page cache in the background. Large files Tributary writes (graph
/// checkpoints, log groups) go past the page cache, so the next process to open them reads them from the disk: after
/// `tributary ingest` of 100,000 realistic events, ingesting 1,000 more opened the store in 0.21 s with the fresh 84 MB
/// checkpoint on disk and 0.10 s with it in the cache. A command that ends right after writing such a file, so that the
/// next one will read it, asks for it here; the read happens in the kernel after this returns, and nothing waits for it.
/// Linux only (posix_fadvise); elsewhere, and whenever the file cannot be opened, it does nothing.
/// </summary>
internal static class PageCache
{
    private const int WillNeed = 3; // POSIX_FADV_WILLNEED on Linux

    /// <summary>Starts reading the file at <paramref name="path"/> into the page cache; true when the kernel took the request.</summary>
    public static bool Prefetch(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return Advise((int)file.DangerousGetHandle(), 0, 0, WillNeed) == 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: the library is built without unsafe code, and the signature is blittable.
    [DllImport("libc", EntryPoint = "posix_fadvise")]
    private static extern int Advise(int fd, long offset, long length, int advice);
}
