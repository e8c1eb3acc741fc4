using Tributary.Graph;
using Tributary.Json;
using Tributary.Model;
using Tributary.Tests.Support;

namespace Tributary.Tests.Graph;

public sealed class RealEventTests
{
    private static LineageGraph Load(params string[] folder)
    {
        var files = Directory.GetFiles(TestData.PathOf(folder), "*.json").Order(StringComparer.Ordinal);
        return LineageGraph.From(files.Select(f => LineageJson.Deserialize(File.ReadAllBytes(f))));
    }

    [Fact]
    public void Spark_column_lineage_events_show_up_in_the_graph()
    {
        using var graph = Load("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");
        var tbl1 = new DatasetId("file", "/tmp/cll_test/tbl1");

        var upstream = graph.GetEdges(NodeId.From(tbl1.Field("ident")), LineageDirection.Upstream);
        var fromA = upstream.Single(e => e.From == NodeId.From(new DatasetId("file", "/tmp/cll_test/cll_source1").Field("a")));

        Assert.Contains(fromA.Transformations, t => t is { Type: "DIRECT", Subtype: "IDENTITY" });
        Assert.Contains(fromA.Transformations, t => t is { Type: "INDIRECT", Subtype: "JOIN" });
        Assert.Contains(upstream, e => e.From.Name == "/tmp/cll_test/cll_source2" && e.From.Field == "a");
    }

    [Fact]
    public void Spark_symlinked_table_names_resolve_to_the_file_datasets()
    {
        using var graph = Load("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");

        var resolved = graph.Resolve(NodeId.From(new DatasetId("file:/tmp/cll_test", "default.cll_source1")));

        Assert.Equal(NodeId.From(new DatasetId("file", "/tmp/cll_test/cll_source1")), resolved);
    }
}
