using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tributary.Server.Tests.Support;

/// <summary>
/// A server holding a small pipeline: raw_orders → load_orders → orders → daily_revenue → revenue, with column
/// lineage (revenue.total ← orders.amount), SQL, a completed run and then a failed run of daily_revenue, and a file in S3.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    /// <summary>The run of daily_revenue that failed.</summary>
    public static readonly Guid FailedRun = Guid.Parse("0190b1a2-0000-7000-8000-000000000002");

    private readonly ServerFactory _factory = new();

    /// <summary>A client of the server.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends the pipeline's events.</summary>
    public async Task InitializeAsync()
    {
        Client = _factory.CreateClient();
        var day = new DateTimeOffset(2025, 3, 1, 6, 0, 0, TimeSpan.Zero);
        var columns = new Dictionary<string, string[]>
        {
            ["raw_orders"] = ["id", "amount", "email"],
            ["orders"] = ["id<-raw_orders.id", "amount<-raw_orders.amount", "email<-raw_orders.email"],
            ["revenue"] = ["day", "total<-orders.amount"],
        };
        var load = Guid.Parse("0190b1a2-0000-7000-8000-000000000001");
        var revenue = Guid.Parse("0190b1a2-0000-7000-8000-000000000003");
        JsonNode[] events =
        [
            Events.Run("load_orders", ["raw_orders"], ["orders"], "START", load, day, columns),
            Events.Run("load_orders", ["raw_orders"], ["orders"], "COMPLETE", load, day.AddMinutes(2), columns),
            Events.Run("daily_revenue", ["orders"], ["revenue"], "START", revenue, day.AddMinutes(5), columns, "SELECT day, sum(amount) AS total FROM orders GROUP BY day"),
            Events.Run("daily_revenue", ["orders"], ["revenue"], "COMPLETE", revenue, day.AddMinutes(9), columns, "SELECT day, sum(amount) AS total FROM orders GROUP BY day"),
            Events.Run("daily_revenue", ["orders"], ["revenue"], "START", FailedRun, day.AddDays(1), columns),
            Failed(Events.Run("daily_revenue", ["orders"], ["revenue"], "FAIL", FailedRun, day.AddDays(1).AddMinutes(1), columns)),
            Events.Run("export_file", ["revenue"], ["reports/2025/revenue.csv"], "COMPLETE", null, day.AddMinutes(10), datasetNamespace: "warehouse") is var export
                ? Retarget(export) : null!,
        ];
        var response = await Client.PostAsync("/api/v1/lineage/batch", Events.Content(new JsonArray(events)));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (body?["status"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException("The pipeline did not go in: " + body);
        }
    }

    /// <summary>Stops the server.</summary>
    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private static JsonNode Failed(JsonObject e)
    {
        e["run"]!["facets"] = new JsonObject
        {
            ["errorMessage"] = new JsonObject
            {
                ["_producer"] = "https://github.com/tributary/tests",
                ["_schemaURL"] = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json",
                ["message"] = "division by zero",
                ["programmingLanguage"] = "SQL",
            },
        };
        return e;
    }

    // The file lands in an S3 bucket, whose namespace and name hold slashes.
    private static JsonNode Retarget(JsonObject e)
    {
        e["outputs"]![0]!["namespace"] = "s3://bucket";
        return e;
    }
}
