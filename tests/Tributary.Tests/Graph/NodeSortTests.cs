using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Tests.Graph;

public sealed class NodeSortTests
{
    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sorting_by_prefix_keys_gives_exactly_the_order_of_the_full_comparison(int seed)
    {
        var random = new Random(seed);
        string[] namespaces = ["postgres://db:5432", "s3://lake", "", "ß://ü", "postgres://db:5432x"];
        string[] stems = ["public.orders_", "public.order", "", "数据_", "a\0", "Z", "public.orders_\u00ff\u0100", "\uffff"];
        var count = 64 + random.Next(3000);
        var ids = new NodeId[count];
        for (var i = 0; i < count; i++)
        {
            var ns = namespaces[random.Next(namespaces.Length)];
            var name = stems[random.Next(stems.Length)] + (random.Next(3) == 0 ? "" : random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (name.Length == 0)
            {
                name = "x";
            }

            ids[i] = random.Next(4) switch
            {
                0 => NodeId.From(new JobId(ns.Length == 0 ? "ns" : ns, name)),
                1 => NodeId.From(new FieldId(new DatasetId(ns.Length == 0 ? "ns" : ns, name), "c" + random.Next(5).ToString(System.Globalization.CultureInfo.InvariantCulture))),
                _ => NodeId.From(new DatasetId(ns.Length == 0 ? "ns" : ns, name)),
            };
        }

        var expected = (NodeId[])ids.Clone();
        var expectedOrder = Enumerable.Range(0, count).ToArray();
        Array.Sort(expected, expectedOrder, NodeOrder.Instance);
        var actualOrder = Enumerable.Range(0, count).ToArray();

        NodeSort.Sort(ids, actualOrder, count);

        Assert.Equal(expected, ids);
        for (var i = 0; i < count; i++)
        {
            // Equal ids may come in either order; what each position carries must be an index of an equal id.
            Assert.Equal(expected[i], expected[Array.IndexOf(expectedOrder, actualOrder[i])]);
        }
    }

    [Fact]
    public void Names_sharing_a_long_prefix_are_ordered_by_what_follows_it()
    {
        var ids = Enumerable.Range(0, 500).Reverse().Select(i => NodeId.From(new DatasetId("ns", "warehouse.sales.fact_orders_partition_" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var order = Enumerable.Range(0, ids.Length).ToArray();

        NodeSort.Sort(ids, order, ids.Length);

        Assert.Equal(ids.OrderBy(i => i.Name, StringComparer.Ordinal), ids);
        Assert.Equal(Enumerable.Range(0, 500).Reverse(), order);
    }
}
