using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.OpenMetadata;

/// <summary>
/// A small pipeline for the OpenMetadata API tests: raw_orders → load_orders → orders → daily_revenue → revenue (with
/// column lineage and SQL), and two tables no lineage joins yet: customers and customer_summary, plus one whose name
/// is hostile.
/// </summary>
internal static class OpenMetadataSeed
{
    public const string HostileName = "../\"evil\".<script>alert(1)</script>";

    public static async Task SendAsync(HttpClient client)
    {
        var day = new DateTimeOffset(2025, 3, 1, 6, 0, 0, TimeSpan.Zero);
        var columns = new Dictionary<string, string[]>
        {
            ["raw_orders"] = ["id", "amount", "email"],
            ["orders"] = ["id<-raw_orders.id", "amount<-raw_orders.amount", "email<-raw_orders.email"],
            ["revenue"] = ["day", "total<-orders.amount"],
        };
        JsonNode[] events =
        [
            Events.Run("load_orders", ["raw_orders"], ["orders"], "COMPLETE", null, day, columns),
            Events.Run("daily_revenue", ["orders"], ["revenue"], "COMPLETE", null, day.AddMinutes(5), columns, "SELECT day, sum(amount) AS total FROM orders GROUP BY day"),
            Dataset("customers", day, ("id", "INTEGER"), ("email", "VARCHAR(255)")),
            Dataset("customer_summary", day, ("customer_id", "BIGINT"), ("email_hash", "STRING")),
            Dataset(HostileName, day, ("x", "int")),
        ];
        var response = await client.PostAsync("/api/v1/lineage/batch", Events.Content(new JsonArray(events)));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (body?["status"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException("The seed did not go in: " + body);
        }
    }

    public static JsonObject Dataset(string name, DateTimeOffset at, params (string Name, string Type)[] fields) => new()
    {
        ["eventTime"] = at.ToString("O"),
        ["producer"] = "https://github.com/tributary/tests",
        ["schemaURL"] = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
        ["dataset"] = new JsonObject
        {
            ["namespace"] = "warehouse",
            ["name"] = name,
            ["facets"] = new JsonObject
            {
                ["schema"] = new JsonObject
                {
                    ["_producer"] = "https://github.com/tributary/tests",
                    ["_schemaURL"] = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json",
                    ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)new JsonObject { ["name"] = f.Name, ["type"] = f.Type })]),
                },
            },
        },
    };
}
