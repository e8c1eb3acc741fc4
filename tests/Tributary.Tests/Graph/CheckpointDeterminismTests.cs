using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Tests.Ingest;
using Tributary.Tests.Json;

namespace Tributary.Tests.Graph;

/// <summary>
/// A checkpoint is a function of the events: the same events give the same bytes, and a graph read back from a
/// checkpoint writes it again unchanged. No byte of it comes from whatever memory happened to be there (a struct's
/// padding), so a checkpoint can be compared, cached and checked by its bytes.
/// </summary>
public sealed class CheckpointDeterminismTests
{
    [Fact]
    public async Task The_same_corpus_events_give_the_same_checkpoint_bytes_and_a_loaded_graph_writes_them_again()
    {
        var events = await PinnedEventsAsync();
        var first = Checkpoint(LineageGraph.From(events));
        var second = Checkpoint(LineageGraph.From(events));
        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(first);

        Assert.True(events.Count > 100, $"only {events.Count} events");
        Assert.Equal(first, second);
        Assert.Equal(first, Checkpoint(loaded));
    }

    /// <summary>The events of the pinned corpus files, normalised as the door stores them.</summary>
    internal static async Task<List<LineageEvent>> PinnedEventsAsync()
    {
        var events = new List<LineageEvent>();
        foreach (var row in DigestPinTests.PinnedFiles())
        {
            foreach (var read in LineageJson.ReadMany(await File.ReadAllBytesAsync(EventCorpus.Resolve(row))))
            {
                if (read.Event is { } e)
                {
                    events.Add(LineageNormalizer.Normalize(e));
                }
            }
        }

        return events;
    }

    /// <summary>The checkpoint <paramref name="graph"/> writes, as bytes.</summary>
    internal static byte[] Checkpoint(LineageGraph graph)
    {
        using var bytes = new MemoryStream();
        graph.WriteCheckpoint(bytes);
        return bytes.ToArray();
    }
}
