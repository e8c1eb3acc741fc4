using System.Text.Json.Nodes;

namespace Tributary.Server.Tests.Support;

/// <summary>Small valid OpenLineage events for tests that state only what matters to them.</summary>
public static class Events
{
    private const string Producer = "https://github.com/tributary/tests";
    private const string SchemaUrl = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    /// <summary>A RunEvent of <paramref name="job"/> reading <paramref name="inputs"/> and writing <paramref name="outputs"/> (names in namespace <c>warehouse</c>).</summary>
    public static JsonObject Run(
        string job, string[] inputs, string[] outputs, string eventType = "COMPLETE", Guid? runId = null, DateTimeOffset? at = null,
        Dictionary<string, string[]>? columns = null, string? sql = null, string jobNamespace = "etl", string datasetNamespace = "warehouse")
    {
        JsonObject Dataset(string name, bool output)
        {
            var facets = new JsonObject();
            if (columns is not null && columns.TryGetValue(name, out var fields))
            {
                facets["schema"] = new JsonObject
                {
                    ["_producer"] = Producer,
                    ["_schemaURL"] = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json",
                    ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Split("<-")[0], ["type"] = "STRING" })]),
                };
                if (output && fields.Any(f => f.Contains("<-", StringComparison.Ordinal)))
                {
                    var lineage = new JsonObject();
                    foreach (var field in fields.Where(f => f.Contains("<-", StringComparison.Ordinal)))
                    {
                        var parts = field.Split("<-");
                        var source = parts[1].Split('.');
                        lineage[parts[0]] = new JsonObject
                        {
                            ["inputFields"] = new JsonArray(new JsonObject
                            {
                                ["namespace"] = datasetNamespace,
                                ["name"] = source[0],
                                ["field"] = source[1],
                                ["transformations"] = new JsonArray(new JsonObject { ["type"] = "DIRECT", ["subtype"] = "IDENTITY" }),
                            }),
                        };
                    }

                    facets["columnLineage"] = new JsonObject
                    {
                        ["_producer"] = Producer,
                        ["_schemaURL"] = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                        ["fields"] = lineage,
                    };
                }
            }

            return new JsonObject { ["namespace"] = datasetNamespace, ["name"] = name, ["facets"] = facets };
        }

        var jobFacets = new JsonObject();
        if (sql is not null)
        {
            jobFacets["sql"] = new JsonObject { ["_producer"] = Producer, ["_schemaURL"] = "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json", ["query"] = sql };
        }

        return new JsonObject
        {
            ["eventType"] = eventType,
            ["eventTime"] = (at ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)).ToString("O"),
            ["producer"] = Producer,
            ["schemaURL"] = SchemaUrl,
            ["run"] = new JsonObject { ["runId"] = (runId ?? Guid.NewGuid()).ToString() },
            ["job"] = new JsonObject { ["namespace"] = jobNamespace, ["name"] = job, ["facets"] = jobFacets },
            ["inputs"] = new JsonArray([.. inputs.Select(i => (JsonNode)Dataset(i, false))]),
            ["outputs"] = new JsonArray([.. outputs.Select(o => (JsonNode)Dataset(o, true))]),
        };
    }

    /// <summary>The JSON content of an event for an HTTP request.</summary>
    public static StringContent Content(JsonNode json) => new(json.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    /// <summary>The JSON content of raw text for an HTTP request.</summary>
    public static StringContent Content(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
