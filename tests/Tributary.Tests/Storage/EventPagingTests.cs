using System.Text;
using Tributary.Storage;
using Tributary.Storage.Lake;

namespace Tributary.Tests.Storage;

/// <summary>Issue 10, item 3: a page of the events listing costs the page, compacted or not, and pages hold exactly the events in order.</summary>
public sealed class EventPagingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LakeOptions SmallGroups = new() { RowGroupSize = 64, EventsPerBatch = 500 };
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Raw(int i) => Encoding.UTF8.GetBytes($$"""{"n":{{i}}}""");

    // Event times out of arrival order with many ties (i * 7 mod 600 seconds): what several producers sending late give.
    private static DateTimeOffset Scrambled(int i) => Start.AddSeconds(i * 7 % 600).AddMilliseconds(i % 3);

    private static async Task<List<(DateTimeOffset Time, long Sequence)>> FillAsync(EmbeddedLineageStore store, int count, Func<int, DateTimeOffset> time, int compactAfter)
    {
        var written = new List<(DateTimeOffset, long)>();
        for (var i = 0; i < count; i++)
        {
            var stored = await store.AppendAsync(Raw(i), time(i), EventDigest.Compute(Raw(i)));
            written.Add((time(i), stored.Sequence));
            if (i + 1 == compactAfter)
            {
                await store.CompactAsync(null);
            }
        }

        return written;
    }

    private static List<long> Expected(List<(DateTimeOffset Time, long Sequence)> written, DateTimeOffset from, DateTimeOffset until, bool descending)
    {
        var inRange = written.Where(e => e.Time >= from && e.Time < until).OrderBy(e => e.Time).ThenBy(e => e.Sequence).Select(e => e.Sequence).ToList();
        if (descending)
        {
            inRange.Reverse();
        }

        return inRange;
    }

    private static async Task<(List<long> Sequences, long Total)> PageThroughAsync(ILineageStore store, DateTimeOffset from, DateTimeOffset until, bool descending, int limit)
    {
        var sequences = new List<long>();
        var total = -1L;
        for (var offset = 0; ; offset += limit)
        {
            var page = await store.ReadPageByEventTimeAsync(from, until, descending, offset, limit);
            Assert.True(total < 0 || total == page.TotalCount, "the total changed between pages");
            total = page.TotalCount;
            foreach (var stored in page.Events)
            {
                Assert.Equal(Raw((int)stored.Sequence - 1), stored.Raw.ToArray());
                sequences.Add(stored.Sequence);
            }

            if (page.Events.Count < limit)
            {
                return (sequences, total);
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Paging_a_compacted_store_end_to_end_gives_every_event_once_in_event_time_order(bool descending)
    {
        await using var store = EmbeddedLineageStore.Open(_temp.Combine("store"), null, SmallGroups);
        var written = await FillAsync(store, 3_000, Scrambled, compactAfter: 2_000);
        Assert.Equal(2_000, store.Lake.EventsThrough);

        var (sequences, total) = await PageThroughAsync(store, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending, 37);

        Assert.Equal(3_000, total);
        Assert.Equal(Expected(written, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, descending), sequences);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_time_range_pages_exactly_the_events_inside_it_across_the_lake_and_the_log(bool descending)
    {
        await using var store = EmbeddedLineageStore.Open(_temp.Combine("store"), null, SmallGroups);
        var written = await FillAsync(store, 1_500, Scrambled, compactAfter: 1_000);
        var (from, until) = (Start.AddSeconds(100), Start.AddSeconds(250).AddMilliseconds(1));

        var (sequences, total) = await PageThroughAsync(store, from, until, descending, 50);

        var expected = Expected(written, from, until, descending);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, sequences);
    }

    [Fact]
    public async Task A_store_reopened_read_only_pages_the_same_events_as_the_writer()
    {
        var folder = _temp.Combine("store");
        List<(DateTimeOffset Time, long Sequence)> written;
        await using (var store = EmbeddedLineageStore.Open(folder, null, SmallGroups))
        {
            written = await FillAsync(store, 800, Scrambled, compactAfter: 600);
        }

        await using var reopened = EmbeddedLineageStore.Open(folder, new FileLineageStoreOptions { ReadOnly = true }, SmallGroups);
        var (sequences, _) = await PageThroughAsync(reopened, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, true, 100);

        Assert.Equal(Expected(written, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, true), sequences);
    }

    [Fact]
    public async Task The_newest_page_of_a_large_lake_reads_only_the_row_groups_it_falls_in()
    {
        await using var store = EmbeddedLineageStore.Open(_temp.Combine("store"), null, SmallGroups);
        await FillAsync(store, 5_000, i => Start.AddSeconds(i), compactAfter: 5_000);
        store.Lake.Counters.Reset();

        var page = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, true, 0, 100);

        Assert.Equal(5_000, page.TotalCount);
        Assert.Equal(Enumerable.Range(4_901, 100).Reverse().Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.True(store.Lake.Counters.RowGroupsRead <= 3, $"{store.Lake.Counters.RowGroupsRead} of about {5_000 / 64} row groups read");
    }

    [Fact]
    public async Task A_deep_page_counts_the_row_groups_before_it_without_reading_them()
    {
        await using var store = EmbeddedLineageStore.Open(_temp.Combine("store"), null, SmallGroups);
        await FillAsync(store, 5_000, i => Start.AddSeconds(i), compactAfter: 5_000);
        store.Lake.Counters.Reset();

        var page = await store.ReadPageByEventTimeAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, true, 4_000, 10);

        Assert.Equal(Enumerable.Range(991, 10).Reverse().Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.True(store.Lake.Counters.RowGroupsRead <= 3, $"{store.Lake.Counters.RowGroupsRead} row groups read");
    }

    [Fact]
    public async Task An_uncompacted_store_pages_from_its_log_index()
    {
        await using var store = EmbeddedLineageStore.Open(_temp.Combine("store"), new FileLineageStoreOptions { SegmentBytes = 4096 });
        var written = await FillAsync(store, 400, Scrambled, compactAfter: -1);

        var (sequences, total) = await PageThroughAsync(store, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, false, 64);

        Assert.Equal(400, total);
        Assert.Equal(Expected(written, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, false), sequences);
    }

    [Fact]
    public async Task Reading_a_few_events_by_sequence_from_the_lake_returns_exactly_them()
    {
        await using var store = EmbeddedLineageStore.Open(_temp.Combine("store"), null, SmallGroups);
        await FillAsync(store, 1_000, Scrambled, compactAfter: 1_000);

        var events = await store.ReadAsync(130, 133).ToListAsync();

        Assert.Equal([130L, 131L, 132L, 133L], events.Select(e => e.Sequence));
        Assert.Equal(Raw(131), events[2].Raw.ToArray());
        Assert.Equal(Scrambled(129), events[0].EventTime);
    }

    [Fact]
    public async Task A_store_without_its_own_paging_gets_the_same_pages_from_the_default()
    {
        await using var store = new InMemoryLineageStore();
        var written = new List<(DateTimeOffset Time, long Sequence)>();
        for (var i = 0; i < 300; i++)
        {
            var stored = await store.AppendAsync(Raw(i), Scrambled(i), EventDigest.Compute(Raw(i)));
            written.Add((Scrambled(i), stored.Sequence));
        }

        var (sequences, total) = await PageThroughAsync(store, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, true, 40);

        Assert.Equal(300, total);
        Assert.Equal(Expected(written, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, true), sequences);
    }
}
