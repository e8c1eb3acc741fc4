using Tributary.Graph;

namespace Tributary.Tests.Graph;

/// <summary>
/// The list a dataset's versions are kept in must behave exactly as a <see cref="List{T}"/> would under every operation
/// the graph makes, across its block boundaries (512 items) and the switch from one block to many.
/// </summary>
public sealed class BlockListTests
{
    private sealed record Item(int Value);

    [Theory]
    [InlineData(300)]
    [InlineData(5000)]
    public void A_search_for_a_place_counts_the_items_before_it_as_a_pass_over_them_would_and_sees_their_indexes(int size)
    {
        // Sorted values with runs of repeats, built by inserts at random places so the blocks are split unevenly.
        var random = new Random(size);
        var values = Enumerable.Range(0, size).Select(_ => random.Next(size / 3)).Order().ToList();
        var list = new BlockList<int>();
        foreach (var value in values.OrderBy(_ => random.Next()).ToList())
        {
            var place = 0;
            while (place < list.Count && list[place] <= value)
            {
                place++;
            }

            list.Insert(place, value);
        }

        Assert.Equal(values, list);
        for (var probeValue = -1; probeValue <= (size / 3) + 1; probeValue += Math.Max(1, size / 200))
        {
            foreach (var count in new[] { 0, 1, size / 2, size - 1, size })
            {
                var probe = new Below(probeValue, list);
                Assert.Equal(values.Take(count).Count(v => v < probeValue), list.CountBefore(ref probe, count));
                Assert.False(probe.WrongIndex, "the search gave an item with another item's index");
            }
        }
    }

    // Before: the value is below the bound; checks the index the search gives with each item.
    private struct Below(int bound, BlockList<int> list) : IBlockProbe<int>
    {
        public bool WrongIndex { get; private set; }

        public bool Before(ref int item, int index)
        {
            WrongIndex |= list[index] != item;
            return item < bound;
        }
    }

    [Theory]
    [InlineData(1, 3000)]
    [InlineData(2, 1200)]
    [InlineData(3, 600)]
    public void Random_inserts_removals_and_appends_leave_it_equal_to_a_list_given_the_same_operations(int seed, int operations)
    {
        var random = new Random(seed);
        var expected = new List<Item>();
        var actual = new BlockList<Item>();
        for (var i = 0; i < operations; i++)
        {
            var choice = random.Next(10);
            if (choice < 5)
            {
                var at = random.Next(expected.Count + 1);
                var item = new Item(i);
                expected.Insert(at, item);
                actual.Insert(at, item);
            }
            else if (choice < 8 || expected.Count == 0)
            {
                var item = new Item(i);
                expected.Add(item);
                actual.Add(item);
            }
            else
            {
                var at = random.Next(expected.Count);
                expected.RemoveAt(at);
                actual.RemoveAt(at);
            }

            if (i % 97 == 0)
            {
                AssertSame(expected, actual);
            }
        }

        AssertSame(expected, actual);
    }

    [Fact]
    public void Inserting_each_item_at_a_random_place_among_thousands_keeps_them_in_the_order_given()
    {
        // What many runs at one event time do to a dataset's versions: each goes where its run id puts it.
        var random = new Random(7);
        var actual = new BlockList<Item>();
        var expected = new List<Item>();
        for (var i = 0; i < 5000; i++)
        {
            var item = new Item(random.Next());
            var at = expected.BinarySearch(item, Comparer<Item>.Create((a, b) => a.Value.CompareTo(b.Value)));
            at = at < 0 ? ~at : at;
            expected.Insert(at, item);
            actual.Insert(at, item);
        }

        AssertSame(expected, actual);
        Assert.Equal(expected.Select(e => e.Value).Order(), actual.Select(a => a.Value));
    }

    [Fact]
    public void Sorting_gives_the_order_a_list_sorted_the_same_way_has_and_appends_go_on_from_there()
    {
        var random = new Random(11);
        foreach (var count in new[] { 0, 1, 511, 512, 513, 2048 })
        {
            var items = Enumerable.Range(0, count).Select(_ => new Item(random.Next(1000))).ToList();
            var actual = new BlockList<Item>();
            actual.AddRange(items);
            var expected = items.OrderBy(i => i.Value).ToList();
            actual.Sort((a, b) => a.Value.CompareTo(b.Value));
            Assert.Equal(expected.Select(e => e.Value), actual.Select(a => a.Value));

            var extra = new Item(-1);
            actual.Add(extra);
            expected.Add(extra);
            Assert.Equal(expected.Select(e => e.Value), actual.Select(a => a.Value));
            Assert.Equal(count, actual.IndexOf(extra));
        }
    }

    [Fact]
    public void A_list_made_with_a_capacity_holds_what_is_added_past_it()
    {
        var actual = new BlockList<Item>(3000);
        var expected = Enumerable.Range(0, 3000).Select(i => new Item(i)).ToList();
        actual.AddRange(expected);
        AssertSame(expected, actual);
        Assert.Throws<ArgumentOutOfRangeException>(() => actual[3000]);
        Assert.Throws<ArgumentOutOfRangeException>(() => actual[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => actual.Insert(3001, new Item(0)));
    }

    [Fact]
    public void Removing_every_item_from_the_front_empties_it_and_it_fills_again()
    {
        var actual = new BlockList<Item>();
        var expected = new List<Item>();
        for (var i = 0; i < 1500; i++)
        {
            var item = new Item(i);
            actual.Add(item);
            expected.Add(item);
        }

        while (expected.Count > 0)
        {
            expected.RemoveAt(0);
            actual.RemoveAt(0);
        }

        Assert.Empty(actual);
        for (var i = 0; i < 700; i++)
        {
            var item = new Item(i);
            expected.Insert(i / 2, item);
            actual.Insert(i / 2, item);
        }

        AssertSame(expected, actual);
    }

    private static void AssertSame(List<Item> expected, BlockList<Item> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Same(expected[i], actual[i]);
        }

        var at = 0;
        foreach (var item in actual)
        {
            Assert.Same(expected[at++], item);
        }

        Assert.Equal(expected.Count, at);
    }
}
