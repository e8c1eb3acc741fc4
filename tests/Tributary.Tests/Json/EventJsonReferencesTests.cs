using System.Text;
using Tributary.Json;
using Tributary.Model.Facets;

namespace Tributary.Tests.Json;

public sealed class EventJsonReferencesTests
{
    private const string Plain = "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2024-01-01T00:00:00Z\",\"run\":{\"runId\":\"00000000-0000-7000-8000-000000000001\"},\"job\":{\"namespace\":\"n\",\"name\":\"j\"},\"inputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"a\"}],\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\"}],\"producer\":\"p\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}";

    [Fact]
    public void An_event_without_facets_or_unknown_properties_holds_no_json_and_reads_whole()
    {
        var e = LineageJson.Deserialize(Encoding.UTF8.GetBytes(Plain));

        Assert.False(EventJsonReferences.Any(e));
        Assert.Equal(Plain.Length, LineageJson.Serialize(e).Length);
    }

    [Fact]
    public void A_raw_facet_read_in_one_pass_keeps_its_own_bytes_so_the_parsed_document_is_given_back()
    {
        var json = Plain.Replace(
            "\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\"}]",
            "\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\",\"facets\":{\"custom\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"x\":[1,2]}}}]",
            StringComparison.Ordinal);
        var e = (Tributary.Model.RunEvent)LineageJson.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.False(EventJsonReferences.Any(e));
        GC.Collect();
        Assert.Equal(json.Length, LineageJson.Serialize(e).Length);
        Assert.Equal(2, Assert.IsType<RawFacet>(e.Outputs[0].Facets["custom"]).Json.GetProperty("x").GetArrayLength());
    }

    [Theory]
    [InlineData("\"producer\":\"p\"", "\"producer\":\"p\",\"extra\":{\"kept\":true}")]
    [InlineData("\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\"}]", "\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\",\"facets\":{\"custom\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"_deleted\":false}}}]")]
    [InlineData("\"job\":{\"namespace\":\"n\",\"name\":\"j\"}", "\"job\":{\"namespace\":\"n\",\"name\":\"j\",\"owner\":\"o\"}")]
    public void An_event_read_by_the_general_reader_with_raw_facets_or_unknown_properties_keeps_its_json_readable(string plain, string rich)
    {
        var json = Plain.Replace(plain, rich, StringComparison.Ordinal);
        var e = LineageJson.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.True(EventJsonReferences.Any(e));
        // Written back from the elements it kept, after reading: the document they point into is still alive.
        GC.Collect();
        Assert.Equal(json.Length, LineageJson.Serialize(e).Length);
    }

    [Theory]
    [InlineData("{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"rowCount\":3,\"unmodelled\":[1,2]}")]
    [InlineData("{ \"_producer\": \"p\",\n  \"_schemaURL\": \"s\", \"rowCount\": 3, \"note\": \"caf\\u00e9\" }")]
    public void A_typed_facet_keeps_its_own_bytes_so_the_parsed_document_is_given_back(string facet)
    {
        var json = Plain.Replace(
            "\"inputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"a\"}]",
            "\"inputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"a\",\"inputFacets\":{\"inputStatistics\":" + facet + "}}]",
            StringComparison.Ordinal);
        var e = (Tributary.Model.RunEvent)LineageJson.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.False(EventJsonReferences.Any(e));
        var statistics = e.Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>();
        Assert.NotNull(statistics);
        Assert.Equal(3, statistics.RowCount);
        // Written back as it came (compacted when it was not compact), unmodelled properties included.
        GC.Collect();
        var written = LineageJson.Serialize(e);
        using var expected = System.Text.Json.JsonDocument.Parse(facet);
        using var actual = System.Text.Json.JsonDocument.Parse(written);
        var source = actual.RootElement.GetProperty("inputs")[0].GetProperty("inputFacets").GetProperty("inputStatistics");
        Assert.True(System.Text.Json.JsonElement.DeepEquals(expected.RootElement, source));
        Assert.True(System.Text.Json.JsonElement.DeepEquals(expected.RootElement, statistics.Source!.Value));
        Assert.DoesNotContain("\n", written, StringComparison.Ordinal);
    }
}
