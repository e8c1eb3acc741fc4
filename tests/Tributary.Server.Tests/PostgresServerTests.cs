using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tributary.Server.Hosting;
using Tributary.Server.Tests.Support;
using Tributary.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>The server on PostgreSQL (<c>Tributary:Postgres</c>): one server, several on one database, and the database going away.</summary>
public sealed class PostgresServerTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private static ServerFactory OnPostgres(string connectionString, string key = "Tributary:Postgres") =>
        new(new Dictionary<string, string?> { [key] = connectionString, ["Tributary:FollowIntervalMilliseconds"] = "200" });

    /// <summary>How many events the database holds.</summary>
    internal static async Task<long> StoredEventsAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("SELECT count(*) FROM lineage_events");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Polls (no fixed sleep) until the path answers 200, or fails after the bound.
    private static async Task<TimeSpan> UntilFoundAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < Within, $"{path} still answers {(int)response.StatusCode} after {clock.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task A_server_on_PostgreSQL_stores_a_posted_event_in_the_database_and_shows_it_in_the_lineage_API()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var server = OnPostgres(database);
        using var client = server.CreateClient();

        var posted = await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("load_orders", ["raw_orders"], ["orders"])));
        var dataset = await client.GetAsync("/api/v1/namespaces/warehouse/datasets/orders");
        var lineage = await client.GetFromJsonAsync<JsonElement>("/api/v1/lineage?nodeId=dataset:warehouse:orders&depth=5");

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dataset.StatusCode);
        Assert.Contains(lineage.GetProperty("graph").EnumerateArray(), n => n.GetProperty("id").GetString() == "job:etl:load_orders");
        Assert.Equal(1, await StoredEventsAsync(database));
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.StorePath));
    }

    [Fact]
    public async Task A_server_started_with_ConnectionStrings_Tributary_rebuilds_its_graph_from_what_PostgreSQL_holds()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using (var first = OnPostgres(database, "ConnectionStrings:Tributary"))
        {
            using var client = first.CreateClient();
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("load_orders", ["raw_orders"], ["orders"])))).StatusCode);
        }

        await using var second = OnPostgres(database, "ConnectionStrings:Tributary");
        using var reader = second.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/namespaces/warehouse/datasets/orders")).StatusCode);
    }

    [Fact]
    public async Task Two_servers_on_one_database_see_each_others_writes_within_a_second_without_applying_their_own_twice()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var a = OnPostgres(database);
        await using var b = OnPostgres(database);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        Assert.Equal(HttpStatusCode.Created, (await clientA.PostAsync("/api/v1/lineage", Events.Content(Events.Run("load_orders", ["raw_orders"], ["orders"])))).StatusCode);
        var seenByB = await UntilFoundAsync(clientB, "/api/v1/namespaces/warehouse/datasets/orders");
        Assert.Equal(HttpStatusCode.Created, (await clientB.PostAsync("/api/v1/lineage", Events.Content(Events.Run("daily_revenue", ["orders"], ["revenue"])))).StatusCode);
        var seenByA = await UntilFoundAsync(clientA, "/api/v1/namespaces/warehouse/datasets/revenue");

        Assert.True(seenByB < TimeSpan.FromSeconds(1), $"B saw A's write after {seenByB.TotalMilliseconds:0} ms");
        Assert.True(seenByA < TimeSpan.FromSeconds(1), $"A saw B's write after {seenByA.TotalMilliseconds:0} ms");
        foreach (var server in new[] { a, b })
        {
            var lineage = server.Services.GetRequiredService<LineageService>();
            Assert.Equal(2, lineage.AppliedThrough);
            Assert.Equal(2, lineage.Graph.RunCount);
            var upstream = await (server == a ? clientA : clientB).GetFromJsonAsync<JsonElement>("/api/v1/lineage?nodeId=dataset:warehouse:revenue&depth=5");
            Assert.Contains(upstream.GetProperty("graph").EnumerateArray(), n => n.GetProperty("id").GetString() == "dataset:warehouse:raw_orders");
        }

        Assert.Equal(2, await StoredEventsAsync(database));
    }

    [Fact]
    public async Task An_event_resent_to_another_server_on_the_same_database_is_stored_and_applied_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await using var a = OnPostgres(database);
        await using var b = OnPostgres(database);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();
        var e = Events.Run("load_orders", ["raw_orders"], ["orders"]);

        var first = await clientA.PostAsync("/api/v1/lineage", Events.Content(e));
        await UntilFoundAsync(clientB, "/api/v1/namespaces/warehouse/datasets/orders");
        var resent = await clientB.PostAsync("/api/v1/lineage", Events.Content(e));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(resent.IsSuccessStatusCode, $"the resend answered {(int)resent.StatusCode}");
        Assert.Equal(1, (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sequence").GetInt64());
        Assert.Equal(1, await StoredEventsAsync(database));
        Assert.Equal(1, b.Services.GetRequiredService<LineageService>().Graph.RunCount);
        Assert.Equal(1, b.Services.GetRequiredService<LineageService>().AppliedThrough);
    }

    [Fact]
    public async Task When_PostgreSQL_goes_away_posts_get_503_problems_and_the_producers_retry_succeeds_once_it_is_back_with_nothing_acknowledged_lost()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var direct = new NpgsqlConnectionStringBuilder(database);
        await using var gate = new TcpGate(direct.Host!, direct.Port);
        var gated = new NpgsqlConnectionStringBuilder(database) { Port = gate.Port, Timeout = 3 }.ConnectionString;
        await using var server = OnPostgres(gated);
        using var client = server.CreateClient();
        var before = await client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("load_orders", ["raw_orders"], ["orders"])));

        await gate.CloseAsync();
        var during = Events.Run("daily_revenue", ["orders"], ["revenue"]);
        var refused = await client.PostAsync("/api/v1/lineage", Events.Content(during));
        var refusedAgain = await client.PostAsync("/api/v1/lineage", Events.Content(during));
        gate.Open();
        var retries = new List<HttpStatusCode>();
        var clock = Stopwatch.StartNew();
        HttpResponseMessage retried;
        while ((retried = await client.PostAsync("/api/v1/lineage", Events.Content(during))).StatusCode == HttpStatusCode.ServiceUnavailable && clock.Elapsed < Within)
        {
            retries.Add(retried.StatusCode);
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        foreach (var failed in new[] { refused, refusedAgain })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
            Assert.Equal(503, (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
            Assert.NotNull(failed.Headers.RetryAfter);
        }

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.All(retries, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/namespaces/warehouse/datasets/revenue")).StatusCode);
        Assert.Equal(2, await StoredEventsAsync(database));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/v1/lineage", Events.Content(during))).StatusCode);
    }
}
