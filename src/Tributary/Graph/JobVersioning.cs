using System.Security.Cryptography;
using System.Text;

namespace Tributary.Graph;

// A job's version is a hash of the union of the inputs and outputs its finished run saw (Marquez's rule); a new
// version is recorded only when that union changes.
internal static class JobVersioning
{
    public static void Record(GraphStore store, RunRecord run, long time)
    {
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        var outputs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in run.Datasets)
        {
            (item.Output ? outputs : inputs).Add(store.IdOf(store.Resolve(item.Dataset)).ToString());
        }

        var job = store.JobOf(run.Job);
        var text = new StringBuilder(store.IdOf(run.Job).ToString());
        foreach (var input in inputs)
        {
            text.Append("\n<").Append(input);
        }

        foreach (var output in outputs)
        {
            text.Append("\n>").Append(output);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        var version = new Guid(hash.AsSpan(0, 16));
        if (run.JobVersion == version)
        {
            return;
        }

        var versions = job.Versions ??= [];
        var existing = versions.Find(v => v.Version == version);
        if (existing is null)
        {
            existing = new JobVersionRecord(version, Nodes(store, run, output: false), Nodes(store, run, output: true)) { FirstSeen = time };
            versions.Add(existing);
        }

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
