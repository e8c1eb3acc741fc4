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
        var folder = Path.GetDirectoryName(path)!;
        EnsureFolder(folder);
        var temporary = Path.Combine(folder, TemporaryPrefix + Guid.NewGuid().ToString("N") + "-" + Path.GetFileName(path));
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(folder);
        }
        catch
        {
            File.Delete(temporary);
            throw;
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
