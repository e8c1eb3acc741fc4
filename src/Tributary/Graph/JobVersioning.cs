using System.Buffers;
using System.Text;
using Tributary.Storage;

namespace Tributary.Graph;

// A job's version is a hash of the union of the inputs and outputs its finished run saw (Marquez's rule); a new
// version is recorded only when that union changes.
internal static class JobVersioning
{
    // The hashed text, reused by the thread that applies events (one writer at a time, but any thread).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_text;

    private const int MaxKeptText = 1 << 20;

    // Up to this many datasets a run's are compared with a known version's node by node (pairwise, so quadratic).
    private const int MaxCompared = 16;

    // How many of a job's latest versions a run's datasets are compared with before its version is hashed.
    private const int MaxRecentVersions = 4;

    public static void Record(GraphStore store, RunRecord run, long time)
    {
        var version = KnownVersionOf(store, run) ?? VersionOf(store, run);
        if (run.JobVersion == version)
        {
            return;
        }

        var job = store.JobOf(run.Job);
        var versions = job.Versions ??= [];
        if (run.JobVersion is { } earlier && IndexOf(versions, earlier) is var at and >= 0)
        {
            // The run's events arrived out of order and its COMPLETE was counted with only some of its datasets.
            var superseded = versions[at];
            superseded.RunCount--;
            if (superseded.RunCount == 0)
            {
                versions.RemoveAt(at);
            }
        }

        var found = IndexOf(versions, version);
        var existing = found >= 0 ? versions[found] : null;
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

    // The SHA-256 (first 16 bytes) of the UTF-8 text: the job's node id, then each distinct dataset the run read
    // ("<" and its node id) or wrote (">"), one per line in ordinal order. Names, not interned ids, go into the hash
    // so a version stays the same in any store that saw the same events. Every event that completes a run computes
    // this, so the text is written straight into a reused buffer: the separators are ASCII, so encoding the parts
    // one by one gives the bytes encoding their concatenation gives, and a one-character prefix orders the lines as
    // it orders their first character, then the rest.
    private static Guid VersionOf(GraphStore store, RunRecord run)
    {
        var items = run.Datasets;
        var lines = ArrayPool<(char Prefix, string Id)>.Shared.Rent(Math.Max(items.Length, 1));
        try
        {
            var span = lines.AsSpan(0, items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                span[i] = (items[i].Output ? '>' : '<', store.IdOf(store.Resolve(items[i].Dataset)).ToString());
            }

            span.Sort(static (a, b) => a.Prefix != b.Prefix ? a.Prefix.CompareTo(b.Prefix) : string.CompareOrdinal(a.Id, b.Id));
            var text = t_text ??= new ArrayBufferWriter<byte>(1024);
            text.ResetWrittenCount();
            Append(text, store.IdOf(run.Job).ToString());
            for (var i = 0; i < span.Length; i++)
            {
                if (i > 0 && span[i].Prefix == span[i - 1].Prefix && string.Equals(span[i].Id, span[i - 1].Id, StringComparison.Ordinal))
                {
                    continue;
                }

                var head = text.GetSpan(2);
                head[0] = (byte)'\n';
                head[1] = (byte)span[i].Prefix;
                text.Advance(2);
                Append(text, span[i].Id);
            }

            // The per-thread hash the event digests use: the one-shot SHA256.HashData makes and frees a native context
            // each call, which for a few lines of text costs as much as hashing them.
            Span<byte> hash = stackalloc byte[EventDigest.Size];
            EventDigest.Compute(text.WrittenSpan).WriteTo(hash);
            if (text.Capacity > MaxKeptText)
            {
                t_text = null; // an exceptionally wide run's text is not kept for the rest of the thread's life
            }

            return new Guid(hash[..16]);
        }
        finally
        {
            ArrayPool<(char Prefix, string Id)>.Shared.Return(lines, clearArray: true);
        }
    }

    // A job's runs mostly read and write what one of its latest versions did (the last, or one it alternates with: a job
    // that reads one of two partitions in turn): when the run's datasets (resolved now) are exactly such a version's,
    // which were resolved when it was hashed, the hash of their names is that version's, so no text is written or
    // hashed. Null when none of the latest matches, or there are too many datasets to compare cheaply.
    private static Guid? KnownVersionOf(GraphStore store, RunRecord run)
    {
        var items = run.Datasets;
        if (items.Length > MaxCompared || store.JobOf(run.Job).Versions is not { Count: > 0 } versions)
        {
            return null;
        }

        Span<int> resolved = stackalloc int[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            resolved[i] = store.Resolve(items[i].Dataset);
        }

        for (var v = versions.Count - 1; v >= Math.Max(0, versions.Count - MaxRecentVersions); v--)
        {
            var version = versions[v];
            if (Matches(items, resolved, version))
            {
                return version.Version;
            }
        }

        return null;
    }

    // Whether the run's datasets are exactly `version`'s: each is among the version's nodes of its direction, and each of
    // those among the run's.
    private static bool Matches(ReadOnlySpan<RunDatasetRecord> items, ReadOnlySpan<int> resolved, JobVersionRecord version)
    {
        for (var i = 0; i < items.Length; i++)
        {
            if (Array.IndexOf(items[i].Output ? version.Outputs : version.Inputs, resolved[i]) < 0)
            {
                return false;
            }
        }

        return Covers(items, resolved, version.Inputs, output: false) && Covers(items, resolved, version.Outputs, output: true);
    }

    // Whether every node of a version's inputs (or outputs) is among the run's datasets of that direction.
    private static bool Covers(ReadOnlySpan<RunDatasetRecord> items, ReadOnlySpan<int> resolved, int[] nodes, bool output)
    {
        foreach (var node in nodes)
        {
            var found = false;
            for (var i = 0; i < items.Length && !found; i++)
            {
                found = items[i].Output == output && resolved[i] == node;
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static void Append(ArrayBufferWriter<byte> text, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, text.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length)));
        text.Advance(written);
    }

    private static int IndexOf(List<JobVersionRecord> versions, Guid version)
    {
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i].Version == version)
            {
                return i;
            }
        }

        return -1;
    }

    private static int[] Nodes(GraphStore store, RunRecord run, bool output)
    {
        var count = 0;
        foreach (var item in run.Datasets)
        {
            count += item.Output == output ? 1 : 0;
        }

        var nodes = new int[count];
        count = 0;
        foreach (var item in run.Datasets)
        {
            if (item.Output == output)
            {
                nodes[count++] = store.Resolve(item.Dataset);
            }
        }

        return nodes;
    }
}
