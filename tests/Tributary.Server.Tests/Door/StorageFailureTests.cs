using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tributary.Server.Tests.Support;
using Tributary.Storage;

namespace Tributary.Server.Tests.Door;

/// <summary>A real full disk and a real read-only file system (small tmpfs mounts) under the embedded store.</summary>
public sealed class StorageFailureTests
{
    // Nothing else writes on its own while the test fills the disk.
    private static readonly Dictionary<string, string?> Quiet = new()
    {
        ["Tributary:CompactEveryEvents"] = "0",
        ["Tributary:CompactEveryMinutes"] = "0",
        ["Tributary:CheckpointEveryEvents"] = "0",
    };

    private static StringContent Big(string job) => Events.Content(Events.Run(job, ["a"], ["b"], sql: "SELECT " + new string('x', 64 << 10)));

    // Three events of 64 KB of SQL each: one group commit of about 200 KB, which the store writes past the page cache.
    private static StringContent BigBatch(string prefix) => Events.Content(new System.Text.Json.Nodes.JsonArray(
        [.. Enumerable.Range(0, 3).Select(i => Events.Run($"{prefix}_{i}", ["a"], ["b"], sql: new string('y', 64 << 10)))]));

    private static async Task<long> CountAsync(HttpClient http) => (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64();

    [Fact]
    public async Task A_full_disk_gets_507_with_retry_after_and_writes_succeed_again_once_space_returns_without_a_restart()
    {
        using var disk = new Tmpfs(4);
        var store = Path.Combine(disk.Path, "store");
        await using (var server = await LiveServer.StartAsync(store, Quiet))
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("before", ["a"], ["b"])))).StatusCode);
            var filler = disk.Fill();

            var full = await http.PostAsync("api/v1/lineage", Big("while_full"));
            var again = await http.PostAsync("api/v1/lineage/batch", BigBatch("batch_while_full"));

            Assert.Equal(HttpStatusCode.InsufficientStorage, full.StatusCode);
            Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(full.Headers.RetryAfter);
            var problem = await full.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("disk", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.InsufficientStorage, again.StatusCode);
            Assert.Equal(1, await CountAsync(http));

            File.Delete(filler);
            var retried = await http.PostAsync("api/v1/lineage", Big("while_full"));
            var batchRetried = await http.PostAsync("api/v1/lineage/batch", BigBatch("batch_while_full"));
            var next = await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("after", ["b"], ["c"])));

            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
            Assert.Equal(HttpStatusCode.OK, batchRetried.StatusCode);
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
            Assert.Equal(6, await CountAsync(http));
        }

        // Everything acknowledged is there, in order, and nothing else; the segment ends at its last record.
        await using var reopened = FileLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
        var jobs = reopened.Read().Select(e => JsonDocument.Parse(e.Raw).RootElement.GetProperty("job").GetProperty("name").GetString()).ToList();
        Assert.Equal(["before", "while_full", "batch_while_full_0", "batch_while_full_1", "batch_while_full_2", "after"], jobs);
        Assert.Null(reopened.Recovery);
    }

    [Fact]
    public async Task A_store_on_a_read_only_file_system_is_served_read_only_and_writes_get_503_saying_why()
    {
        using var disk = new Tmpfs(8);
        var store = Path.Combine(disk.Path, "store");
        await using (var writer = await LiveServer.StartAsync(store, Quiet))
        {
            using var http = new HttpClient { BaseAddress = writer.Address };
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("kept", ["a"], ["b"])))).StatusCode);
        }

        disk.Remount(readOnly: true);
        try
        {
            await using var server = await LiveServer.StartAsync(store, Quiet);
            using var http = new HttpClient { BaseAddress = server.Address };

            var posted = await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("refused", ["a"], ["b"])));

            Assert.Equal(1, await CountAsync(http));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/v1/namespaces/etl/jobs/kept")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
            var detail = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains("read-only", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("already open for writing", detail, StringComparison.Ordinal);
        }
        finally
        {
            disk.Remount(readOnly: false);
        }
    }
}
