using System.Text;
using System.Text.Json;
using Tributary.Json;
using Tributary.Model;
using Tributary.Storage;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class TransportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tributary-tracking-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Console_transport_writes_one_json_event_per_line()
    {
        var output = new StringWriter();
        await using (var tracker = LineageTracker.Create(new TrackerOptions { Transport = new ConsoleTransport(output) }))
        {
            using var run = tracker.StartRun(Trackers.Job, OperationType.Read, inputs: [Trackers.Orders]);
            run.Complete();
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var complete = (RunEvent)LineageJson.Deserialize(Encoding.UTF8.GetBytes(lines[1]));
        Assert.Equal(RunState.Complete, complete.EventType);
        Assert.Equal(Trackers.Orders, complete.Inputs[0].Id);
        using var json = JsonDocument.Parse(lines[0]);
        Assert.Equal("READ", json.RootElement.GetProperty("run").GetProperty("facets").GetProperty("tributary_operation").GetProperty("operationType").GetString(), ignoreCase: true);
    }

    [Fact]
    public async Task File_transport_appends_ndjson_and_creates_the_folder()
    {
        var path = Path.Combine(_folder, "nested", "events.ndjson");
        await using (var tracker = LineageTracker.Create(new TrackerOptions { Transport = new FileTransport(path) }))
        {
            using (tracker.StartRun(Trackers.Job))
            {
            }
        }

        await using (var tracker = LineageTracker.Create(new TrackerOptions { Transport = new FileTransport(path) }))
        {
            using var run = tracker.StartRun(Trackers.Job);
            run.Complete();
        }

        var events = LineageJson.ReadMany(File.ReadAllBytes(path)).Select(r => (RunEvent)r.Event!).ToList();
        Assert.Equal([RunState.Start, RunState.Abort, RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
    }

    [Fact]
    public async Task Store_transport_ingests_into_the_store_and_leaves_it_open()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await Tributary.Ingest.LineageIngestor.OpenAsync(store);
        await using (var tracker = LineageTracker.Create(new TrackerOptions { Transport = new StoreTransport(ingestor) }))
        {
            using var run = tracker.StartRun(Trackers.Job);
            run.Complete();
        }

        var stored = new List<RunEvent>();
        await foreach (var item in store.ReadAsync())
        {
            stored.Add((RunEvent)LineageJson.Deserialize(item.Raw.Span));
        }

        Assert.Equal([RunState.Start, RunState.Complete], stored.Select(e => e.EventType!.Value));
        await store.AppendAsync(Some.Event());
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task Composite_transport_tries_every_transport_and_reports_the_failures_together()
    {
        var memory = new InMemoryTransport();
        var composite = new CompositeTransport([new FailingTransport(), memory]);

        var error = await Assert.ThrowsAsync<AggregateException>(() => composite.SendAsync(Some.Event(), CancellationToken.None).AsTask());

        Assert.Single(memory.Events);
        Assert.IsType<IOException>(Assert.Single(error.InnerExceptions));
    }

    private static class Some
    {
        public static LineageEvent Event() => new DatasetEvent { EventTime = Trackers.Start, Producer = "test", Dataset = new Dataset(Trackers.Orders) };
    }
}
