using Tributary.Export;

namespace Tributary.Tests.Export;

public sealed class LayeredLayoutTests
{
    [Fact]
    public void Every_edge_of_an_acyclic_graph_points_to_a_later_layer()
    {
        (int, int)[] edges = [(0, 2), (1, 2), (2, 3), (3, 4), (0, 4), (5, 3)];

        var layout = LayeredLayout.Compute(6, edges);

        Assert.All(edges, e => Assert.True(layout.Layer[e.Item1] < layout.Layer[e.Item2]));
        Assert.Equal([0, 0, 1, 2, 3, 1], layout.Layer[..6]);
    }

    [Fact]
    public void A_source_sits_right_before_the_node_it_feeds()
    {
        var layout = LayeredLayout.Compute(5, [(0, 1), (1, 2), (2, 3), (4, 3)]);

        Assert.Equal(2, layout.Layer[4]);
    }

    [Fact]
    public void A_cycle_is_broken_and_still_laid_out_in_layers()
    {
        var layout = LayeredLayout.Compute(3, [(0, 1), (1, 2), (2, 0), (1, 1)]);

        Assert.Equal(3, layout.LayerCount);
        Assert.Equal([0, 1, 2], layout.Layer[..3]);
        Assert.Equal(2, layout.Routes[2][0]);
        Assert.Equal(0, layout.Routes[2][^1]);
        Assert.Equal([2, 1, 0], layout.Routes[2].Select(v => layout.Layer[v]));
    }

    [Fact]
    public void A_long_edge_is_routed_through_one_dummy_node_per_layer_it_crosses()
    {
        var layout = LayeredLayout.Compute(4, [(0, 1), (1, 2), (2, 3), (0, 3)]);

        Assert.Equal(4, layout.Routes[3].Length);
        Assert.Equal([0, 1, 2, 3], layout.Routes[3].Select(v => layout.Layer[v]));
    }

    [Fact]
    public void Crossing_reduction_untangles_two_crossed_pairs()
    {
        // 0→3 and 1→2 cross when layers keep index order; barycentric sweeps swap one pair.
        var layout = LayeredLayout.Compute(4, [(0, 3), (1, 2)]);

        Assert.Equal(layout.Slot[0] < layout.Slot[1], layout.Slot[3] < layout.Slot[2]);
    }
}
