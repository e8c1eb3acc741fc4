using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.Door;

[CollectionDefinition(nameof(LargeBatchTests), DisableParallelization = true)]
public sealed class LargeBatchCollection;

/// <summary>
/// Batches far larger than the memory budget are streamed through the door as they arrive: every event goes in, and the
/// server holds no more than the budget while they do, whether the batch is sent plain or gzipped.
/// </summary>
// Alone in its collection: the memory it measures is the process's, which other tests running beside it would share.
[Collection(nameof(LargeBatchTests))]
public sealed class LargeBatchTests : IDisposable
{
    // The budget README states for a batch in flight, whatever its size.
    private const long BudgetBytes = 64L << 20;
    private const int Events = 12_800; // of 8 KB: 100 MB

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_100_MB_batch_is_stored_whole_while_the_server_holds_less_than_the_budget(bool gzip)
    {
        await using var server = await LiveServer.StartAsync(Path.Combine(_temp.Path, "store"), new Dictionary<string, string?>
        {
            ["Tributary:CompactEveryEvents"] = "0",
            ["Tributary:CheckpointEveryEvents"] = "0",
        });
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(5) };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("api/v1/lineage", new ByteArrayContent(Padded(-1)) { Headers = { ContentType = new("application/json") } })).StatusCode);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                // Forced collections measure what is held, not garbage a collection has not reached yet.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                await Task.Delay(50, CancellationToken.None);
            }
        });

        var body = new GeneratedBatch(Events, gzip);
        var response = await http.PostAsync("api/v1/lineage/batch", body);
        await sampling.CancelAsync();
        await sampler;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        Assert.Equal((Events, Events, 0), (summary.GetProperty("received").GetInt32(), summary.GetProperty("successful").GetInt32(), summary.GetProperty("failed").GetInt32()));
        Assert.True(body.Produced > BudgetBytes * 3 / 2, $"only {body.Produced} bytes were sent");
        Assert.True(peak < BudgetBytes, $"a {body.Produced >> 20} MB batch held up to {peak >> 20} MB at once; the budget is {BudgetBytes >> 20} MB");
        var stats = await http.GetFromJsonAsync<JsonElement>("api/v1/stats");
        Assert.Equal(Events + 1, stats.GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_batch_cut_off_at_the_size_limit_keeps_the_events_before_the_cut_and_says_how_many()
    {
        var store = Path.Combine(_temp.Path, "store");
        long stored;
        await using (var server = await LiveServer.StartAsync(store, new Dictionary<string, string?> { ["Tributary:MaxBatchBytes"] = (8 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            using var http = new HttpClient { BaseAddress = server.Address };

            // Sent without a length (chunked), so the limit is only found out once the body passes it.
            var response = await http.PostAsync("api/v1/lineage/batch", new GeneratedBatch(2_000, gzip: false));

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            stored = (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64();
            Assert.InRange(stored, 1, 1_023);
            Assert.Contains($"The {stored} events before that point were stored", detail, StringComparison.Ordinal);
        }

        // Sending it again under a larger limit stores the rest: what went in the first time counts as duplicates.
        await using var larger = await LiveServer.StartAsync(store);
        using var again = new HttpClient { BaseAddress = larger.Address };
        var retry = await again.PostAsync("api/v1/lineage/batch", new GeneratedBatch(2_000, gzip: false));
        var summary = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        Assert.Equal((2_000, stored), (summary.GetProperty("successful").GetInt32(), (long)summary.GetProperty("duplicates").GetInt32()));
        Assert.Equal(2_000, (await again.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_streamed_body_that_is_not_a_json_array_gets_400_and_stores_nothing()
    {
        await using var server = await LiveServer.StartAsync(Path.Combine(_temp.Path, "store"));
        using var http = new HttpClient { BaseAddress = server.Address };

        // NDJSON, 2 MB, chunked: a batch is an array, so nothing of it goes in.
        var response = await http.PostAsync("api/v1/lineage/batch", new GeneratedBatch(256, gzip: false, array: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a batch is a JSON array of events", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task A_gzip_batch_that_turns_to_garbage_midway_gets_400_saying_how_many_events_before_were_stored()
    {
        await using var server = await LiveServer.StartAsync(Path.Combine(_temp.Path, "store"));
        using var http = new HttpClient { BaseAddress = server.Address };
        using var packed = new MemoryStream();
        await new GeneratedBatch(4_000, gzip: true).CopyToAsync(packed);
        var bytes = packed.ToArray();
        bytes.AsSpan(bytes.Length * 3 / 4, 64).Fill(0xFF);
        var content = new ByteArrayContent(bytes) { Headers = { ContentType = new("application/json") } };
        content.Headers.ContentEncoding.Add("gzip");

        var response = await http.PostAsync("api/v1/lineage/batch", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("not valid gzip data", detail, StringComparison.Ordinal);
        var stored = (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64();
        Assert.InRange(stored, 1, 3_999);
        Assert.Contains($"The {stored} events before that point were stored", detail, StringComparison.Ordinal);
    }

    // A valid run event of about 8 KB (most of it a run facet the graph keeps only a reference to), one job for all.
    private static byte[] Padded(int n)
    {
        var second = n + 60;
        var text = new string((char)('a' + ((n + 26) % 26)), 7_900);
        return Encoding.UTF8.GetBytes(
            $"{{\"eventType\":\"COMPLETE\",\"eventTime\":\"2024-05-01T{10 + (second / 3600):D2}:{second / 60 % 60:D2}:{second % 60:D2}Z\","
            + $"\"run\":{{\"runId\":\"018f3a2c-0000-7000-8000-{n + 1:D12}\",\"facets\":{{\"padding\":{{\"_producer\":\"https://example.com/tests\","
            + $"\"_schemaURL\":\"https://example.com/tests/padding.json\",\"text\":\"{text}\"}}}}}},"
            + "\"job\":{\"namespace\":\"tests\",\"name\":\"big-batch\"},\"inputs\":[{\"namespace\":\"tests\",\"name\":\"in\"}],"
            + "\"outputs\":[{\"namespace\":\"tests\",\"name\":\"out\"}],\"producer\":\"https://example.com/tests\","
            + "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}");
    }

    // A JSON array of events written as it is sent (chunked, no length), so the batch costs the test no memory of its own.
    private sealed class GeneratedBatch : HttpContent
    {
        private readonly int _count;
        private readonly bool _gzip;
        private readonly bool _array;

        public GeneratedBatch(int count, bool gzip, bool array = true)
        {
            (_count, _gzip, _array) = (count, gzip, array);
            Headers.ContentType = new("application/json");
            if (gzip)
            {
                Headers.ContentEncoding.Add("gzip");
            }
        }

        public long Produced { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var target = _gzip ? new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true) : stream;
            try
            {
                await WriteAsync(target, _array ? "["u8.ToArray() : []);
                for (var i = 0; i < _count; i++)
                {
                    await WriteAsync(target, Padded(i));
                    await WriteAsync(target, !_array ? "\n"u8.ToArray() : i + 1 < _count ? ",\n"u8.ToArray() : "]\n"u8.ToArray());
                }
            }
            finally
            {
                if (_gzip)
                {
                    await target.DisposeAsync();
                }
            }
        }

        private async Task WriteAsync(Stream target, byte[] bytes)
        {
            Produced += bytes.Length;
            await target.WriteAsync(bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            SerializeToStreamAsync(stream, context, cancellationToken).GetAwaiter().GetResult();
    }
}
