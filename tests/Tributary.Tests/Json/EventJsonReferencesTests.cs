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

    [Theory]
    [InlineData("\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\"}]", "\"outputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"b\",\"facets\":{\"custom\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"x\":[1,2]}}}]")]
    [InlineData("\"producer\":\"p\"", "\"producer\":\"p\",\"extra\":{\"kept\":true}")]
    [InlineData("\"job\":{\"namespace\":\"n\",\"name\":\"j\"}", "\"job\":{\"namespace\":\"n\",\"name\":\"j\",\"owner\":\"o\"}")]
    [InlineData("\"inputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"a\"}]", "\"inputs\":[{\"namespace\":\"postgres://db:5432\",\"name\":\"a\",\"inputFacets\":{\"inputStatistics\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"rowCount\":3}}}]")]
    public void An_event_with_facets_or_unknown_properties_keeps_its_json_readable(string plain, string rich)
    {
        var json = Plain.Replace(plain, rich, StringComparison.Ordinal);
        var e = LineageJson.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.True(EventJsonReferences.Any(e));
        // Written back from the elements it kept, after reading: the document they point into is still alive.
        GC.Collect();
        Assert.Equal(json.Length, LineageJson.Serialize(e).Length);
    }
}
