using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Ingest;

/// <summary>
/// Confirming duplicates an XXH3 digest names: anyone can make two events share such a digest, so equal digests only
/// name a candidate, and an event is a duplicate when its canonical form is the original's, byte for byte.
/// </summary>
public sealed partial class LineageIngestor
{
    // Stored originals at most this many sequences apart are read back in one pass.
    private const long ReadTogetherGap = 256;

    // Reserve for staged events in order (a chunk's, or one event's; rejected ones stay as they are), the duplicates
    // confirmed together.
    private async ValueTask ReserveAllAsync((IngestResult? Final, PreparedEvent? Event)[] staged, int count)
    {
        List<(PreparedEvent Candidate, long Sequence)>? candidates = null;
        List<int>? places = null;
        for (var i = 0; i < count; i++)
        {
            if (staged[i].Final is not null)
            {
                continue;
            }

            var prepared = staged[i].Event!;
            staged[i] = Reserve(prepared);
            if (_xxHash && staged[i].Final is { Outcome: IngestOutcome.Duplicate } duplicate)
            {
                (candidates ??= []).Add((prepared, duplicate.Sequence));
                (places ??= []).Add(i);
            }
        }

        if (candidates is null)
        {
            return;
        }

        bool[] same;
        try
        {
            same = await ConfirmAsync(candidates).ConfigureAwait(false);
        }
        catch
        {
            // The chunk goes no further (the store could not be read): give back the digests it reserved, so later
            // copies of its new events are stored, not called duplicates of events that never were.
            var reserved = new List<PreparedEvent>();
            for (var i = 0; i < count; i++)
            {
                if (staged[i] is { Final: null, Event: { } e })
                {
                    reserved.Add(e);
                }
            }

            Release(reserved);
            throw;
        }

        for (var k = 0; k < candidates.Count; k++)
        {
            if (!same[k])
            {
                // Stored as the new event it is; the digest goes on naming the earlier one.
                staged[places![k]] = (null, candidates[k].Candidate with { Collides = true });
            }
        }
    }

    // For each candidate (an event and the sequence its digest names, 0 while that copy is being written): whether it is
    // that event. The same bytes as received settle it at once (a batch sent again); otherwise both are compared in
    // canonical form. Originals are read back from the store in runs, so a whole file sent again reads its first copies
    // once, in order, instead of one by one.
    private async Task<bool[]> ConfirmAsync(IReadOnlyList<(PreparedEvent Candidate, long Sequence)> candidates)
    {
        var same = new bool[candidates.Count];
        var stored = new List<(long Sequence, int Index)>();

        // What the same bytes do not settle is compared in canonical form on every core, once all is read.
        var compare = new List<(int Index, ReadOnlyMemory<byte> Raw, LineageEvent? Original)>();
        lock (_digestLock)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var (candidate, sequence) = candidates[i];
                if (sequence == 0 && _writing.TryGetValue(candidate.Digest, out var original))
                {
                    same[i] = candidate.Raw.Span.SequenceEqual(original.Raw.Span);
                    if (!same[i])
                    {
                        compare.Add((i, original.Raw, original.Event));
                    }

                    continue;
                }

                // Written since it was named: read it back. Not there at all (its append failed): nothing to repeat.
                sequence = sequence > 0 ? sequence : _digests.GetValueOrDefault(candidate.Digest);
                if (sequence > 0)
                {
                    stored.Add((sequence, i));
                }
            }
        }

        stored.Sort();
        for (var start = 0; start < stored.Count;)
        {
            var end = start;
            while (end + 1 < stored.Count && stored[end + 1].Sequence - stored[end].Sequence <= ReadTogetherGap)
            {
                end++;
            }

            var next = start;
            var originals = Store is IOriginalReader reader
                ? reader.ReadOriginalsAsync(stored[start].Sequence, stored[end].Sequence)
                : Store.ReadAsync(stored[start].Sequence, stored[end].Sequence);
            await foreach (var e in originals.ConfigureAwait(false))
            {
                while (next <= end && stored[next].Sequence < e.Sequence)
                {
                    next++; // not read back (it no longer reads): not confirmed
                }

                for (; next <= end && stored[next].Sequence == e.Sequence; next++)
                {
                    var index = stored[next].Index;
                    same[index] = candidates[index].Candidate.Raw.Span.SequenceEqual(e.Raw.Span);
                    if (!same[index])
                    {
                        // A copy: the bytes a read hands out may be reused by the next one.
                        compare.Add((index, e.Raw.ToArray(), null));
                    }
                }
            }

            start = end + 1;
        }

        Parallel.For(0, compare.Count, k => same[compare[k].Index] = SameEvent(candidates[compare[k].Index].Candidate, compare[k].Raw.Span, compare[k].Original));
        return same;
    }

    // Whether the two have one canonical form. `original` is the original's normalised event when known (a copy being
    // written), else it is read from its bytes.
    private static bool SameEvent(PreparedEvent candidate, ReadOnlySpan<byte> originalRaw, LineageEvent? original)
    {
        if (original is null)
        {
            if (!LineageJson.TryDeserialize(originalRaw, out var read, out _) || read is null)
            {
                return false;
            }

            original = LineageNormalizer.Normalize(read);
        }

        return LineageJson.SerializeToUtf8Bytes(original).AsSpan().SequenceEqual(LineageJson.SerializeToUtf8Bytes(candidate.Event));
    }
}
