using Tributary.Json;
using Tributary.Model;

namespace Tributary.Storage.Lake;

public sealed partial class LineageMetadataRepository
{
    /// <summary>
    /// Retention: removes the raw events whose event time is before <paramref name="cutoff"/> from
    /// <c>lineage_events</c>, except those that still describe the current state, so whatever is rebuilt from the
    /// lake keeps every job and dataset as they are now. Kept are, for each job and each dataset, the latest event
    /// that mentions it (by event time; ties go to the later sequence), together with every event of that event's
    /// run (OpenLineage run events accumulate). Only the events are consulted, no projection. Returns how many
    /// events were removed. The projections are left as the last compaction wrote them. Each event file is
    /// replaced atomically, so a crash leaves a readable lake and repeating the call finishes the job.
    /// </summary>
    public async Task<long> DropEventsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            PrepareForWrite();
            var files = EventFiles(DateTimeOffset.MinValue, cutoff.AddDays(1), committedOnly: true).ToList();
            if (files.Count == 0)
            {
                return 0;
            }

            var (keepSequences, runOf, keepRuns) = await FindCurrentAsync(cutoff, cancellationToken).ConfigureAwait(false);
            bool Keep(StoredEvent e) =>
                e.EventTime >= cutoff || keepSequences.Contains(e.Sequence) || (runOf.TryGetValue(e.Sequence, out var run) && keepRuns.Contains(run));

            long removed = 0;
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = Scan(file.Path, EventColumns, _ => true, ReadEvent).ToArray();
                var kept = rows.Where(Keep).ToArray();
                if (kept.Length == rows.Length)
                {
                    continue;
                }

                removed += rows.Length - kept.Length;
                if (kept.Length == 0)
                {
                    AtomicFile.Delete(file.Path);
                    var folder = Path.GetDirectoryName(file.Path)!;
                    if (!Directory.EnumerateFileSystemEntries(folder).Any())
                    {
                        Directory.Delete(folder);
                    }
                }
                else
                {
                    WriteEventFile(file.Path, kept);
                }
            }

            return removed;
        }
        finally
        {
            _writer.Release();
        }
    }

    // Pass one: the latest event naming each job and dataset, and the run of every event older than the cutoff.
    // "Latest" follows event time, not arrival: state follows eventTime, so a run reported late with an old time
    // must not displace the run that really is the most recent one.
    private async Task<(HashSet<long> KeepSequences, Dictionary<long, RunId> RunOf, HashSet<RunId> KeepRuns)> FindCurrentAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<NodeId, (DateTimeOffset Time, long Sequence)>();
        var runOf = new Dictionary<long, RunId>();
        await foreach (var stored in ReadEventsAsync(1, long.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            if (!LineageJson.TryDeserialize(stored.Raw.Span, out var e, out _) || e is null)
            {
                continue;
            }

            switch (e)
            {
                case RunEvent run:
                    Mention(latest, NodeId.From(run.Job.Id), stored);
                    foreach (var input in run.Inputs)
                    {
                        Mention(latest, NodeId.From(input.Id), stored);
                    }

                    foreach (var output in run.Outputs)
                    {
                        Mention(latest, NodeId.From(output.Id), stored);
                    }

                    if (stored.EventTime < cutoff)
                    {
                        runOf[stored.Sequence] = run.Run.RunId;
                    }

                    break;
                case JobEvent job:
                    Mention(latest, NodeId.From(job.Job.Id), stored);
                    foreach (var input in job.Inputs)
                    {
                        Mention(latest, NodeId.From(input.Id), stored);
                    }

                    foreach (var output in job.Outputs)
                    {
                        Mention(latest, NodeId.From(output.Id), stored);
                    }

                    break;
                case DatasetEvent dataset:
                    Mention(latest, NodeId.From(dataset.Dataset.Id), stored);
                    break;
            }
        }

        var keep = latest.Values.Select(v => v.Sequence).ToHashSet();
        var keepRuns = keep.Where(runOf.ContainsKey).Select(s => runOf[s]).ToHashSet();
        return (keep, runOf, keepRuns);
    }

    // Events come in sequence order, so an equal event time means a later sequence and replaces.
    private static void Mention(Dictionary<NodeId, (DateTimeOffset Time, long Sequence)> latest, NodeId node, StoredEvent stored)
    {
        if (!latest.TryGetValue(node, out var seen) || stored.EventTime >= seen.Time)
        {
            latest[node] = (stored.EventTime, stored.Sequence);
        }
    }
}
