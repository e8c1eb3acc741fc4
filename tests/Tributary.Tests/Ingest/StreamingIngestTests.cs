using System.Text;
using Tributary.Ingest;
using Tributary.Storage;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Ingest;

[CollectionDefinition(nameof(StreamingIngestTests), DisableParallelization = true)]
public sealed class StreamingIngestCollection;

// Alone in its collection: the memory it measures is the process's, which other tests running beside it would share.
[Collection(nameof(StreamingIngestTests))]
public sealed class StreamingIngestTests : IDisposable
{
    // The budget README states: what ingesting a stream holds, whatever its length.
    private const long BudgetBytes = 64L << 20;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stream_far_longer_than_the_memory_budget_is_ingested_within_it(bool slowListener)
    {
        const int events = 25_000; // of 8 KB: 200 MB, over three times the budget
        await using var store = FileLineageStore.Open(_temp.Combine("store"));
        var ingestor = await LineageIngestor.OpenAsync(store);

        // A listener slower than the door (as a graph is) keeps every chunk the door may hold in flight at once.
        using var listening = slowListener ? await ingestor.SubscribeAsync(_ => Thread.SpinWait(2_000)) : null;
        await using var input = new GeneratedNdjson(events, Padded);
        IngestSummary summary = null!;

        var peak = await PeakHeldAsync(async () => summary = await ingestor.IngestManyAsync(input));

        Assert.True(events == summary.Accepted, $"{summary}: {string.Join("; ", summary.Rejected.Take(2).SelectMany(r => r.Errors).Select(e => e.Path + ": " + e.Message))}");
        Assert.True(input.Produced > 3 * BudgetBytes, $"only {input.Produced} bytes were generated");
        Assert.True(peak < BudgetBytes, $"ingesting {input.Produced >> 20} MB held up to {peak >> 20} MB at once; the budget is {BudgetBytes >> 20} MB");
        Assert.Equal(Padded(0), (await store.ReadAsync(1, 1).SingleAsync()).Raw.ToArray());
        Assert.Equal(Padded(events - 1), (await store.ReadAsync(events, events).SingleAsync()).Raw.ToArray());
    }

    [Fact]
    public async Task Validating_a_stream_far_longer_than_the_memory_budget_holds_no_more_than_the_budget()
    {
        // `tributary validate` reads as the door does, and keeps only what it says: the events go once read.
        const int events = 25_000;
        await using var input = new GeneratedNdjson(events, Padded);
        global::Tributary.Cli.Commands.ValidateCommand.Report report = null!;

        var peak = await PeakHeldAsync(async () =>
            report = await global::Tributary.Cli.Commands.ValidateCommand.ReadAsync(input, "generated", new(), CancellationToken.None));

        Assert.Equal(events, report.Events);
        Assert.Equal(0, report.Invalid);
        Assert.Empty(report.Lines);
        Assert.True(input.Produced > 3 * BudgetBytes, $"only {input.Produced} bytes were generated");
        Assert.True(peak < BudgetBytes, $"validating {input.Produced >> 20} MB held up to {peak >> 20} MB at once; the budget is {BudgetBytes >> 20} MB");
    }

    // The most the process held at once (sampled every 50 ms) beyond what it held before, while `work` ran.
    private static async Task<long> PeakHeldAsync(Func<Task> work)
    {
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

        await work();
        await sampling.CancelAsync();
        await sampler;
        return peak;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_long_stream_is_split_exactly_as_the_same_bytes_in_memory(bool array)
    {
        // Many blocks long, with a bad event, a duplicate and blank lines on both sides of block boundaries.
        var items = Enumerable.Range(0, 6_000).Select(i => Encoding.UTF8.GetString(i switch
        {
            2_500 => "{\"eventType\":\"COMPLETE\",\"run\":{}}"u8.ToArray(),
            4_000 => StoreEvents.Small(7),
            _ => StoreEvents.Small(i),
        })).ToList();
        var content = Encoding.UTF8.GetBytes(array ? "[\n" + string.Join(",\n  ", items) + "\n]\n" : string.Join("\n\n", items) + "\n");
        Assert.True(content.Length > 2 << 20);

        var (inMemory, storedInMemory) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(content));
        var (streamed, storedStreamed) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(new MemoryStream(content)));

        Assert.Equal(5_998, streamed.Accepted);
        Assert.Equal(1, streamed.Duplicates);
        Assert.Equal(inMemory.ToString(), streamed.ToString());
        Assert.Equal(Describe(inMemory.Rejected), Describe(streamed.Rejected));
        Assert.Equal(storedInMemory, storedStreamed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Events_longer_than_a_read_block_are_split_exactly_as_the_same_bytes_in_memory(bool array)
    {
        // A stream is read in 80 KB blocks: events of 200 KB each span several blocks, and the first one alone is longer
        // than the block the content's form is decided from.
        var items = Enumerable.Range(0, 30).Select(i => Encoding.UTF8.GetString(i % 3 == 2 ? StoreEvents.Small(i) : Padded(i, 200_000 + i))).ToList();
        var content = Encoding.UTF8.GetBytes(array ? "[" + string.Join(",", items) + "]" : string.Join("\n", items) + "\n");
        Assert.True(content.Length > 3 << 20);

        var (inMemory, storedInMemory) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(content));
        var (streamed, storedStreamed) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(new MemoryStream(content)));

        Assert.Equal(30, streamed.Accepted);
        Assert.Equal(inMemory.ToString(), streamed.ToString());
        Assert.Equal(storedInMemory, storedStreamed);
        Assert.Equal(items.Select(Encoding.UTF8.GetBytes), storedStreamed);
    }

    [Theory]
    [InlineData("ndjson")]
    [InlineData("array")]
    [InlineData("one pretty-printed event")]
    [InlineData("one long line")]
    public async Task Content_a_few_blocks_long_in_any_form_is_split_exactly_as_the_same_bytes_in_memory(string form)
    {
        // Longer than the first 80 KB block, which decides the form: the stream is split as it is read from then on.
        var small = Enumerable.Range(0, 700).Select(i => Encoding.UTF8.GetString(StoreEvents.Small(i))).ToList();
        var big = Encoding.UTF8.GetString(Padded(1, 250_000));
        var content = Encoding.UTF8.GetBytes(form switch
        {
            "ndjson" => string.Join("\n", small) + "\n",
            "array" => "[\n" + string.Join(",\n", small) + "\n]",
            "one pretty-printed event" => System.Text.Json.Nodes.JsonNode.Parse(big)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }),
            _ => big,
        });
        Assert.InRange(content.Length, 80 << 10, 1 << 20);

        var (inMemory, storedInMemory) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(content));
        var (streamed, storedStreamed) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(new MemoryStream(content)));

        Assert.Equal(form is "ndjson" or "array" ? 700 : 1, streamed.Accepted);
        Assert.Equal(inMemory.ToString(), streamed.ToString());
        Assert.Equal(storedInMemory, storedStreamed);
    }

    [Theory]
    [InlineData("ndjson")]
    [InlineData("array")]
    public async Task Blank_space_longer_than_a_read_block_before_the_events_is_read_as_the_same_bytes_in_memory(string form)
    {
        // The whole first block is blank, so what follows it decides the form (the door's blocks are not zeroed).
        var small = Enumerable.Range(0, 50).Select(i => Encoding.UTF8.GetString(StoreEvents.Small(i))).ToList();
        var content = Encoding.UTF8.GetBytes(new string(' ', 100 << 10) + "\n" + (form == "array" ? "[" + string.Join(",", small) + "]" : string.Join("\n", small)));

        var (inMemory, storedInMemory) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(content));
        var (streamed, storedStreamed) = await IngestAsync(async ingestor => await ingestor.IngestManyAsync(new MemoryStream(content)));

        Assert.Equal(50, streamed.Accepted);
        Assert.Equal(inMemory.ToString(), streamed.ToString());
        Assert.Equal(storedInMemory, storedStreamed);
    }

    [Fact]
    public async Task A_line_longer_than_an_event_may_be_is_rejected_unread_and_the_rest_go_in()
    {
        var huge = "{\"eventType\":\"COMPLETE\",\"x\":\"" + new string('x', 3 << 20) + "\"}";
        var content = Encoding.UTF8.GetBytes(string.Join('\n', Encoding.UTF8.GetString(StoreEvents.Small(1)), huge, Encoding.UTF8.GetString(StoreEvents.Small(2))));
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store, new LineageIngestorOptions { MaxEventBytes = 1 << 20 });

        var summary = await ingestor.IngestManyAsync(new MemoryStream(content));

        Assert.Equal(2, summary.Accepted);
        var rejected = Assert.Single(summary.Rejected);
        Assert.Equal((1, 2), (rejected.Index, rejected.Line));
        Assert.Equal("$: the event is more than 1048576 bytes; at most 1048576 are accepted", Describe([rejected]).Single()[4..]);
    }

    [Theory]
    [InlineData("object")]
    [InlineData("string with escapes")]
    [InlineData("first item")]
    [InlineData("last item")]
    public async Task An_array_item_longer_than_an_event_may_be_is_rejected_unread_and_the_items_after_it_go_in(string form)
    {
        // Longer than the window the stream is read in may grow to (twice the limit), so it is skipped as it is read.
        var filler = new string('x', 5 << 20);
        var huge = form switch
        {
            "string with escapes" => "\"" + filler + "\\\"}]\\\\\"",
            _ => "{\"eventType\":\"COMPLETE\",\"nested\":[{\"x\":\"" + filler + "\\\"]}\"}],\n\"y\":\"a}b\"}",
        };
        var small = Enumerable.Range(1, 3).Select(i => Encoding.UTF8.GetString(StoreEvents.Small(i))).ToList();
        var at = form switch { "first item" => 0, "last item" => 3, _ => 1 };
        var items = small.ToList();
        items.Insert(at, huge);
        var content = Encoding.UTF8.GetBytes("[\n  " + string.Join(",\n  ", items) + "\n]\n");
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store, new LineageIngestorOptions { MaxEventBytes = 1 << 20 });

        var summary = await ingestor.IngestManyAsync(new MemoryStream(content));

        Assert.Equal(3, summary.Accepted);
        var rejected = Assert.Single(summary.Rejected);
        Assert.Equal((at, 2 + at), (rejected.Index, rejected.Line));
        Assert.Equal($"$[{at}]: the event is more than 1048576 bytes; at most 1048576 are accepted", Describe([rejected]).Single()[4..]);
        Assert.Equal(small, await store.ReadAsync().Select(e => Encoding.UTF8.GetString(e.Raw.Span)).ToListAsync());
    }

    [Fact]
    public async Task A_truncated_array_in_a_stream_keeps_its_events_before_the_cut_and_says_where()
    {
        var items = Enumerable.Range(0, 4_000).Select(i => Encoding.UTF8.GetString(StoreEvents.Small(i)));
        var content = Encoding.UTF8.GetBytes("[" + string.Join(",\n", items) + ",\n{\"eventType\":");
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);

        var summary = await ingestor.IngestManyAsync(new MemoryStream(content));

        Assert.Equal(4_000, summary.Accepted);
        var rejected = Assert.Single(summary.Rejected);
        Assert.StartsWith("$: malformed JSON at line 4001, column ", rejected.Errors.Single().Path + ": " + rejected.Errors.Single().Message, StringComparison.Ordinal);
    }

    private static async Task<(IngestSummary Summary, List<byte[]> Stored)> IngestAsync(Func<LineageIngestor, Task<IngestSummary>> ingest)
    {
        await using var store = new InMemoryLineageStore();
        var summary = await ingest(await LineageIngestor.OpenAsync(store));
        return (summary, await store.ReadAsync().Select(e => e.Raw.ToArray()).ToListAsync());
    }

    private static List<string> Describe(IEnumerable<IngestResult> results) =>
        [.. results.SelectMany(r => r.Errors.Select(e => $"{r.Index}:{r.Line}:{e.Path}: {e.Message}"))];

    // A valid run event of about 8 KB (most of it a job's documentation), different for each n.
    private static byte[] Padded(int n) => Padded(n, 7_800);

    private static byte[] Padded(int n, int documentation) => Encoding.UTF8.GetBytes(
        $$"""{"eventType":"COMPLETE","eventTime":"2024-05-01T10:{{n / 60 % 60:D2}}:{{n % 60:D2}}Z","run":{"runId":"018f3a2c-0000-7000-8000-{{n:D12}}"},"job":{"namespace":"tests","facets":{"documentation":{"_producer":"https://example.com/tests","_schemaURL":"https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json#/$defs/DocumentationJobFacet","description":"{{new string((char)('a' + n % 26), documentation)}}"}""" + "}" + $$""","name":"job-{{n}}"},"inputs":[],"outputs":[],"producer":"https://example.com/tests","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""");

    // NDJSON made as it is read, so the input's length costs no memory of its own.
    private sealed class GeneratedNdjson(int count, Func<int, byte[]> make) : Stream
    {
        private int _next;
        private byte[] _current = [];
        private int _at;

        public long Produced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                if (_at == _current.Length)
                {
                    if (_next == count)
                    {
                        break;
                    }

                    _current = [.. make(_next++), (byte)'\n'];
                    _at = 0;
                }

                var n = Math.Min(buffer.Length - written, _current.Length - _at);
                _current.AsSpan(_at, n).CopyTo(buffer[written..]);
                _at += n;
                written += n;
            }

            Produced += written;
            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
