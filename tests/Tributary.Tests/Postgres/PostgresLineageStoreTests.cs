using Npgsql;
using Tributary.Server.Postgres;
using Tributary.Storage;
using Tributary.Tests.Storage;
using Tributary.Tests.Support;

namespace Tributary.Tests.Postgres;

/// <summary>The PostgreSQL store beyond the shared contract: several instances on one database, dedup, projections, migrations.</summary>
public sealed class PostgresLineageStoreTests
{
    [Fact]
    public async Task Two_instances_on_one_database_share_one_sequence_and_see_each_others_events()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var first = await PostgresLineageStore.OpenAsync(connection);
        await using var second = await PostgresLineageStore.OpenAsync(connection);

        await Task.WhenAll(StoreEvents.AppendSmallAsync(first, 20), StoreEvents.AppendSmallAsync(second, 20, first: 20));
        var seen = await second.ReadAsync(1).ToListAsync();

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(40, await first.RefreshCountAsync());
    }

    [Fact]
    public async Task Two_instances_appending_the_same_events_at_once_store_each_once_and_answer_with_the_same_sequences()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var first = await PostgresLineageStore.OpenAsync(connection);
        await using var second = await PostgresLineageStore.OpenAsync(connection);

        // Each instance queues all of them at once (so they form groups), in opposite orders: some of each group is
        // stored by the other instance between its look for copies and its lock, whichever way the race goes.
        Task<StoredEvent[]> AppendAllAsync(PostgresLineageStore store, IEnumerable<int> order) =>
            Task.WhenAll(order.Select(i => store.AppendAsync(StoreEvents.Small(i), StoreEvents.TimeOf(i), EventDigest.Compute(StoreEvents.Small(i))).AsTask()));
        var answers = await Task.WhenAll(AppendAllAsync(first, Enumerable.Range(0, 300)), AppendAllAsync(second, Enumerable.Range(0, 300).Reverse()));
        var stored = await first.ReadAsync(1).ToListAsync();

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal(300, stored.Select(e => e.Digest).Distinct().Count());
        Assert.Equal(answers[0].Select(e => e.Sequence), answers[1].Reverse().Select(e => e.Sequence));
        await using var source = NpgsqlDataSource.Create(connection);
        await using var counts = source.CreateCommand("SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM runs), (SELECT count(*) FROM edges)");
        await using var reader = await counts.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((300L, 300L, 300L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    [Fact]
    public async Task An_event_stored_twice_keeps_the_first_sequence_and_the_projections_are_filled()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await PostgresLineageStore.OpenAsync(connection);
        await StoreEvents.AppendSmallAsync(store, 3);

        var again = await store.AppendAsync(StoreEvents.Small(1), StoreEvents.TimeOf(1), EventDigest.Compute(StoreEvents.Small(1)));

        Assert.Equal(2, again.Sequence);
        Assert.Equal(3, await store.ReadAsync().CountAsync());
        await using var source = NpgsqlDataSource.Create(connection);
        await using var counts = source.CreateCommand("SELECT (SELECT count(*) FROM jobs), (SELECT count(*) FROM datasets), (SELECT count(*) FROM runs), (SELECT count(*) FROM edges WHERE direction = 'in'), (SELECT max(version) FROM schema_version)");
        await using var reader = await counts.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((3L, 1L, 3L, 3L, PostgresMigrations.All[^1].Version), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4)));
    }

    [Fact]
    public async Task A_projection_row_an_event_would_not_change_is_left_alone_and_its_times_only_widen()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var store = await PostgresLineageStore.OpenAsync(connection);
        await using var source = NpgsqlDataSource.Create(connection);

        // Every small event reads public.orders; the row's version (xmin) changes only when its first or last seen does.
        async Task<(DateTime First, DateTime Last, string Version)> OrdersAsync()
        {
            await using var query = source.CreateCommand("SELECT first_seen, last_seen, xmin::text FROM datasets WHERE name = 'public.orders'");
            await using var reader = await query.ExecuteReaderAsync();
            await reader.ReadAsync();
            return (reader.GetDateTime(0), reader.GetDateTime(1), reader.GetString(2));
        }

        await StoreEvents.AppendSmallAsync(store, 1, first: 10);
        await StoreEvents.AppendSmallAsync(store, 1, first: 5);
        var widened = await OrdersAsync();
        await StoreEvents.AppendSmallAsync(store, 1, first: 7);
        var inside = await OrdersAsync();
        await StoreEvents.AppendSmallAsync(store, 1, first: 20);
        var later = await OrdersAsync();

        Assert.Equal((StoreEvents.TimeOf(5).UtcDateTime, StoreEvents.TimeOf(10).UtcDateTime), (widened.First, widened.Last));
        Assert.Equal(widened, inside);
        Assert.Equal((StoreEvents.TimeOf(5).UtcDateTime, StoreEvents.TimeOf(20).UtcDateTime), (later.First, later.Last));
        Assert.NotEqual(inside.Version, later.Version);
    }

    [Fact]
    public async Task A_database_of_the_first_schema_with_events_in_it_is_migrated_and_keeps_its_events_and_projections()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(connection);

        // The database as the first schema left it (what PostgresMigrations.RunAsync recorded), with an event stored.
        await using (var schema = source.CreateCommand(PostgresMigrations.All[0].Sql + $"""
            ;
            CREATE TABLE schema_version (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            INSERT INTO schema_version (version, name) VALUES (1, '{PostgresMigrations.All[0].Name}');
            INSERT INTO datasets VALUES ('postgres://db:5432', 'public.orders', '{StoreEvents.TimeOf(1):O}', '{StoreEvents.TimeOf(1):O}');
            """))
        {
            await schema.ExecuteNonQueryAsync();
        }

        await using (var stored = source.CreateCommand(
            "INSERT INTO lineage_events (seq, event_time, ingest_time, digest, raw, event) VALUES (1, $1, now(), $2, $3, $3::jsonb)"))
        {
            var digest = new byte[EventDigest.Size];
            EventDigest.Compute(StoreEvents.Small(1)).WriteTo(digest);
            stored.Parameters.Add(new NpgsqlParameter { Value = StoreEvents.TimeOf(1).UtcDateTime });
            stored.Parameters.Add(new NpgsqlParameter { Value = digest });
            stored.Parameters.Add(new NpgsqlParameter { Value = System.Text.Encoding.UTF8.GetString(StoreEvents.Small(1)) });
            await stored.ExecuteNonQueryAsync();
        }

        await using var store = await PostgresLineageStore.OpenAsync(connection);
        var again = await store.AppendAsync(StoreEvents.Small(1), StoreEvents.TimeOf(1), EventDigest.Compute(StoreEvents.Small(1)));
        await StoreEvents.AppendSmallAsync(store, 2, first: 2);

        Assert.Equal((1L, 3L), (again.Sequence, store.Count));
        await using var check = source.CreateCommand(
            """
            SELECT (SELECT max(version) FROM schema_version),
                   (SELECT count(*) FROM pg_class WHERE relname IN ('datasets', 'jobs', 'runs', 'edges') AND 'fillfactor=70' = ANY(reloptions)),
                   (SELECT first_seen FROM datasets WHERE name = 'public.orders'), (SELECT last_seen FROM datasets WHERE name = 'public.orders')
            """);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(
            (PostgresMigrations.All[^1].Version, 4L, StoreEvents.TimeOf(1).UtcDateTime, StoreEvents.TimeOf(3).UtcDateTime),
            (reader.GetInt32(0), reader.GetInt64(1), reader.GetDateTime(2), reader.GetDateTime(3)));
    }

    [Fact]
    public async Task Migrations_run_once_however_many_instances_start()
    {
        var connection = await TestPostgres.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(connection);

        var ran = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresMigrations.RunAsync(source)));

        Assert.Equal(PostgresMigrations.All.Count, ran.Sum());
    }
}
