namespace Tributary.Storage.Lake;

/// <summary>
/// Replaces files so that a crash at any moment leaves either the old file or the new one, never a torn one:
/// write a hidden temporary file in the same folder, fsync it, rename it over the target, fsync the folder.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The prefix of temporary files; readers skip names that start with it (or with an underscore).</summary>
    public const string TemporaryPrefix = ".tmp-";

    public static void Write(string path, Action<Stream> write)
    {
        using var file = new Pending(Path.GetDirectoryName(path)!, Path.GetFileName(path));
        write(file.Stream);
        file.Commit(path);
    }

    /// <summary>
    /// A new file written in steps (a row group at a time, say) under a temporary name in its folder, and put in place
    /// by <see cref="Commit"/>: fsynced, renamed over the target, the folder fsynced. Disposed without a commit, the
    /// temporary file is deleted.
    /// </summary>
    public sealed class Pending : IDisposable
    {
        private readonly string _temporary;
        private bool _committed;

        /// <summary>Creates the temporary file in <paramref name="folder"/> (made durably if new); <paramref name="name"/> ends its name.</summary>
        public Pending(string folder, string name)
        {
            EnsureFolder(folder);
            _temporary = Path.Combine(folder, TemporaryPrefix + Guid.NewGuid().ToString("N") + "-" + name);
            Stream = new FileStream(_temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }

        /// <summary>Where the file's bytes go.</summary>
        public FileStream Stream { get; }

        /// <summary>Makes the file durable and renames it to <paramref name="path"/> (in the same folder), durably.</summary>
        public void Commit(string path)
        {
            Stream.Flush(flushToDisk: true);
            Stream.Dispose();
            File.Move(_temporary, path, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
            _committed = true;
        }

        /// <summary>Closes the file and, unless committed, deletes it.</summary>
        public void Dispose()
        {
            if (!_committed)
            {
                Stream.Dispose();
                File.Delete(_temporary);
            }
        }
    }

    /// <summary>Creates a folder (and its parents) durably: each new folder's parent is fsynced.</summary>
    public static void EnsureFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        var parent = Path.GetDirectoryName(folder);
        if (parent is not null)
        {
            EnsureFolder(parent);
        }

        Directory.CreateDirectory(folder);
        if (parent is not null)
        {
            DirectorySync.Flush(parent);
        }
    }

    /// <summary>Deletes a file and makes the deletion durable.</summary>
    public static void Delete(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
    }

    /// <summary>Removes temporary files a crash left behind in <paramref name="folder"/> and below.</summary>
    public static void RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, TemporaryPrefix + "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }
    }
}
