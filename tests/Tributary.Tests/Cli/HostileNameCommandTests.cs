using System.Text;
using System.Text.Json.Nodes;
using Tributary.Model;

namespace Tributary.Tests.Cli;

/// <summary>
/// Issue 10, items 7 and 8 through the command line: nodes named with ':' (AWS Glue) are reached by the ids the
/// commands print, and control characters a producer put in field names, owners and error messages (ingest refuses
/// them in namespaces and names) reach the terminal only as visible escapes (\u001b), in every table command.
/// </summary>
public sealed class HostileNameCommandTests : IDisposable
{
    private const string Glue = "arn:aws:glue:us-east-1:123456789012";
    private const string Esc = "\u001b[31mred\u001b]0;title\u0007";
    private static readonly DatasetId Source = new(Glue, "raw.orders");
    private static readonly DatasetId Target = new(Glue, "mart:revenue");
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"tributary-hostile-{Guid.NewGuid():N}");
    private readonly string _events = Path.Combine(Path.GetTempPath(), $"tributary-hostile-{Guid.NewGuid():N}.ndjson");

    public HostileNameCommandTests()
    {
        var lines = new StringBuilder();
        lines.AppendLine(Event("COMPLETE", "2024-05-01T10:00:00Z", null).ToJsonString());
        lines.AppendLine(Event("FAIL", "2024-05-02T10:00:00Z", "boom" + Esc).ToJsonString());
        File.WriteAllText(_events, lines.ToString());
        var (code, output, error) = CliRunner.RunAsync("ingest", _events, "--store", _store).GetAwaiter().GetResult();
        Assert.True(code == 0, output + error);
    }

    public void Dispose()
    {
        File.Delete(_events);
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    private static JsonObject Facet(string schema, JsonObject body)
    {
        body["_producer"] = "https://example.com/p";
        body["_schemaURL"] = schema;
        return body;
    }

    private static JsonObject Event(string type, string time, string? error)
    {
        var owners = Facet("https://openlineage.io/spec/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet", new JsonObject
        {
            ["owners"] = new JsonArray(new JsonObject { ["name"] = "team:" + Esc, ["type"] = "MAINTAINER" }),
        });
        var schema = Facet("https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", new JsonObject
        {
            ["fields"] = new JsonArray(new JsonObject { ["name"] = "amount", ["type"] = "double" }, new JsonObject { ["name"] = "amount" + Esc, ["type"] = "double" }),
        });
        var lineage = Facet("https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet", new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["amount"] = new JsonObject
                {
                    ["inputFields"] = new JsonArray(new JsonObject { ["namespace"] = Glue, ["name"] = Source.Name, ["field"] = "amount" }),
                },
            },
        });
        var runFacets = new JsonObject();
        if (error is not null)
        {
            runFacets["errorMessage"] = Facet("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet", new JsonObject
            {
                ["message"] = error,
                ["programmingLanguage"] = "python",
            });
        }

        return new JsonObject
        {
            ["eventType"] = type,
            ["eventTime"] = time,
            ["producer"] = "https://example.com/p",
            ["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
            ["run"] = new JsonObject { ["runId"] = Guid.NewGuid().ToString(), ["facets"] = runFacets },
            ["job"] = new JsonObject { ["namespace"] = Glue, ["name"] = "etl:revenue" },
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["namespace"] = Glue, ["name"] = Source.Name,
                ["facets"] = new JsonObject { ["schema"] = Facet("https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", new JsonObject { ["fields"] = new JsonArray(new JsonObject { ["name"] = "amount", ["type"] = "double" }) }) },
            }),
            ["outputs"] = new JsonArray(new JsonObject
            {
                ["namespace"] = Glue, ["name"] = Target.Name,
                ["facets"] = new JsonObject { ["schema"] = schema, ["columnLineage"] = lineage, ["ownership"] = owners },
            }),
        };
    }

    private static void AssertNoRawControls(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            Assert.False(c is '\u001b' or '\u0007' or '\u202e', $"a raw U+{(int)c:X4} at {i} of: {text}");
        }
    }

    public static TheoryData<string[]> TableCommands => new()
    {
        new[] { "find" },
        new[] { "audit" },
        new[] { "failures" },
        new[] { "impact", "SOURCE" },
        new[] { "columns", "FIELD" },
        new[] { "root-cause", "TARGET" },
        new[] { "impact", "SOURCE", "--format", "text" },
        new[] { "impact", "SOURCE", "--format", "md" },
        new[] { "audit", "--format", "csv" },
    };

    private static string[] WithIds(string[] args) =>
    [
        .. args.Select(a => a switch
        {
            "SOURCE" => NodeId.From(Source).ToString(),
            "TARGET" => NodeId.From(Target).ToString(),
            "FIELD" => NodeId.From(Target.Field("amount" + Esc)).ToString(),
            _ => a,
        }),
    ];

    [Theory]
    [MemberData(nameof(TableCommands))]
    public async Task Escape_sequences_in_names_owners_and_errors_reach_the_terminal_only_as_visible_escapes(string[] command)
    {
        var (code, output, error) = await CliRunner.RunAsync([.. WithIds(command), "--store", _store]);

        Assert.True(code == 0, output + error);
        AssertNoRawControls(output);
        AssertNoRawControls(error);
        Assert.Contains("\\u001b", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_failures_table_shows_the_error_message_with_its_escapes_visible()
    {
        var (_, output, _) = await CliRunner.RunAsync("failures", "--store", _store);

        Assert.Contains("boom\\u001b[31mred\\u001b]0;title\\u0007", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lineage")]
    [InlineData("upstream")]
    [InlineData("root-cause")]
    [InlineData("export")]
    public async Task A_glue_dataset_is_reached_by_the_node_id_the_json_output_gives(string command)
    {
        var (_, json, _) = await CliRunner.RunAsync("find", "--format", "json", "--store", _store);
        var id = NodeId.From(Target).ToString();
        Assert.Contains(System.Text.Json.JsonSerializer.Serialize(id), json, StringComparison.Ordinal);

        var (code, output, error) = await CliRunner.RunAsync(command, id, "--format", "json", "--store", _store);

        Assert.True(code == 0, output + error);
        Assert.Contains("arn%3Aaws%3Aglue", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_named_with_an_escape_sequence_that_does_not_exist_is_reported_with_the_escape_visible()
    {
        var (code, _, error) = await CliRunner.RunAsync("lineage", "dataset:ns:nothing" + Esc, "--store", _store);

        Assert.Equal(1, code);
        AssertNoRawControls(error);
        Assert.Contains("nothing\\u001b[31mred", error, StringComparison.Ordinal);
    }
}
