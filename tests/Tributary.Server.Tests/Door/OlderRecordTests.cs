using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Server.Hosting;
using Tributary.Server.Tests.Support;
using Tributary.Storage;

namespace Tributary.Server.Tests.Door;

/// <summary>
/// Events an older version stored without today's door (a byte order mark, comments, trailing commas, invalid UTF-8,
/// lone surrogate escapes) are written straight into the log, and every read endpoint must still answer: live, after
/// a restart and after compaction into the lake.
/// </summary>
public sealed class OlderRecordTests : IDisposable
{
    private static readonly Guid CommentedRun = Guid.Parse("3f1c9d3e-1111-4a5b-8c7d-000000000001");
    private static readonly Guid BomRun = Guid.Parse("3f1c9d3e-1111-4a5b-8c7d-000000000002");
    private static readonly Guid OddTextRun = Guid.Parse("3f1c9d3e-1111-4a5b-8c7d-000000000003");
    private static readonly Guid FutureRun = Guid.Parse("3f1c9d3e-1111-4a5b-8c7d-000000000004");

    private readonly TempDirectory _store = new();

    public void Dispose() => _store.Dispose();

    private static string Event(string job, Guid run, string time = "2025-03-01T10:00:00Z", string facet = "{\"_producer\":\"p\",\"note\":\"n\"}") =>
        $$$"""
        {"eventType":"COMPLETE","eventTime":"{{{time}}}","producer":"https://example.com/old","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run":{"runId":"{{{run}}}","facets":{"custom":{{{facet}}}}},
         "job":{"namespace":"old","name":"{{{job}}}","facets":{}},
         "inputs":[{"namespace":"old","name":"source_of_{{{job}}}"}],"outputs":[{"namespace":"old","name":"target_of_{{{job}}}"}]}
        """;

    private static IEnumerable<byte[]> OlderRecords()
    {
        yield return Encoding.UTF8.GetBytes(Event("commented", CommentedRun).Replace("\"producer\"", "/* who sent it */ \"producer\"", StringComparison.Ordinal)
            .Replace("\"job\":", "// the job\n\"job\":", StringComparison.Ordinal));
        yield return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Event("with_bom", BomRun))];
        var odd = Encoding.UTF8.GetBytes(Event("odd_text", OddTextRun, facet: "{\"_producer\":\"p\",\"bad\":\"xYZ\",\"half\":\"\\ud800\",}"));
        var at = odd.AsSpan().IndexOf("xYZ"u8);
        odd[at + 1] = 0xC3;
        odd[at + 2] = 0x28;
        yield return odd;
        // In 2099, so it heads the default (newest first) page of the events listing for good.
        yield return Encoding.UTF8.GetBytes(Event("future", FutureRun, "2099-01-01T00:00:00Z") + " /* trailing */");
        var badName = Encoding.UTF8.GetBytes(Event("name_XY", Guid.NewGuid()));
        badName[badName.AsSpan().IndexOf("name_XY"u8) + 5] = 0xFF;
        yield return badName;
    }

    private async Task WriteOlderRecordsAsync()
    {
        await using var store = FileLineageStore.Open(_store.Path);
        foreach (var raw in OlderRecords())
        {
            var time = raw.AsSpan().IndexOf("2099-"u8) >= 0 ? new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) : new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
            await store.AppendAsync(raw, time, EventDigest.Compute(raw));
        }
    }

    private static async Task<List<string>> ReadEverythingAsync(HttpClient http)
    {
        var paths = new List<string>
        {
            "events/lineage", "events/lineage?sortDirection=asc", "events/lineage?limit=1", "events/lineage?after=2098-01-01T00:00:00Z",
            "namespaces", "namespaces/old", "namespaces/old/datasets", "namespaces/old/jobs", "jobs", "tags", "search?q=o&fields=true",
            "stats", "stats/volume", "failures", "runs/failed", "audit", "pii", "pii/article30", "find", "timeline?hours=100000", "stale",
            "impact?nodeId=dataset:old:source_of_commented", "root-cause?nodeId=dataset:old:target_of_with_bom",
            "path?from=dataset:old:source_of_future&to=dataset:old:target_of_future",
            "lineage?nodeId=job:old:commented", "lineage/nodes?nodeId=job:old:with_bom", "column-lineage?nodeId=dataset:old:target_of_odd_text",
        };
        foreach (var job in new[] { "commented", "with_bom", "odd_text", "future" })
        {
            paths.AddRange([$"namespaces/old/jobs/{job}", $"namespaces/old/jobs/{job}/versions", $"namespaces/old/jobs/{job}/runs",
                $"namespaces/old/datasets/target_of_{job}", $"namespaces/old/datasets/target_of_{job}/versions"]);
        }

        foreach (var run in new[] { CommentedRun, BomRun, OddTextRun, FutureRun })
        {
            paths.AddRange([$"jobs/runs/{run}", $"jobs/runs/{run}/facets"]);
        }

        paths.AddRange(new[] { "dot", "mermaid", "json", "marquez", "html", "markdown" }.Select(f => "export?format=" + f));
        var failures = new List<string>();
        foreach (var path in paths)
        {
            using var response = await http.GetAsync("api/v1/" + path);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{path}: {(int)response.StatusCode}");
            }
            else if (response.Content.Headers.ContentType?.MediaType == "application/json")
            {
                using var _ = JsonDocument.Parse(body); // what goes out is standard JSON
            }
        }

        return failures;
    }

    private static async Task AssertTheRecordsReadAsync(HttpClient http, int stored)
    {
        var events = await http.GetFromJsonAsync<JsonElement>("api/v1/events/lineage");
        Assert.Equal(stored, events.GetProperty("totalCount").GetInt32());
        Assert.Equal(stored, events.GetProperty("events").GetArrayLength());
        Assert.Equal("future", events.GetProperty("events")[0].GetProperty("job").GetProperty("name").GetString());
        var facets = await http.GetFromJsonAsync<JsonElement>($"api/v1/jobs/runs/{OddTextRun}/facets");
        var custom = facets.GetProperty("facets").GetProperty("custom");
        Assert.Equal("x\uFFFD(", custom.GetProperty("bad").GetString());
        Assert.Equal("\uFFFD", custom.GetProperty("half").GetString());
        var commented = await http.GetFromJsonAsync<JsonElement>($"api/v1/jobs/runs/{CommentedRun}/facets");
        Assert.Equal("n", commented.GetProperty("facets").GetProperty("custom").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Every_read_endpoint_answers_over_records_an_older_version_stored_live_after_a_restart_and_after_compaction()
    {
        await WriteOlderRecordsAsync();

        await using (var server = await LiveServer.StartAsync(_store.Path))
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            Assert.Empty(await ReadEverythingAsync(http));
            await AssertTheRecordsReadAsync(http, 5);
            var posted = await http.PostAsync("api/v1/lineage", Events.Content(Events.Run("new_after_old", ["a"], ["b"])));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        await using (var restarted = await LiveServer.StartAsync(_store.Path))
        {
            using var http = new HttpClient { BaseAddress = restarted.Address };
            Assert.Empty(await ReadEverythingAsync(http));
            await restarted.Services.GetRequiredService<LineageService>().CompactAsync();
            Assert.Empty(await ReadEverythingAsync(http));
            await AssertTheRecordsReadAsync(http, 6);
        }
    }
}
