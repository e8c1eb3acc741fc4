using System.Text;
using Tributary.Json;

namespace Tributary.Tests.Json;

/// <summary>
/// A request-sized JSON array's items are read in the pass that finds where each ends: every item then reads exactly
/// as when the array is split first and each item read after — the same event, errors, warnings, raw bytes, index and
/// line — whatever the item (valid, invalid, partial, a template) and however the array is laid out or broken.
/// </summary>
public sealed class ArrayItemReadingTests
{
    public static TheoryData<string> CorpusFiles() =>
        EventCorpus.Files("concrete", "concrete-legacy", "partial", "template", "invalid-by-design");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Every_corpus_event_as_an_array_item_reads_as_it_does_when_split_first(string path)
    {
        var items = await ItemsOf(path);

        AssertSameReading(Array(items, pretty: false));
        AssertSameReading(Array(items, pretty: true));
    }

    [Fact]
    public async Task Most_items_of_an_array_of_the_concrete_corpus_are_read_while_it_is_split()
    {
        var items = new List<byte[]>();
        foreach (var path in EventCorpus.Files("concrete", "concrete-legacy"))
        {
            items.AddRange(await ItemsOf(path));
        }

        var slices = EventSplitter.Slices(Array(items, pretty: true), standardJson: true, kept: true, readArrayItems: true).ToList();

        Assert.Equal(items.Count, slices.Count);
        Assert.InRange(slices.Count(s => s.Read is not null), items.Count * 8 / 10, items.Count);
        AssertSameReading(Array(items, pretty: true));
    }

    [Theory]
    [InlineData("[{\"a\":1} {\"b\":2}]")] // no comma between items
    [InlineData("[{\"a\":1},]")] // a trailing comma
    [InlineData("[{\"a\":1}] x")] // content after the array
    [InlineData("[{\"a\":1}, /* note */ {\"b\":2}]")] // a comment
    [InlineData("[{\"a\":1},{\"b\":}]")] // a malformed item
    [InlineData("[1, \"two\", [3], null, {}]")] // items that are no objects
    [InlineData("[{\"a\":\"\\ud800\"}]")] // a lone surrogate escape
    [InlineData("[")] // unclosed
    public void A_broken_or_odd_array_reads_as_it_does_when_split_first(string json)
    {
        AssertSameReading(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public async Task A_malformed_item_after_valid_ones_stops_the_array_there_as_before()
    {
        var items = await ItemsOf(EventCorpus.Files("concrete").Cast<string>().First());
        var body = Encoding.UTF8.GetBytes("[" + Encoding.UTF8.GetString(items[0]) + ",{\"eventType\":}," + Encoding.UTF8.GetString(items[0]) + "]");

        var slices = EventSplitter.Slices(body, standardJson: true, kept: true, readArrayItems: true).ToList();

        Assert.Equal(2, slices.Count);
        Assert.NotNull(slices[0].Read);
        Assert.NotNull(slices[1].Failure);
        AssertSameReading(body);
    }

    [Fact]
    public async Task An_escaped_surrogate_pair_in_one_item_leaves_the_others_read_while_split_and_a_lone_one_is_read_after()
    {
        // The quick check of the whole array fails on the pair (it takes any \uD8xx for a lone surrogate), so each item is
        // checked on its own: only the items with an escape are left to be read after the split (the pair then reads, the
        // lone one is rejected), and the others are still read while it is split.
        var item = System.Text.Json.Nodes.JsonNode.Parse((await ItemsOf(EventCorpus.Files("concrete").Cast<string>().First()))[0])!.ToJsonString();
        Assert.Contains("\"producer\":\"", item, StringComparison.Ordinal);
        var pair = item.Replace("\"producer\":\"", "\"producer\":\"\\ud83d\\ude00", StringComparison.Ordinal);
        var lone = item.Replace("\"producer\":\"", "\"producer\":\"\\ud83d", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes($"[{item},{pair},{item},{lone},{item}]");

        var slices = EventSplitter.Slices(body, standardJson: true, kept: true, readArrayItems: true).ToList();

        Assert.Equal([true, false, true, false, true], slices.Select(s => s.Read is not null));
        AssertSameReading(body);
    }

    private static async Task<List<byte[]>> ItemsOf(string path)
    {
        var content = await File.ReadAllBytesAsync(EventCorpus.Resolve(path));
        return [.. EventSplitter.Slices(content).Where(s => s.Failure is null).Select(s => s.Raw.ToArray())];
    }

    private static byte[] Array(List<byte[]> items, bool pretty)
    {
        var separator = pretty ? ",\n  " : ",";
        return Encoding.UTF8.GetBytes((pretty ? "[\n  " : "[") + string.Join(separator, items.Select(Encoding.UTF8.GetString)) + (pretty ? "\n]\n" : "]"));
    }

    // Splitting with items read in the same pass gives what splitting, then reading each slice, gives.
    private static void AssertSameReading(byte[] body)
    {
        var twoPasses = EventSplitter.Slices(body, standardJson: true, kept: true).ToList();
        var onePass = EventSplitter.Slices(body, standardJson: true, kept: true, readArrayItems: true).ToList();

        Assert.Equal(twoPasses.Count, onePass.Count);
        for (var i = 0; i < twoPasses.Count; i++)
        {
            var (expected, actual) = (twoPasses[i], onePass[i]);
            Assert.Equal((expected.Index, expected.Line, expected.InArray, expected.Failure), (actual.Index, actual.Line, actual.InArray, actual.Failure));
            Assert.True(expected.Raw.Span.SequenceEqual(actual.Raw.Span));

            var (wanted, got) = (EventSplitter.Read(expected, LineageReadOptions.Strict), EventSplitter.Read(actual, LineageReadOptions.Strict));
            Assert.Equal(wanted.Errors, got.Errors);
            Assert.Equal(wanted.Warnings, got.Warnings);
            Assert.Equal((wanted.Index, wanted.Line), (got.Index, got.Line));
            Assert.True(wanted.Raw.Span.SequenceEqual(got.Raw.Span));
            Assert.Equal(wanted.Event is null ? null : LineageJson.Serialize(wanted.Event), got.Event is null ? null : LineageJson.Serialize(got.Event));
        }
    }
}
