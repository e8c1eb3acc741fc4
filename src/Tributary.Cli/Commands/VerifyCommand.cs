using System.CommandLine;
using System.Globalization;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary verify [--store DIR]</c>: reads every stored event, in the lake and in every log segment, checking each
/// record's checksum and the gapless order of sequence numbers, and that the digests the store keeps beside them (the
/// segments' indexes, the lake's digest column) are those of the events themselves. Opening a store takes a sealed
/// segment as checked while its index matches it, so damage that leaves a segment's length and time as they were (bit
/// rot) is met only when its events are read: this reads them all. Then the graph's checkpoint, when there is one: its
/// checksum and layout, and that it was written after an event of this store. It opens the store read-only and changes
/// nothing.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store();
        var command = new Command("verify", "Read every stored event (the lake and every log segment), checking each record's checksum, the order of sequence numbers and the digests kept beside them, and the graph checkpoint; exit code 0 only when all is as stored. Changes nothing.")
        {
            store,
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var directory = result.GetValue(store)!;
            CommonOptions.RequireStore(directory);

            await using var embedded = EmbeddedLineageStore.Open(directory, new FileLineageStoreOptions { ReadOnly = true });
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var through = embedded.Count;

            // The digests first, as the ingest door reads them (from the segments' indexes and the lake's digest
            // column, 40 bytes per event held here); then every event, each compared with its kept digest. Read the other
            // way round, reading the events would have indexed the segments from their records already.
            var kept = new List<StoredDigest>();
            var lakeThrough = Math.Min(embedded.Lake.EventsThrough, through);
            if (lakeThrough > 0)
            {
                await foreach (var digest in embedded.Lake.ReadDigestsAsync(1, lakeThrough, ct))
                {
                    kept.Add(digest);
                }
            }

            kept.AddRange(embedded.Log.ReadDigests(lakeThrough + 1, through));

            // A missing segment, a record out of order or a damaged one is the store's own error (file, offset and
            // sequence); events that retention dropped from the lake are absent from both reads alike.
            long events = 0, bytes = 0, first = 0, last = 0;
            await foreach (var stored in embedded.ReadAsync(1, through, ct))
            {
                if (events >= kept.Count || kept[(int)events].Sequence != stored.Sequence || kept[(int)events].Digest != stored.Digest)
                {
                    throw new CliException(string.Create(CultureInfo.InvariantCulture, $"the digest kept for event #{stored.Sequence} (a segment's index or the lake's digest column) is not the one stored with the event; delete the segment's .tidx file and opening the store for writing makes it again"));
                }

                first = first == 0 ? stored.Sequence : first;
                last = stored.Sequence;
                events++;
                bytes += stored.Raw.Length;
            }

            if (events < kept.Count)
            {
                throw new CliException(string.Create(CultureInfo.InvariantCulture, $"a digest is kept for event #{kept[(int)events].Sequence}, which the store does not hold"));
            }

            var checkpoint = await CheckpointAsync(embedded, directory, last, ct);
            result.InvocationConfiguration.Output.WriteLine(VisibleText.Escape(string.Create(CultureInfo.InvariantCulture,
                $"verified {Path.GetFullPath(directory)}: {events} events{(events > 0 ? $" (#{first}-#{last})" : "")}, {bytes / 1e6:F1} MB, every record's checksum, order and digest as stored{checkpoint}, in {watch.Elapsed.TotalSeconds:F1} s")));
        });
        return command;
    }

    // The graph's checkpoint, when the store has one: read whole and checked as opening checks it (its checksum, its
    // layout) and that it was written after an event this store holds (the digest it keeps of the last one it covers).
    // A bad one loses no event (the next command rebuilds the graph from them), but it is damage on disk all the same.
    private static async Task<string> CheckpointAsync(EmbeddedLineageStore store, string directory, long last, CancellationToken ct)
    {
        if (LineageReplicaOptions.ForStore(directory).CheckpointPath is not { } path || !File.Exists(path))
        {
            return "; no graph checkpoint";
        }

        const string Remedy = "no event is affected: delete it, and the next command rebuilds the graph from the events and writes it again";
        long covers;
        byte[] mark;
        try
        {
            using var graph = new LineageGraph();
            (covers, mark) = graph.LoadCheckpointFile(path);
        }
        catch (InvalidDataException ex)
        {
            throw new CliException($"the graph checkpoint {path} is damaged ({ex.Message}); {Remedy}");
        }

        if (covers > last || !(await LineageReplica.MarkOfAsync(store, covers, ct)).AsSpan().SequenceEqual(mark))
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture,
                $"the graph checkpoint {path} was not written from this store's events (it ends at event #{covers}, which {(covers > last ? "the store does not hold" : "is another event here")}); {Remedy}"));
        }

        // A short tail after it is left for each opening to replay (LineageReplicaOptions.ShortTail); say so, so that a
        // checkpoint behind the last event is not taken for one left stale.
        var tail = last - covers;
        var replayed = tail > 0 ? $"; the {tail} {(tail == 1 ? "event after it is" : "events after it are")} replayed by each query until the next checkpoint" : "";
        return string.Create(CultureInfo.InvariantCulture, $"; the graph checkpoint (through #{covers}{replayed}) as written");
    }
}
