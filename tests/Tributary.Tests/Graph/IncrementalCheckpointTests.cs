using Tributary.Graph;
using Tributary.Model;
using Tributary.Tests.Ingest;

namespace Tributary.Tests.Graph;

/// <summary>
/// A graph loaded from a checkpoint writes its next checkpoint on top of that one: the old string and list tables
/// carried over as they are and the records it never decoded copied as their bytes. What loads from it must be the
/// graph of all the events, exactly as if it had been built from them in one go.
/// </summary>
public sealed class IncrementalCheckpointTests
{
    [Fact]
    public async Task A_checkpoint_written_on_top_of_a_loaded_one_loads_as_the_graph_built_from_all_the_events()
    {
        var events = await CorpusEventsAsync();
        var half = events.Count / 2;
        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(Checkpoint(LineageGraph.From(events.Take(half))));
        foreach (var e in events.Skip(half))
        {
            loaded.Apply(e);
        }

        var onTop = Checkpoint(loaded);
        using var reloaded = new LineageGraph();
        reloaded.LoadCheckpoint(onTop);
        var whole = LineageGraph.From(events);

        Assert.Equal(LineageReplicaTests.AnswersOf(whole), LineageReplicaTests.AnswersOf(reloaded));

        // Every record decoded now, the reloaded graph writes a checkpoint of its own: the bytes of the whole graph's.
        Assert.Equal(0, reloaded.UndecodedRecords);
        Assert.Equal(Checkpoint(whole), Checkpoint(reloaded));
    }

    [Fact]
    public async Task A_few_events_on_a_loaded_graph_leave_its_other_records_undecoded_when_the_checkpoint_is_written()
    {
        var events = await CorpusEventsAsync();
        using var loaded = new LineageGraph();
        var basis = Checkpoint(LineageGraph.From(events.SkipLast(1)));
        loaded.LoadCheckpoint(basis);
        var before = loaded.UndecodedRecords;
        loaded.Apply(events[^1]);

        var onTop = Checkpoint(loaded);

        // The last event touches a handful of records; the rest are copied, not decoded and encoded again.
        Assert.True(before > 100, $"only {before} records in the checkpoint");
        Assert.True(loaded.UndecodedRecords >= before - 10, $"{before - loaded.UndecodedRecords} of {before} records were decoded");
        using var reloaded = new LineageGraph();
        reloaded.LoadCheckpoint(onTop);
        Assert.Equal(LineageReplicaTests.AnswersOf(LineageGraph.From(events)), LineageReplicaTests.AnswersOf(reloaded));
    }

    [Fact]
    public async Task Checkpoints_written_on_top_of_each_other_many_times_still_load_as_the_graph_of_all_the_events()
    {
        // Each round loads the previous round's checkpoint, as each `tributary ingest` of a few events does.
        var events = await CorpusEventsAsync();
        var checkpoint = Checkpoint(LineageGraph.From(events.Take(events.Count / 4)));
        var applied = events.Count / 4;
        while (applied < events.Count)
        {
            using var graph = new LineageGraph();
            graph.LoadCheckpoint(checkpoint);
            var next = Math.Min(events.Count, applied + 37);
            for (; applied < next; applied++)
            {
                graph.Apply(events[applied]);
            }

            checkpoint = Checkpoint(graph);
        }

        using var last = new LineageGraph();
        last.LoadCheckpoint(checkpoint);
        Assert.Equal(LineageReplicaTests.AnswersOf(LineageGraph.From(events)), LineageReplicaTests.AnswersOf(last));
    }

    [Fact]
    public async Task A_loaded_graph_that_decoded_most_of_its_records_writes_a_checkpoint_of_its_own()
    {
        var events = await CorpusEventsAsync();
        var whole = LineageGraph.From(events);
        var own = Checkpoint(whole);
        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(own);

        // Answering decodes every record; the checkpoint written then is the one built from the events, with no table
        // carried over (a checkpoint of its own leaves out what nothing refers to any more).
        LineageReplicaTests.AnswersOf(loaded);

        Assert.Equal(own, Checkpoint(loaded));
    }

    private static Task<List<LineageEvent>> CorpusEventsAsync() => CheckpointDeterminismTests.PinnedEventsAsync();

    private static byte[] Checkpoint(LineageGraph graph) => CheckpointDeterminismTests.Checkpoint(graph);
}
