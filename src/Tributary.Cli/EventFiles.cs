namespace Tributary.Cli;

/// <summary>Finds event files in a folder: *.json, *.ndjson and *.jsonl, in ordinal order so runs are repeatable.</summary>
internal static class EventFiles
{
    public static IEnumerable<string> In(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
}
