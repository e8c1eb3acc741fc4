using System.Text.Json;
using System.Xml.Linq;
using Tributary.Export;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Export;

// Every export format shows the tags put on a node apart from those that came along lineage, each of those with its
// origin; a tag named to break the format comes out inert.
public sealed class ClassificationExportTests
{
    private static readonly DatasetId Raw = new("postgres://db:5432", "public.orders_raw");
    private static readonly NodeId RawAmount = NodeId.From(Raw.Field("amount"));
    private static readonly NodeId StagingAmount = NodeId.From(new DatasetId("warehouse", "staging.orders").Field("amount"));

    private static LineageVisualizer Visualizer(bool fields = true) =>
        ExportFixture.Visualizer(ExportEvents.Retail().Append(new DatasetEvent
        {
            EventTime = ExportEvents.Now,
            Producer = "https://github.com/tributary/tests",
            Dataset = new Dataset(Raw) { Facets = FacetSet.Empty.With(TagsFacet.Key, new TagsFacet { Tags = [new Tag(ExportEvents.Hostile, "true", "USER", "amount")] }) },
        }), new ExportOptions { IncludeFields = fields });

    [Fact]
    public void Json_export_lists_tags_put_on_a_field_apart_from_those_propagated_to_it_with_their_origin()
    {
        var json = ExportFixture.Render(w => Visualizer().Export("json", w));

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        var nodes = JsonDocument.Parse(json).RootElement.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var put = Assert.Single(nodes[RawAmount.ToString()].GetProperty("tags").EnumerateArray());
        Assert.Equal(ExportEvents.Hostile, put.GetProperty("tag").GetProperty("key").GetString());
        Assert.False(nodes[RawAmount.ToString()].TryGetProperty("propagatedTags", out _));
        var propagated = Assert.Single(nodes[StagingAmount.ToString()].GetProperty("propagatedTags").EnumerateArray());
        Assert.Equal((ExportEvents.Hostile, RawAmount.ToString(), true), (propagated.GetProperty("tag").GetProperty("key").GetString(), propagated.GetProperty("origin").GetString(), propagated.GetProperty("propagated").GetBoolean()));
        Assert.Equal([RawAmount.ToString(), StagingAmount.ToString()], propagated.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.False(nodes[StagingAmount.ToString()].TryGetProperty("tags", out _));
    }

    [Fact]
    public void A_dataset_drawn_without_its_fields_carries_their_tags_with_the_field_named()
    {
        var json = ExportFixture.Render(w => Visualizer(fields: false).Export("json", w));

        var staging = JsonDocument.Parse(json).RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == ExportFixture.Staging().ToString());
        var propagated = Assert.Single(staging.GetProperty("propagatedTags").EnumerateArray());
        Assert.Equal(("amount", RawAmount.ToString()), (propagated.GetProperty("tag").GetProperty("field").GetString(), propagated.GetProperty("origin").GetString()));
    }

    [Fact]
    public void Marquez_json_keeps_its_tags_for_those_put_and_adds_propagated_tags_with_their_origin()
    {
        var json = ExportFixture.Render(w => Visualizer().Export("marquez", w));

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        var graph = JsonDocument.Parse(json).RootElement.GetProperty("graph").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var staging = graph[StagingAmount.ToString()].GetProperty("data");
        Assert.Empty(staging.GetProperty("tags").EnumerateArray());
        Assert.Equal(RawAmount.ToString(), Assert.Single(staging.GetProperty("propagatedTags").EnumerateArray()).GetProperty("origin").GetString());
        Assert.Equal(ExportEvents.Hostile, Assert.Single(graph[RawAmount.ToString()].GetProperty("data").GetProperty("tags").EnumerateArray()).GetString());
        Assert.False(graph[RawAmount.ToString()].GetProperty("data").TryGetProperty("propagatedTags", out _));
    }

    [Fact]
    public void Dot_labels_list_propagated_tags_with_their_origin_outline_the_node_twice_and_still_render()
    {
        var dot = Visualizer().ExportToDot();

        var staging = dot.Split('\n').Single(l => l.StartsWith("  \"" + StagingAmount + "\" [", StringComparison.Ordinal));
        var raw = dot.Split('\n').Single(l => l.StartsWith("  \"" + RawAmount + "\" [", StringComparison.Ordinal));
        Assert.Contains(" (propagated from public.orders_raw.amount)\"", staging, StringComparison.Ordinal);
        Assert.Contains("peripheries=2", staging, StringComparison.Ordinal);
        Assert.DoesNotContain("propagated", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("peripheries", raw, StringComparison.Ordinal);
        var (exitCode, svg, errors) = Graphviz.RenderSvg(dot);
        Assert.True(exitCode == 0, errors);
        var nodes = XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "node").ToList();
        Assert.Equal(13, nodes.Count);
        var text = nodes.Single(n => n.Elements().First(e => e.Name.LocalName == "title").Value == StagingAmount.ToString()).Value;
        Assert.Contains("<img src=x onerror=alert(1)>\"q\" 'a'", text, StringComparison.Ordinal);
        Assert.Contains("(propagated from public.orders_raw.amount)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Mermaid_labels_list_propagated_tags_as_entity_codes_and_mark_the_node_propagated()
    {
        var mermaid = Visualizer().ExportToMermaid();

        Assert.DoesNotContain("<img", mermaid, StringComparison.Ordinal);
        var lines = mermaid.Split('\n');
        var staging = lines.Single(l => l.Contains("staging.orders.amount", StringComparison.Ordinal));
        Assert.Contains("#lt;img src=x onerror=alert#40;1#41;#gt;", staging, StringComparison.Ordinal);
        Assert.Contains(" #40;propagated from public.orders_raw.amount#41;", staging, StringComparison.Ordinal);
        var id = staging.Trim()[..staging.Trim().IndexOf('[', StringComparison.Ordinal)];
        var marked = lines.Single(l => l.StartsWith("  class ", StringComparison.Ordinal) && l.EndsWith(" propagated", StringComparison.Ordinal));
        Assert.Contains(id, marked.Split(' ')[3].Split(','));
        Assert.Contains("  classDef propagated ", mermaid, StringComparison.Ordinal);
        var raw = lines.Single(l => l.Contains("[\"public.orders_raw.amount<br/>", StringComparison.Ordinal));
        Assert.Contains("#lt;img src=x onerror=alert#40;1#41;#gt;", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("propagated", raw, StringComparison.Ordinal);
    }
}
