namespace Tributary.Cli;

/// <summary>
/// Finds event files in a folder and the folders under it: *.json, *.ndjson and *.jsonl (and *.gz of each), in ordinal order so runs are
/// repeatable. A folder that is a symbolic link is not entered (a link to a folder above it would list its files again
/// and again, as find does without -L); a file that is one is read like any other.
/// </summary>
internal static class EventFiles
{
    public static IEnumerable<string> In(string directory)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.TryPop(out var folder))
        {
            found.AddRange(Directory.EnumerateFiles(folder).Where(IsEventFile));
            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                if (new DirectoryInfo(sub).LinkTarget is null)
                {
                    pending.Push(sub);
                }
            }
        }

        return found.Order(StringComparer.Ordinal);
    }

    private static bool IsEventFile(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
    }
}
