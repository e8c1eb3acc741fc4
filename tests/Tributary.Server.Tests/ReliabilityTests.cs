using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tributary.Server.Load;
using Tributary.Server.Tests.Support;
using Tributary.Tests.Support;
using Xunit.Abstractions;

namespace Tributary.Server.Tests;

/// <summary>
/// Load over loopback and crashes of a real server process. The full 30-second load runs through
/// <c>tributary bench server</c>; here each mode runs a few seconds, and what matters is that the store ends up holding
/// exactly what was acknowledged. The tests share one class so two loads never run at once.
/// </summary>
public sealed class ReliabilityTests(ITestOutputHelper output)
{
    private static readonly Lazy<EventTemplates> Templates = new(() => EventTemplates.FromFiles(EventTemplates.ConcreteCorpusFiles(TestData.Root)));

    [Fact]
    public async Task Thirty_two_clients_posting_real_events_leave_exactly_the_acknowledged_events_in_the_store()
    {
        using var store = new TempDirectory();
        var acknowledged = new List<Guid>();
        var report = new List<string>();
        await using (var server = await LiveServer.StartAsync(store.Path))
        {
            foreach (var batch in new[] { 1, 100 })
            {
                var result = await LoadTest.RunAsync(server.Address, Templates.Value, new LoadTestOptions { Clients = 32, Duration = TimeSpan.FromSeconds(4), BatchSize = batch });
                Assert.Equal(0, result.Failures);
                Assert.True(result.Acknowledged.Count > 0);
                acknowledged.AddRange(result.Acknowledged);
                report.Add(result.ToString());
                output.WriteLine(result.ToString());
            }
        }

        var stored = await StoreCheck.RunIdsAsync(store.Path);
        Assert.Equal(acknowledged.Count, stored.Count);
        Assert.True(stored.SetEquals(acknowledged));
        await File.WriteAllLinesAsync(Path.Combine(TestData.Artifacts("measurements"), "server-load.txt"), report);
    }

    [Fact]
    public async Task Killing_the_server_process_during_load_loses_no_acknowledged_event()
    {
        using var store = new TempDirectory();
        var port = LiveServer.FreePort();
        LoadTestResult result;
        using (var server = await ServerProcess.StartAsync(store.Path, port))
        {
            var load = LoadTest.RunAsync(server.Address, Templates.Value, new LoadTestOptions
            {
                Clients = 32, Duration = TimeSpan.FromSeconds(30), BatchSize = 10, StopOnConnectionFailure = true,
            });

            // Kill once a good number of events are in, while clients are mid-request.
            using var http = new HttpClient { BaseAddress = server.Address };
            var deadline = Stopwatch.StartNew();
            while (await StoredAsync(http) < 2_000 && deadline.Elapsed < TimeSpan.FromSeconds(25))
            {
                await Task.Delay(50);
            }

            server.Kill();
            result = await load;
        }

        output.WriteLine(result.ToString());
        Assert.True(result.Acknowledged.Count >= 1_000, $"only {result.Acknowledged.Count} events were acknowledged before the kill");

        using (var restarted = await ServerProcess.StartAsync(store.Path, port))
        {
            using var http = new HttpClient { BaseAddress = restarted.Address };
            Assert.True(await StoredAsync(http) >= result.Acknowledged.Count);
            foreach (var id in result.Acknowledged.Take(50))
            {
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"api/v1/jobs/runs/{id}")).StatusCode);
            }

            // A graceful stop (SIGTERM) after the restart exits cleanly.
            Assert.Equal(0, await restarted.TerminateAsync());
        }

        var stored = await StoreCheck.RunIdsAsync(store.Path);
        var missing = result.Acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events are missing after the kill, e.g. {string.Join(", ", missing.Take(5))}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after kill and restart: {stored.Count} stored, {result.Acknowledged.Count} acknowledged, 0 missing"));
    }

    [Fact]
    public async Task A_graceful_stop_keeps_every_acknowledged_event_and_the_store_reopens_cleanly()
    {
        using var store = new TempDirectory();
        LoadTestResult result;
        using (var server = await ServerProcess.StartAsync(store.Path))
        {
            result = await LoadTest.RunAsync(server.Address, Templates.Value, new LoadTestOptions { Clients = 8, Duration = TimeSpan.FromSeconds(2), BatchSize = 5 });
            Assert.Equal(0, await server.TerminateAsync());
            Assert.Contains("Lineage store closed", server.Output, StringComparison.Ordinal);
        }

        var stored = await StoreCheck.RunIdsAsync(store.Path);
        Assert.True(stored.SetEquals(result.Acknowledged));
    }

    private static async Task<long> StoredAsync(HttpClient http)
    {
        try
        {
            return (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64();
        }
        catch (HttpRequestException)
        {
            return long.MaxValue;
        }
    }

    [Fact]
    public async Task Killing_a_server_on_PostgreSQL_while_32_clients_post_loses_no_acknowledged_event_and_stores_each_once()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        using var store = new TempDirectory();
        var port = LiveServer.FreePort();
        LoadTestResult result;
        using (var server = await ServerProcess.StartAsync(store.Path, port, "--postgres", database))
        {
            var load = LoadTest.RunAsync(server.Address, Templates.Value, new LoadTestOptions
            {
                Clients = 32, Duration = TimeSpan.FromSeconds(30), BatchSize = 10, StopOnConnectionFailure = true,
            });

            // Kill once a good number of events are in, while clients are mid-request and groups are being committed.
            var deadline = Stopwatch.StartNew();
            while (await PostgresServerTests.StoredEventsAsync(database) < 2_000 && deadline.Elapsed < TimeSpan.FromSeconds(25))
            {
                await Task.Delay(50);
            }

            server.Kill();
            result = await load;
        }

        Assert.True(result.Acknowledged.Count >= 500, $"only {result.Acknowledged.Count} events were acknowledged before the kill");
        using (var restarted = await ServerProcess.StartAsync(store.Path, port, "--postgres", database))
        {
            using var http = new HttpClient { BaseAddress = restarted.Address };
            var events = (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64();
            Assert.True(events >= result.Acknowledged.Count, $"the restarted server holds {events} events, fewer than the {result.Acknowledged.Count} acknowledged");
            Assert.Equal(0, await restarted.TerminateAsync());
        }

        // Each acknowledged run once, and the sequence gapless (what followers rely on).
        await using var source = NpgsqlDataSource.Create(database);
        var copies = new Dictionary<Guid, long>();
        await using (var command = source.CreateCommand("SELECT (event->'run'->>'runId')::uuid, count(*) FROM lineage_events GROUP BY 1"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                copies[reader.GetGuid(0)] = reader.GetInt64(1);
            }
        }

        var missing = result.Acknowledged.Where(id => !copies.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged events are missing after the kill, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(result.Acknowledged, id => Assert.Equal(1, copies[id]));
        await using (var gapless = source.CreateCommand("SELECT count(*) = coalesce(max(seq), 0) FROM lineage_events"))
        {
            Assert.True((bool)(await gapless.ExecuteScalarAsync())!);
        }
    }
}
