using System.Security.Cryptography;
using System.Text;

namespace Tributary.Graph;

// A job's version is a hash of the union of the inputs and outputs its finished run saw (Marquez's rule); a new
// version is recorded only when that union changes.
internal static class JobVersioning
{
    public static void Record(GraphStore store, RunRecord run, long time)
    {
        // Names, not interned ids, go into the hash so a version stays the same in any store that saw the same events.
        var names = new List<string>(run.Datasets.Count);
        foreach (var item in run.Datasets)
        {
            names.Add((item.Output ? ">" : "<") + store.IdOf(store.Resolve(item.Dataset)).ToString());
        }

        names.Sort(StringComparer.Ordinal);
        var job = store.JobOf(run.Job);
        var text = new StringBuilder(store.IdOf(run.Job).ToString());
        string? previous = null;
        foreach (var name in names)
        {
            if (!string.Equals(name, previous, StringComparison.Ordinal))
            {
                text.Append('\n').Append(name);
                previous = name;
            }
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        var version = new Guid(hash.AsSpan(0, 16));
        if (run.JobVersion == version)
        {
            return;
        }

        var versions = job.Versions ??= [];
        if (run.JobVersion is { } earlier && versions.Find(v => v.Version == earlier) is { } superseded)
        {
            // The run's events arrived out of order and its COMPLETE was counted with only some of its datasets.
            superseded.RunCount--;
            if (superseded.RunCount == 0)
            {
                versions.Remove(superseded);
            }
        }

        var existing = versions.Find(v => v.Version == version);
        if (existing is null)
        {
            existing = new JobVersionRecord(version, Nodes(store, run, output: false), Nodes(store, run, output: true)) { FirstSeen = time };
            versions.Add(existing);
        }

        existing.FirstSeen = Math.Min(existing.FirstSeen, time);
        existing.LastSeen = Math.Max(existing.LastSeen, time);
        existing.RunCount++;
        run.JobVersion = version;
    }

    private static int[] Nodes(GraphStore store, RunRecord run, bool output)
    {
        var nodes = new List<int>();
        foreach (var item in run.Datasets)
        {
            if (item.Output == output)
            {
                nodes.Add(store.Resolve(item.Dataset));
            }
        }

        return [.. nodes];
    }
}
