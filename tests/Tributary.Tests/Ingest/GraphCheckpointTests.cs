using Tributary.Ingest;
using Tributary.Storage;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Ingest;

public sealed class GraphCheckpointTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tributary-checkpoint-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string Checkpoint => Path.Combine(_folder, LineageReplicaOptions.CheckpointFileName);

    private static async Task FillAsync(string folder, IEnumerable<byte[]> events)
    {
        await using var store = EmbeddedLineageStore.Open(folder);
        var ingestor = await LineageIngestor.OpenAsync(store);
        foreach (var raw in events)
        {
            await ingestor.IngestAsync(raw);
        }
    }

    // Opens the store as the CLI does (read-only, with its checkpoint) and returns the answers and how it opened.
    private static async Task<(string Answers, ReplicaOpening Opening, List<string> Warnings)> OpenAsync(string folder, bool checkpoint = true, CheckpointPreload? preload = null)
    {
        await using var store = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true });
        var warnings = new List<string>();
        var options = (checkpoint ? LineageReplicaOptions.ForStore(folder) : new LineageReplicaOptions()) with { OnWarning = warnings.Add, Preload = preload };
        using var replica = await LineageReplica.OpenAsync(store, options);
        return (LineageReplicaTests.AnswersOf(replica.Graph), replica.Opening, warnings);
    }

    // A replica of `store` with this test's checkpoint file, writing checkpoints only when asked, following an ingestor.
    private async Task<(LineageReplicaOptions Options, LineageReplica Replica, LineageIngestor Ingestor)> FollowingAsync(ILineageStore store)
    {
        Directory.CreateDirectory(_folder);
        var options = LineageReplicaOptions.ForStore(_folder) with { CheckpointEveryEvents = 0 };
        var replica = await LineageReplica.OpenAsync(store, options);
        var ingestor = await LineageIngestor.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        return (options, replica, ingestor);
    }

    private async Task<string> PreparedAsync()
    {
        await FillAsync(_folder, LineageReplicaTests.CorpusEvents());
        var first = await OpenAsync(_folder);
        Assert.False(first.Opening.UsedCheckpoint);
        Assert.True(File.Exists(Checkpoint), "opening a store without a checkpoint writes one");
        var full = await OpenAsync(_folder, checkpoint: false);
        Assert.Equal(full.Answers, first.Answers);
        return full.Answers;
    }

    [Fact]
    public async Task A_following_replica_writes_checkpoints_as_it_follows_but_never_more_than_one_per_due_count()
    {
        // 20,000 events with a checkpoint due every 1,000: each due count asks for one checkpoint, not one per event
        // applied before it starts (and a checkpoint that took T keeps the next one away for 19T, so there are fewer).
        await using var store = EmbeddedLineageStore.Open(_folder);
        var options = LineageReplicaOptions.ForStore(_folder) with { CheckpointEveryEvents = 1_000 };
        using var replica = await LineageReplica.OpenAsync(store, options);
        var ingestor = await LineageIngestor.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        var written = replica.CheckpointsWritten;
        var content = string.Join("\n", Enumerable.Range(0, 20_000).Select(i => System.Text.Encoding.UTF8.GetString(Tributary.Tests.Storage.StoreEvents.Small(i))));

        Assert.Equal(20_000, (await ingestor.IngestManyAsync(System.Text.Encoding.UTF8.GetBytes(content))).Accepted);

        // A checkpoint asked for while following runs on the thread pool: on a busy machine it may not have started
        // when the ingest returns, and the explicit one below would then cover its events first, leaving it nothing to
        // write. So the ones asked for are waited for (up to 30 s) before that.
        for (var waited = 0; replica.CheckpointsWritten == written && waited < 3_000; waited++)
        {
            await Task.Delay(10);
        }

        var during = replica.CheckpointsWritten - written;
        await replica.TryWriteCheckpointAsync(); // waits for one in progress, then covers the rest
        var total = replica.CheckpointsWritten - written;

        Assert.True(during >= 1, "no checkpoint was written while following 20 due counts");
        Assert.True(total <= 21, $"{total} checkpoints were written for 20 due counts and the one asked for at the end");
        Assert.Equal(20_000, replica.AppliedThrough);
    }

    [Fact]
    public async Task A_checkpoint_whose_file_cannot_be_created_is_reported_and_the_graph_goes_on_applying_events()
    {
        // The file is created while the graph is held still for serialising: failing there must still let it go.
        await using var store = EmbeddedLineageStore.Open(_folder);
        var warnings = new List<string>();
        var options = LineageReplicaOptions.ForStore(_folder) with
        {
            CheckpointPath = Path.Combine(_folder, "no such folder", LineageReplicaOptions.CheckpointFileName),
            CheckpointEveryEvents = 0,
            OnWarning = warnings.Add,
        };
        using var replica = await LineageReplica.OpenAsync(store, options);
        var ingestor = await LineageIngestor.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        await ingestor.IngestAsync(StoreEvents.Small(0));

        Assert.False(await replica.TryWriteCheckpointAsync());
        await ingestor.IngestAsync(StoreEvents.Small(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(warnings, w => w.Contains("could not write the graph checkpoint", StringComparison.Ordinal));
        Assert.Equal(2, replica.AppliedThrough);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Events_ingested_while_a_checkpoint_is_written_are_acknowledged_at_once_and_a_read_waits_until_they_are_applied()
    {
        var events = LineageReplicaTests.CorpusEvents();
        await using var store = EmbeddedLineageStore.Open(_folder);
        using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_folder) with { CheckpointEveryEvents = 0 });
        var ingestor = await LineageIngestor.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        foreach (var raw in events.Take(events.Count / 2))
        {
            await ingestor.IngestAsync(raw);
        }

        var through = replica.AppliedThrough;
        using var release = new SemaphoreSlim(0);
        var checkpoint = await HoldCheckpointAsync(replica, release);

        // The graph is held where it stood; ingesting does not wait for it.
        var accepted = 0;
        foreach (var raw in events.Skip(events.Count / 2))
        {
            var result = await ingestor.IngestAsync(raw).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            accepted += result.Outcome == IngestOutcome.Accepted ? 1 : 0;
        }

        Assert.True(accepted > 10, $"{accepted} events accepted while the checkpoint was written");
        Assert.Equal(through, replica.AppliedThrough);
        var read = Task.Run(() => LineageReplicaTests.AnswersOf(replica.Graph));
        await Task.Delay(200);
        Assert.False(read.IsCompleted, "a read waits while acknowledged events are not applied");

        release.Release();
        Assert.True(await checkpoint);
        var answers = await read;
        Assert.Equal(store.Count, replica.AppliedThrough);
        Assert.Equal(through, Tributary.Graph.LineageGraph.PeekCheckpointThrough(Checkpoint));
        var replayed = await OpenAsync(_folder, checkpoint: false);
        Assert.Equal(replayed.Answers, answers);
        var fromCheckpoint = await OpenAsync(_folder);
        Assert.True(fromCheckpoint.Opening.UsedCheckpoint);
        Assert.Equal(replayed.Answers, fromCheckpoint.Answers);
    }

    [Fact]
    public async Task Events_from_many_producers_during_a_checkpoint_some_held_and_some_read_back_end_as_a_full_replay_does()
    {
        // Eight producers at once, so deliveries come out of sequence order; past 20 KB held, the rest are read back.
        var events = LineageReplicaTests.CorpusEvents();
        await using var store = EmbeddedLineageStore.Open(_folder);
        using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_folder) with { CheckpointEveryEvents = 0 });
        replica.HeldBytesLimit = 20_000;
        var ingestor = await LineageIngestor.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        foreach (var raw in events.Take(events.Count / 3))
        {
            await ingestor.IngestAsync(raw);
        }

        using var release = new SemaphoreSlim(0);
        var checkpoint = await HoldCheckpointAsync(replica, release);
        var rest = events.Skip(events.Count / 3).ToList();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            for (var i = p; i < rest.Count; i += 8)
            {
                await ingestor.IngestAsync(rest[i]).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            }
        })));

        release.Release();
        Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(30)));
        var answers = await Task.Run(() => LineageReplicaTests.AnswersOf(replica.Graph)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(store.Count, replica.AppliedThrough);
        Assert.Equal((await OpenAsync(_folder, checkpoint: false)).Answers, answers);
    }

    [Fact]
    public async Task Events_acknowledged_while_a_checkpoint_is_written_are_applied_from_memory_without_reading_the_store_back()
    {
        var events = LineageReplicaTests.CorpusEvents();
        var store = new FlakyStore();
        var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Directory.CreateDirectory(_folder);
        using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_folder) with { CheckpointEveryEvents = 0, OnWarning = warnings.Enqueue });
        using var release = new SemaphoreSlim(0);
        var checkpoint = await IngestAroundACheckpointAsync(replica, store, events, release);

        // Every event of the window was delivered while the graph was held still: none needs the store, which is away.
        store.Unreadable = true;
        release.Release();
        Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(30)));
        var answers = await Task.Run(() => LineageReplicaTests.AnswersOf(replica.Graph)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(warnings);
        Assert.Equal(store.Count, replica.AppliedThrough);
        store.Unreadable = false;
        using var replayed = await LineageReplica.OpenAsync(store, new LineageReplicaOptions());
        Assert.Equal(LineageReplicaTests.AnswersOf(replayed.Graph), answers);
    }

    [Fact]
    public async Task Events_acknowledged_while_the_checkpoint_file_goes_to_disk_are_applied_before_it_is_there()
    {
        var events = LineageReplicaTests.CorpusEvents();
        await using var store = new InMemoryLineageStore();
        var (options, replica, ingestor) = await FollowingAsync(store);
        using var following = replica;
        foreach (var raw in events.Take(events.Count / 2))
        {
            await ingestor.IngestAsync(raw);
        }

        // The graph is serialised, then held while its copy is written: the replica goes on meanwhile.
        using var writing = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        replica.OnWritingCheckpointFile = () =>
        {
            writing.Release();
            release.Wait();
        };
        var checkpoint = Task.Run(() => replica.TryWriteCheckpointAsync());
        Assert.True(await writing.WaitAsync(TimeSpan.FromSeconds(30)));
        var through = store.Count;
        foreach (var raw in events.Skip(events.Count / 2))
        {
            await ingestor.IngestAsync(raw).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var answers = await Task.Run(() => LineageReplicaTests.AnswersOf(replica.Graph)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(store.Count, replica.AppliedThrough);
        Assert.False(checkpoint.IsCompleted);
        Assert.False(File.Exists(options.CheckpointPath));

        release.Release();
        Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(through, Tributary.Graph.LineageGraph.PeekCheckpointThrough(options.CheckpointPath!));
        using var replayed = await LineageReplica.OpenAsync(store, new LineageReplicaOptions());
        Assert.Equal(LineageReplicaTests.AnswersOf(replayed.Graph), answers);
        using var reopened = await LineageReplica.OpenAsync(store, options);
        Assert.True(reopened.Opening.UsedCheckpoint);
        Assert.Equal(answers, LineageReplicaTests.AnswersOf(reopened.Graph));
    }

    [Fact]
    public async Task An_event_delivered_after_the_checkpoint_copy_returns_applied_with_every_event_held_before_it()
    {
        await using var store = new InMemoryLineageStore();
        var (_, replica, ingestor) = await FollowingAsync(store);
        using var following = replica;
        var events = StoreBenchmark.SyntheticEvents(3_002);
        await ingestor.IngestAsync(events[0]);

        // While the graph is serialised, 3,000 events are delivered: they are held, to be applied afterwards.
        using var serialised = new SemaphoreSlim(0);
        var checkpoint = await HoldCheckpointAsync(replica, serialised);
        var ndjson = string.Join('\n', events.Skip(1).Take(3_000).Select(System.Text.Encoding.UTF8.GetString));
        Assert.Equal(3_000, (await ingestor.IngestManyAsync(System.Text.Encoding.UTF8.GetBytes(ndjson))).Accepted);
        Assert.Equal(1, replica.AppliedThrough);

        // Once the copy is taken (its file about to be written, the held events being applied), the next delivery
        // waits until the held events are applied, then applies itself: the producer's pace is the graph's again,
        // instead of events being held faster than they are applied.
        using var copied = new SemaphoreSlim(0);
        replica.OnWritingCheckpointFile = () => copied.Release();
        serialised.Release();
        Assert.True(await copied.WaitAsync(TimeSpan.FromSeconds(30)));
        await ingestor.IngestAsync(events[^1]);
        Assert.Equal(store.Count, replica.AppliedThrough);
        Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Events_a_checkpoint_held_back_that_the_store_cannot_give_back_yet_are_applied_once_it_does_and_nothing_hangs_meanwhile()
    {
        var events = LineageReplicaTests.CorpusEvents();
        var store = new FlakyStore();
        var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Directory.CreateDirectory(_folder);
        using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_folder) with { CheckpointEveryEvents = 0, OnWarning = warnings.Enqueue });

        // Past a few kilobytes the deliveries of the window are not held but read back from the store afterwards.
        replica.HeldBytesLimit = 4_000;
        using var release = new SemaphoreSlim(0);
        var checkpoint = await IngestAroundACheckpointAsync(replica, store, events, release);

        store.Unreadable = true;
        release.Release();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (warnings.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.Contains(warnings, w => w.Contains("could not read back the events stored while the checkpoint was written", StringComparison.Ordinal));
        var stale = await Task.Run(() => LineageReplicaTests.AnswersOf(replica.Graph)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(replica.AppliedThrough < store.Count);
        Assert.True(await checkpoint.WaitAsync(TimeSpan.FromSeconds(30)), "the checkpoint itself was written");
        Assert.False(await replica.TryWriteCheckpointAsync(), "no checkpoint while the last one's events are not applied");

        store.Unreadable = false;
        waited.Restart();
        while (replica.AppliedThrough < store.Count && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        Assert.Equal(store.Count, replica.AppliedThrough);
        var all = new InMemoryLineageStore();
        var replay = await LineageIngestor.OpenAsync(all);
        foreach (var raw in events)
        {
            await replay.IngestAsync(raw);
        }

        using var replayed = await LineageReplica.OpenAsync(all);
        Assert.Equal(LineageReplicaTests.AnswersOf(replayed.Graph), LineageReplicaTests.AnswersOf(replica.Graph));
        Assert.NotEqual(stale, LineageReplicaTests.AnswersOf(replica.Graph));
    }

    // Follows the store, ingests half the events, starts a checkpoint held open until `release` is released, and
    // ingests the other half while it is; returns the checkpoint.
    private static async Task<Task<bool>> IngestAroundACheckpointAsync(LineageReplica replica, ILineageStore store, List<byte[]> events, SemaphoreSlim release)
    {
        var ingestor = await LineageIngestor.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        foreach (var raw in events.Take(events.Count / 2))
        {
            await ingestor.IngestAsync(raw);
        }

        var checkpoint = await HoldCheckpointAsync(replica, release);
        foreach (var raw in events.Skip(events.Count / 2))
        {
            await ingestor.IngestAsync(raw).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return checkpoint;
    }

    // Starts a checkpoint and returns once it is being written, held there until `release` is released.
    private static async Task<Task<bool>> HoldCheckpointAsync(LineageReplica replica, SemaphoreSlim release)
    {
        using var writing = new SemaphoreSlim(0);
        replica.OnWritingCheckpoint = () =>
        {
            writing.Release();
            release.Wait();
        };
        var checkpoint = Task.Run(() => replica.TryWriteCheckpointAsync());
        await writing.WaitAsync();
        return checkpoint;
    }

    [Fact]
    public async Task A_long_replay_is_read_back_from_the_checkpoint_it_wrote_and_answers_as_the_replay_did()
    {
        await FillAsync(_folder, LineageReplicaTests.CorpusEvents());
        var replayedOnly = await OpenAsync(_folder, checkpoint: false);

        await using var store = EmbeddedLineageStore.Open(_folder, new FileLineageStoreOptions { ReadOnly = true });
        var options = LineageReplicaOptions.ForStore(_folder) with { RelayoutAfterReplayOf = 1 };
        using var replica = await LineageReplica.OpenAsync(store, options);

        Assert.False(replica.Opening.UsedCheckpoint);
        Assert.True(replica.Opening.ReadBack);
        Assert.Equal(replayedOnly.Answers, LineageReplicaTests.AnswersOf(replica.Graph));
    }

    [Fact]
    public async Task A_short_replay_keeps_the_graph_it_grew()
    {
        await FillAsync(_folder, LineageReplicaTests.CorpusEvents());

        var (_, opening, _) = await OpenAsync(_folder);

        Assert.True(opening.Replayed < new LineageReplicaOptions().RelayoutAfterReplayOf);
        Assert.False(opening.ReadBack);
    }

    [Fact]
    public async Task A_short_tail_after_the_checkpoint_is_replayed_at_each_opening_and_checkpointed_once_it_grows()
    {
        // A tail is short under a fiftieth of what the checkpoint covers: 3 after 200 is, 5 is not.
        var events = StoreBenchmark.SyntheticEvents(205);
        await FillAsync(_folder, events.Take(200));
        Assert.False((await OpenAsync(_folder)).Opening.UsedCheckpoint);
        Assert.Equal(200, Tributary.Graph.LineageGraph.PeekCheckpointThrough(Checkpoint));

        await FillAsync(_folder, events.Skip(200).Take(3));
        var shortTail = await OpenAsync(_folder);
        var again = await OpenAsync(_folder);
        var checkpointAfterShortTail = Tributary.Graph.LineageGraph.PeekCheckpointThrough(Checkpoint);
        var replayedOnly = await OpenAsync(_folder, checkpoint: false);
        await FillAsync(_folder, events.Skip(203));
        var longTail = await OpenAsync(_folder);
        var afterLongTail = await OpenAsync(_folder);

        Assert.Equal(200, checkpointAfterShortTail);
        Assert.Equal((true, 200L, 3), (shortTail.Opening.UsedCheckpoint, shortTail.Opening.CheckpointThrough, shortTail.Opening.Replayed));
        Assert.Equal((true, 3), (again.Opening.UsedCheckpoint, again.Opening.Replayed));
        Assert.Equal(replayedOnly.Answers, shortTail.Answers);
        Assert.Equal((200L, 5), (longTail.Opening.CheckpointThrough, longTail.Opening.Replayed));
        Assert.Equal((205L, 0), (afterLongTail.Opening.CheckpointThrough, afterLongTail.Opening.Replayed));
        Assert.Empty(shortTail.Warnings.Concat(again.Warnings).Concat(longTail.Warnings));
    }

    [Fact]
    public async Task With_no_short_tail_every_tail_is_checkpointed_when_it_is_replayed()
    {
        var events = StoreBenchmark.SyntheticEvents(201);
        await FillAsync(_folder, events.Take(200));
        _ = await OpenAsync(_folder);
        await FillAsync(_folder, events.Skip(200));
        await using (var store = EmbeddedLineageStore.Open(_folder, new FileLineageStoreOptions { ReadOnly = true }))
        {
            using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_folder) with { ShortTail = 0 });
            Assert.Equal(1, replica.Opening.Replayed);
        }

        Assert.Equal(201, Tributary.Graph.LineageGraph.PeekCheckpointThrough(Checkpoint));
    }

    [Fact]
    public async Task A_valid_checkpoint_is_loaded_and_nothing_is_replayed()
    {
        var expected = await PreparedAsync();

        var (answers, opening, warnings) = await OpenAsync(_folder);

        Assert.True(opening.UsedCheckpoint);
        Assert.Equal(0, opening.Replayed);
        Assert.Empty(warnings);
        Assert.Equal(expected, answers);
    }

    [Fact]
    public async Task A_loaded_checkpoint_writes_itself_back_byte_for_byte_before_and_after_its_records_are_decoded()
    {
        await PreparedAsync();
        var graph = new Tributary.Graph.LineageGraph();
        var (through, mark) = graph.LoadCheckpointFile(Checkpoint);

        // Nothing decoded: every record is copied from the loaded bytes.
        using var copied = new MemoryStream();
        graph.WriteCheckpoint(copied, mark);

        // Every record decoded by answering: each one is encoded again.
        LineageReplicaTests.AnswersOf(graph);
        using var encoded = new MemoryStream();
        graph.WriteCheckpoint(encoded, mark);

        Assert.True(through > 0);
        Assert.Equal(0, graph.UndecodedRecords);
        Assert.Equal(File.ReadAllBytes(Checkpoint), copied.ToArray());
        Assert.Equal(File.ReadAllBytes(Checkpoint), encoded.ToArray());
    }

    [Fact]
    public async Task A_graph_loaded_from_a_checkpoint_file_keeps_its_answers_when_a_newer_checkpoint_is_renamed_over_the_file()
    {
        var expected = await PreparedAsync();
        using var graph = new Tributary.Graph.LineageGraph();
        var (_, mark) = graph.LoadCheckpointFile(Checkpoint);

        // Replaced the way checkpoints are written: a new file (here an empty graph's) renamed over it, before any of
        // the loaded graph's records is decoded. The graph reads the file as it was when loaded.
        var newer = Checkpoint + ".new";
        using (var empty = new Tributary.Graph.LineageGraph())
        using (var file = File.Create(newer))
        {
            empty.WriteCheckpoint(file, mark);
        }

        File.Move(newer, Checkpoint, overwrite: true);

        Assert.True(graph.UndecodedRecords > 0);
        Assert.Equal(expected, LineageReplicaTests.AnswersOf(graph));
        Assert.Equal(0, graph.UndecodedRecords);
    }

    [Fact]
    public async Task Readers_racing_to_decode_a_loaded_checkpoint_all_get_the_full_replays_answers()
    {
        var expected = await PreparedAsync();
        var graph = new Tributary.Graph.LineageGraph();
        graph.LoadCheckpointFile(Checkpoint);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => LineageReplicaTests.AnswersOf(graph))));

        Assert.All(answers, a => Assert.Equal(expected, a));
    }

    [Fact]
    public async Task A_preloaded_checkpoint_gives_the_same_answers_and_replays_nothing()
    {
        var expected = await PreparedAsync();

        var (answers, opening, warnings) = await OpenAsync(_folder, preload: CheckpointPreload.Start(Checkpoint));

        Assert.True(opening.UsedCheckpoint);
        Assert.Equal(0, opening.Replayed);
        Assert.Empty(warnings);
        Assert.Equal(expected, answers);
    }

    [Fact]
    public async Task A_preload_is_handed_to_one_replica_and_a_second_reads_the_file_itself()
    {
        var expected = await PreparedAsync();
        var preload = CheckpointPreload.Start(Checkpoint);

        var first = await OpenAsync(_folder, preload: preload);
        var second = await OpenAsync(_folder, preload: preload);

        Assert.True(first.Opening.UsedCheckpoint);
        Assert.True(second.Opening.UsedCheckpoint);
        Assert.Equal(expected, first.Answers);
        Assert.Equal(expected, second.Answers);
    }

    [Fact]
    public async Task A_preload_of_another_file_is_ignored_and_the_replica_reads_its_own()
    {
        var expected = await PreparedAsync();
        var elsewhere = Path.Combine(_folder, "elsewhere.checkpoint");
        File.WriteAllBytes(elsewhere, "not a checkpoint"u8.ToArray());

        var (answers, opening, warnings) = await OpenAsync(_folder, preload: CheckpointPreload.Start(elsewhere));

        Assert.True(opening.UsedCheckpoint);
        Assert.Empty(warnings);
        Assert.Equal(expected, answers);
    }

    [Fact]
    public async Task A_preload_vouches_for_its_checkpoint_only_to_the_store_in_the_checkpoints_folder()
    {
        await PreparedAsync();
        var preload = CheckpointPreload.Start(Checkpoint);
        await using var elsewhere = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(elsewhere);
        foreach (var raw in Enumerable.Reverse(LineageReplicaTests.CorpusEvents()))
        {
            await ingestor.IngestAsync(raw);
        }

        // Another store given the same checkpoint: the fingerprint the preload read in the folder's store must not
        // stand in for this store's, whose events differ.
        var warnings = new List<string>();
        using var replica = await LineageReplica.OpenAsync(elsewhere, LineageReplicaOptions.ForStore(_folder) with { OnWarning = warnings.Add, Preload = preload });

        Assert.False(replica.Opening.UsedCheckpoint);
        Assert.Contains(warnings, w => w.Contains("another store", StringComparison.Ordinal));
    }

    public static TheoryData<string, bool> Faults()
    {
        var faults = new TheoryData<string, bool>();
        foreach (var fault in new[] { "truncated", "bit-flipped", "older-format", "not-a-checkpoint", "empty" })
        {
            faults.Add(fault, false);
            faults.Add(fault, true);
        }

        return faults;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_damaged_checkpoint_is_reported_once_and_rebuilt_with_the_same_answers(string fault, bool preloaded)
    {
        var expected = await PreparedAsync();
        var bytes = await File.ReadAllBytesAsync(Checkpoint);
        switch (fault)
        {
            case "truncated":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "bit-flipped":
                bytes[bytes.Length * 2 / 3] ^= 0x10;
                break;
            case "older-format":
                bytes[8] = 0;
                break;
            case "not-a-checkpoint":
                bytes = "{\"hello\": 1}"u8.ToArray();
                break;
            case "empty":
                bytes = [];
                break;
        }

        await File.WriteAllBytesAsync(Checkpoint, bytes);

        var damaged = await OpenAsync(_folder, preload: preloaded ? CheckpointPreload.Start(Checkpoint) : null);
        Assert.False(damaged.Opening.UsedCheckpoint);
        Assert.Equal(expected, damaged.Answers);
        var warning = Assert.Single(damaged.Warnings);
        Assert.Contains("graph.checkpoint", warning, StringComparison.Ordinal);
        Assert.Contains("rebuilt from the events", warning, StringComparison.Ordinal);

        var next = await OpenAsync(_folder);
        Assert.True(next.Opening.UsedCheckpoint, "the rebuilt graph was checkpointed again");
        Assert.Empty(next.Warnings);
        Assert.Equal(expected, next.Answers);
    }

    [Fact]
    public async Task A_stale_checkpoint_is_used_and_only_the_newer_events_are_replayed()
    {
        var corpus = LineageReplicaTests.CorpusEvents();
        var half = corpus.Count / 2;
        await FillAsync(_folder, corpus.Take(half));
        await OpenAsync(_folder);
        await FillAsync(_folder, corpus.Skip(half));

        var (answers, opening, warnings) = await OpenAsync(_folder);

        Assert.True(opening.UsedCheckpoint);
        Assert.True(opening.Replayed > 0);
        Assert.Empty(warnings);
        Assert.Equal((await OpenAsync(_folder, checkpoint: false)).Answers, answers);
    }

    [Fact]
    public async Task A_checkpoint_deleted_between_two_opens_is_rebuilt()
    {
        var expected = await PreparedAsync();
        File.Delete(Checkpoint);

        var (answers, opening, _) = await OpenAsync(_folder);

        Assert.False(opening.UsedCheckpoint);
        Assert.Equal(expected, answers);
        Assert.True(File.Exists(Checkpoint));
    }

    [Fact]
    public async Task Another_stores_checkpoint_is_refused()
    {
        var expected = await PreparedAsync();
        var other = _folder + "-other";
        try
        {
            var corpus = LineageReplicaTests.CorpusEvents();
            await FillAsync(other, Enumerable.Reverse(corpus));
            var copied = Path.Combine(other, LineageReplicaOptions.CheckpointFileName);
            File.Copy(Checkpoint, copied);

            var (answers, opening, warnings) = await OpenAsync(other);
            File.Copy(Checkpoint, copied, overwrite: true);
            var preloaded = await OpenAsync(other, preload: CheckpointPreload.Start(copied));

            Assert.False(opening.UsedCheckpoint);
            Assert.Contains(warnings, w => w.Contains("another store", StringComparison.Ordinal));
            Assert.Equal((await OpenAsync(other, checkpoint: false)).Answers, answers);
            Assert.False(preloaded.Opening.UsedCheckpoint);
            Assert.Contains(preloaded.Warnings, w => w.Contains("another store", StringComparison.Ordinal));
            Assert.Equal(answers, preloaded.Answers);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task A_writer_killed_mid_write_leaves_the_previous_checkpoint_in_force()
    {
        var expected = await PreparedAsync();
        var before = await File.ReadAllBytesAsync(Checkpoint);

        // A write goes to a temporary file that is renamed over the checkpoint only once complete and fsynced; a
        // SIGKILL before the rename leaves this: the old checkpoint and a partial temporary file.
        var abandoned = Checkpoint + ".424242.tmp";
        await File.WriteAllBytesAsync(abandoned, before[..(before.Length / 3)]);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-2));

        var (answers, opening, warnings) = await OpenAsync(_folder);

        Assert.True(opening.UsedCheckpoint);
        Assert.Empty(warnings);
        Assert.Equal(expected, answers);
        Assert.False(File.Exists(abandoned), "an abandoned temporary file is removed");
    }

    [Fact]
    public async Task A_checkpoint_after_deliveries_in_order_takes_its_mark_from_the_last_event_delivered_without_reading_the_store()
    {
        // The mark is the digest of the last event the checkpoint covers. Delivered in order, that event's digest came
        // with it, so writing the checkpoint reads nothing back: it succeeds while the store cannot be read at all.
        var store = new FlakyStore();
        await using var _ = store;
        var (options, replica, ingestor) = await FollowingAsync(store);
        using (replica)
        {
            foreach (var raw in LineageReplicaTests.CorpusEvents())
            {
                await ingestor.IngestAsync(raw);
            }

            store.Unreadable = true;
            Assert.True(await replica.TryWriteCheckpointAsync());
            store.Unreadable = false;
        }

        var warnings = new List<string>();
        using var reopened = await LineageReplica.OpenAsync(store, options with { OnWarning = warnings.Add });
        Assert.True(reopened.Opening.UsedCheckpoint);
        Assert.Empty(warnings);
        Assert.Equal(store.Count, reopened.AppliedThrough);
    }
}
