using System.Text;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tests.Support;

namespace Tributary.Tests.Json;

public sealed class SchemaValidationTests
{
    /// <summary>Validates events against OpenLineage.json 2-0-2 and the facet schemas with ajv (draft 2020-12).</summary>
    public static (int ExitCode, string Output) Validate(IEnumerable<LineageEvent> events)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tributary-schema-{Guid.NewGuid():N}.ndjson");
        try
        {
            File.WriteAllLines(file, events.Select(LineageJson.Serialize), new UTF8Encoding(false));
            return NodeTool.Run("schema-validator", "validate.mjs", TestData.PathOf("openlineage", "spec"), file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Validates an NDJSON file of events as it is.</summary>
    public static (int ExitCode, string Output) ValidateFile(string ndjson) =>
        NodeTool.Run("schema-validator", "validate.mjs", TestData.PathOf("openlineage", "spec"), ndjson);

    [Fact]
    public void Events_with_every_typed_facet_validate_against_the_spec_and_facet_schemas()
    {
        var events = new LineageEvent[] { RichEvents.RunEvent(), RichEvents.DatasetEvent(), RichEvents.JobEvent() };

        var (code, output) = Validate(events);

        Assert.True(code == 0, output);
        Assert.Contains("validated 3 events, 0 problems", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_catches_an_event_that_breaks_a_facet_schema()
    {
        var broken = RichEvents.RunEvent() with
        {
            Job = new Job("ns", "job") { Facets = FacetSet.Empty.With("sql", new SqlJobFacet("select 1") { SchemaUrl = "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet", Producer = "not a uri" }) },
        };

        var (code, output) = Validate([broken]);

        Assert.NotEqual(0, code);
        Assert.Contains("_producer", output, StringComparison.Ordinal);
    }
}
