using System.Text;
using Tributary.Ingest;
using Tributary.Json;

namespace Tributary.Tests.Json;

/// <summary>Marquez's events list (GET /api/v1/events/lineage), {"events": [...], "totalCount": N}, reads as the events it holds.</summary>
public sealed class EventEnvelopeTests
{
    private static string[] Events(int count) => [.. StoreBenchmark.SyntheticEvents(count).Select(e => Encoding.UTF8.GetString(e))];

    private static byte[] List(string[] events, bool countFirst = false, bool pretty = false, string tail = "")
    {
        var gap = pretty ? "\n  " : "";
        var items = string.Join("," + gap, events);
        var body = countFirst
            ? $"{{{gap}\"totalCount\": {events.Length},{gap}\"events\": [{gap}{items}]{tail}{(pretty ? "\n" : "")}}}"
            : $"{{{gap}\"events\" : [{gap}{items}{gap}],{gap}\"totalCount\":{events.Length}{tail}{(pretty ? "\n" : "")}}}";
        return Encoding.UTF8.GetBytes(body);
    }

    private static async Task<List<EventSlice>> StreamedAsync(byte[] content)
    {
        var slices = new List<EventSlice>();
        await foreach (var slice in EventStreamSplitter.SlicesAsync(new MemoryStream(content), standardJson: true, maxEventBytes: 1 << 20))
        {
            slices.Add(slice);
        }

        return slices;
    }

    [Theory]
    [InlineData(3, false, false)]
    [InlineData(3, true, true)]
    [InlineData(2_000, false, true)] // longer than a block: streamed as it is read
    [InlineData(2_000, true, false)]
    public async Task An_events_list_reads_as_the_events_it_holds_in_memory_and_streamed(int count, bool countFirst, bool pretty)
    {
        var events = Events(count);
        var content = List(events, countFirst, pretty);

        var inMemory = EventSplitter.Slices(content, standardJson: true).ToList();
        var streamed = await StreamedAsync(content);

        foreach (var slices in new[] { inMemory, streamed })
        {
            Assert.All(slices, s => Assert.Null(s.Failure));
            Assert.Equal(events, slices.Select(s => Encoding.UTF8.GetString(s.Raw.Span)));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2_000)]
    public async Task Content_after_the_events_array_other_than_its_count_and_brace_is_reported_after_the_events(int count)
    {
        var content = List(Events(count), tail: ", \"next\": \"page-2\"");

        foreach (var slices in new[] { EventSplitter.Slices(content, standardJson: true).ToList(), await StreamedAsync(content) })
        {
            Assert.Equal(count, slices.Count(s => s.Failure is null));
            Assert.Equal(EventEnvelope.BadTail(), slices[^1].Failure);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2_000)]
    public async Task A_bad_event_in_an_events_list_is_named_by_its_path_in_the_list_at_the_door(int count)
    {
        // The door reads the list in memory (a request) and streamed (a file), and refuses what the reader cannot take
        // and what it checks itself, each at $.events[i] as in the file, not at $[i] as if the list were an array.
        var events = Events(count);
        events[1] = events[1].Replace("\"eventTime\"", "\"eventTimeX\"", StringComparison.Ordinal);
        events[^1] = events[^1].Replace("\"name\":\"job-", "\"name\":\"\\u0007job-", StringComparison.Ordinal);
        var content = List(events, pretty: true);
        var folder = Directory.CreateTempSubdirectory("tributary-list-").FullName;
        IngestSummary inMemory, streamed;
        try
        {
            await using var store = Tributary.Storage.FileLineageStore.Open(folder);
            var door = await LineageIngestor.OpenAsync(store);
            inMemory = await door.IngestManyAsync(content);
            streamed = await door.IngestManyAsync(new MemoryStream(content));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.Equal(count - 2, inMemory.Accepted);
        Assert.Equal(count - 2, streamed.Duplicates);
        foreach (var summary in new[] { inMemory, streamed })
        {
            Assert.Equal(2, summary.Rejected.Count);
            Assert.Equal("$.events[1].eventTime", summary.Rejected[0].Errors[0].Path);
            Assert.StartsWith($"$.events[{count - 1}].job.name", summary.Rejected[1].Errors[0].Path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_event_is_still_read_as_one_event()
    {
        var one = Encoding.UTF8.GetBytes(Events(1)[0]);

        var slice = Assert.Single(EventSplitter.Slices(one, standardJson: true));

        Assert.False(slice.InArray);
        Assert.Null(slice.Failure);
    }
}
