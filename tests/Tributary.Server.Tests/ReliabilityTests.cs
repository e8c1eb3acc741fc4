using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tributary.Server.Load;
using Tributary.Server.Tests.Support;
using Xunit.Abstractions;

namespace Tributary.Server.Tests;

/// <summary>
/// Load over loopback and crashes of a real server process. The full 30-second load runs through
/// <c>tributary bench server</c>; here each mode runs a few seconds, and what matters is that the store ends up holding
/// exactly what was acknowledged.
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
}
