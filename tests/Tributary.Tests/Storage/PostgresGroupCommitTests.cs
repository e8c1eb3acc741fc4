using Npgsql;
using Tributary.Server.Postgres;
using Tributary.Storage;

namespace Tributary.Tests.Storage;

/// <summary>
/// Group commit in the PostgreSQL store: appends made at once share transactions yet keep gapless sequences and
/// dedup, a failed commit acknowledges nothing, and another instance reads what was written.
/// </summary>
public sealed class PostgresGroupCommitTests
{
    private static Task<StoredEvent[]> AppendAllAsync(PostgresLineageStore store, IEnumerable<int> indexes) =>
        Task.WhenAll(indexes.Select(i =>
        {
            var raw = StoreEvents.Small(i);
            return store.AppendAsync(raw, StoreEvents.TimeOf(i), EventDigest.Compute(raw)).AsTask();
        }));

    [Fact]
    public async Task Concurrent_appends_get_gapless_sequences_and_a_follower_reads_them_in_order()
    {
        var connection = await Support.TestPostgres.CreateDatabaseAsync();
        await using var store = await PostgresLineageStore.OpenAsync(connection);

        var stored = await AppendAllAsync(store, Enumerable.Range(0, 600));

        // Appends are sequenced in the order they were made, across several groups (600 > one group).
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), stored.Select(s => s.Sequence));
        await using var follower = await PostgresLineageStore.OpenAsync(connection);
        Assert.Equal(600, follower.Count);
        var read = await follower.ReadAsync().ToListAsync();
        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), read.Select(s => s.Sequence));
        Assert.Equal(StoreEvents.Small(599), read[^1].Raw.ToArray());
    }

    [Fact]
    public async Task Duplicates_inside_one_group_and_across_groups_are_stored_once()
    {
        await using var store = await PostgresLineageStore.OpenAsync(await Support.TestPostgres.CreateDatabaseAsync());

        // Each event twice in one burst: the copies land in the same group as their first.
        var first = await AppendAllAsync(store, Enumerable.Range(0, 50).SelectMany(i => new[] { i, i }));
        var again = await AppendAllAsync(store, Enumerable.Range(0, 50));

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(first[2 * i].Sequence, first[(2 * i) + 1].Sequence);
            Assert.Equal(first[2 * i].Sequence, again[i].Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), first.Where((_, i) => i % 2 == 0).Select(s => s.Sequence));
        Assert.Equal(50, await store.ReadAsync().CountAsync());
    }

    [Fact]
    public async Task A_copy_queued_in_a_later_group_while_its_first_commits_answers_with_the_first_sequence()
    {
        await using var store = await PostgresLineageStore.OpenAsync(await Support.TestPostgres.CreateDatabaseAsync());

        // 1,200 appends at once span several groups (the writer takes what has arrived, up to its group size), two in
        // flight at a time; the second 600 are copies of the first 600, so many copies wait in a group after their
        // first's, asking for the lock while that one commits. A group that finds such a copy committed under it is
        // written again after the next group, so the sequences are gapless but not always in queue order.
        var stored = await AppendAllAsync(store, Enumerable.Range(0, 1200).Select(i => i % 600));

        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), stored.Take(600).Select(s => s.Sequence).Order());
        Assert.Equal(stored.Take(600).Select(s => s.Sequence), stored.Skip(600).Select(s => s.Sequence));
        Assert.Equal(600, await store.ReadAsync().CountAsync());
    }

    [Fact]
    public async Task A_failed_commit_acknowledges_nothing_and_its_events_can_be_retried()
    {
        var connection = await Support.TestPostgres.CreateDatabaseAsync();
        await using var store = await PostgresLineageStore.OpenAsync(connection);
        await using var admin = NpgsqlDataSource.Create(connection);

        // A deferred constraint trigger fails the transaction at COMMIT, after every insert of the group succeeded.
        await using (var setup = admin.CreateCommand(
            """
            CREATE TABLE fail_commit (on_ boolean);
            INSERT INTO fail_commit VALUES (true);
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN IF EXISTS (SELECT 1 FROM fail_commit) THEN RAISE EXCEPTION 'commit refused'; END IF; RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON lineage_events DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION refuse();
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        var failing = AppendAllAsync(store, Enumerable.Range(0, 100));
        await Assert.ThrowsAsync<PostgresException>(() => failing);
        Assert.Equal(0, await store.ReadAsync().CountAsync());
        Assert.Equal(0, await store.RefreshCountAsync());

        await using (var heal = admin.CreateCommand("DELETE FROM fail_commit"))
        {
            await heal.ExecuteNonQueryAsync();
        }

        var retried = await AppendAllAsync(store, Enumerable.Range(0, 100));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), retried.Select(s => s.Sequence));
        Assert.Equal(100, await store.ReadAsync().CountAsync());
    }

    [Fact]
    public async Task One_transaction_per_event_still_stores_and_dedups_for_the_bench()
    {
        await using var store = await PostgresLineageStore.OpenAsync(await Support.TestPostgres.CreateDatabaseAsync());
        store.OneTransactionPerEvent = true;

        var stored = await AppendAllAsync(store, [0, 1, 0]);

        // The three appends race, each in its own transaction, so either event may commit first: what holds is that the
        // two copies share one sequence and the other event has the other one.
        Assert.Equal(stored[0].Sequence, stored[2].Sequence);
        Assert.Equal([1L, 2L], new[] { stored[0].Sequence, stored[1].Sequence }.Order());
        Assert.Equal(2, await store.ReadAsync().CountAsync());
    }

    [Fact]
    public async Task One_transaction_per_event_keeps_an_events_bytes_exactly_as_group_commit_does()
    {
        var raw = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(StoreEvents.Small(1)).Replace("job-1", "jöb — 数据 😀", StringComparison.Ordinal).Replace(",", " ,\n ", StringComparison.Ordinal));
        foreach (var perEvent in new[] { false, true })
        {
            await using var store = await PostgresLineageStore.OpenAsync(await Support.TestPostgres.CreateDatabaseAsync());
            store.OneTransactionPerEvent = perEvent;

            var stored = await store.AppendAsync(raw, StoreEvents.TimeOf(1), EventDigest.Compute(raw));

            Assert.Equal(raw, stored.Raw.ToArray());
            Assert.Equal(raw, (await store.ReadAsync().SingleAsync()).Raw.ToArray());
        }
    }

    [Fact]
    public async Task An_append_whose_bytes_are_not_UTF8_is_refused_alone_and_the_appends_made_with_it_are_stored()
    {
        await using var store = await PostgresLineageStore.OpenAsync(await Support.TestPostgres.CreateDatabaseAsync());
        var bad = StoreEvents.Small(100);
        bad[bad.Length - 10] = 0xFF;

        var good = AppendAllAsync(store, Enumerable.Range(0, 50));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync(bad, StoreEvents.TimeOf(100), EventDigest.Compute(bad)).AsTask());

        Assert.Contains($"not UTF-8 text (from byte {bad.Length - 10} on); nothing was stored", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), (await good).Select(s => s.Sequence));
        Assert.Equal(50, await store.ReadAsync().CountAsync());
    }

    [Fact]
    public async Task A_runs_state_is_its_last_events_type_in_capitals_in_a_group_commit_as_in_one_transaction_per_event()
    {
        // Run 1 starts, then completes; run 2 only reports that it is running; run 3 fails.
        byte[] As(int n, string type) => System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(StoreEvents.Small(n)).Replace("\"COMPLETE\"", $"\"{type}\"", StringComparison.Ordinal));
        byte[][] events = [As(1, "START"), StoreEvents.Small(1), As(2, "RUNNING"), As(3, "FAIL")];
        foreach (var perEvent in new[] { false, true })
        {
            var connection = await Support.TestPostgres.CreateDatabaseAsync();
            await using var store = await PostgresLineageStore.OpenAsync(connection);
            store.OneTransactionPerEvent = perEvent;
            foreach (var raw in events)
            {
                await store.AppendAsync(raw, StoreEvents.TimeOf(1), EventDigest.Compute(raw));
            }

            await using var source = NpgsqlDataSource.Create(connection);
            await using var states = source.CreateCommand("SELECT string_agg(job_name || '=' || state, ',' ORDER BY job_name) FROM runs");
            Assert.Equal("job-1=COMPLETE,job-2=RUNNING,job-3=FAIL", await states.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task A_tag_definition_is_no_dataset_row_in_a_group_commit_as_in_one_transaction_per_event()
    {
        // Both ways of writing: a tag's definition names a reserved dataset that is not one, so neither leaves a row for
        // it, while an ordinary event's datasets are rows either way.
        foreach (var perEvent in new[] { false, true })
        {
            var connection = await Support.TestPostgres.CreateDatabaseAsync();
            await using var store = await PostgresLineageStore.OpenAsync(connection);
            store.OneTransactionPerEvent = perEvent;
            var definition = Tributary.Model.Facets.TagDefinitionFacet.Event("pii", "personal data", "https://example.com/test", StoreEvents.TimeOf(0));
            var raw = Tributary.Json.LineageJson.SerializeToUtf8Bytes(definition);
            await Task.WhenAll(
                store.AppendAsync(raw, definition, EventDigest.Compute(raw)).AsTask(),
                AppendAllAsync(store, Enumerable.Range(1, 3)));

            await using var source = NpgsqlDataSource.Create(connection);
            await using var names = source.CreateCommand("SELECT string_agg(namespace || ':' || name, ',' ORDER BY namespace, name) FROM datasets");
            Assert.Equal("postgres://db:5432:public.orders", await names.ExecuteScalarAsync());
            Assert.Equal(4, await store.ReadAsync().CountAsync());
        }
    }
}
