using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests.OpenMetadata;

/// <summary>OpenMetadata's lineage API as its SDK calls it: tables, AddLineage, lineage by id and name, DELETE, search lineage.</summary>
public sealed class OpenMetadataLineageTests : IAsyncLifetime
{
    private readonly ServerFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        await OpenMetadataSeed.SendAsync(_client);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private Task<JsonElement> GetAsync(string path) => _client.GetFromJsonAsync<JsonElement>(path);

    private async Task<Guid> TableIdAsync(string fqn) =>
        Guid.Parse((await GetAsync("/api/v1/tables/name/" + Uri.EscapeDataString(fqn))).GetProperty("id").GetString()!);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> AddLineageAsync(Guid from, Guid to, string details = "", string description = "ETL pipeline: customer_orders_etl") =>
        _client.PutAsync("/api/v1/lineage", Json(
            $$"""{"edge":{"fromEntity":{"id":"{{from}}","type":"table"},"toEntity":{"id":"{{to}}","type":"table"}{{details}}},"description":"{{description}}"}"""));

    private async Task<int> EventCountAsync() =>
        (await GetAsync("/api/v1/events/lineage?limit=1000")).GetProperty("events").GetArrayLength();

    [Fact]
    public async Task Tables_are_listed_in_openmetadata_shape_with_columns_types_and_cursor_paging()
    {
        var first = await GetAsync("/api/v1/tables?limit=3");
        var second = await GetAsync("/api/v1/tables?limit=3&after=" + Uri.EscapeDataString(first.GetProperty("paging").GetProperty("after").GetString()!));

        Assert.Equal(6, first.GetProperty("paging").GetProperty("total").GetInt32());
        Assert.Equal(3, first.GetProperty("data").GetArrayLength());
        Assert.All(first.GetProperty("data").EnumerateArray(), OpenMetadataShapes.TableEntity);
        var names = first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray()).Select(t => t.GetProperty("fullyQualifiedName").GetString()).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToList(), names);
        Assert.Equal(6, names.Distinct().Count());
        var customers = await GetAsync("/api/v1/tables/name/warehouse.default.default.customers");
        Assert.Equal("customers", customers.GetProperty("name").GetString());
        Assert.Equal(["INT", "VARCHAR"], customers.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("dataType").GetString()!).ToArray());
        Assert.Equal(255, customers.GetProperty("columns")[1].GetProperty("dataLength").GetInt32());
        Assert.Equal("warehouse.default.default.customers.email", customers.GetProperty("columns")[1].GetProperty("fullyQualifiedName").GetString());
    }

    [Fact]
    public async Task A_table_by_id_and_by_name_is_the_same_and_its_id_is_the_same_on_another_server()
    {
        var byName = await GetAsync("/api/v1/tables/name/warehouse.default.default.orders");
        var id = byName.GetProperty("id").GetString();
        var byId = await GetAsync("/api/v1/tables/" + id);
        using var other = new ServerFactory();
        var otherClient = other.CreateClient();
        await OpenMetadataSeed.SendAsync(otherClient);
        var elsewhere = await otherClient.GetFromJsonAsync<JsonElement>("/api/v1/tables/name/warehouse.default.default.orders");

        Assert.Equal(byName.GetRawText(), byId.GetRawText());
        Assert.Equal(id, elsewhere.GetProperty("id").GetString());
        Assert.Equal($"http://localhost/api/v1/tables/{id}", byId.GetProperty("href").GetString());
    }

    [Fact]
    public async Task Unknown_ids_and_names_get_404_with_a_message_and_bad_ids_400()
    {
        var unknownId = await _client.GetAsync("/api/v1/tables/" + Guid.NewGuid());
        var unknownName = await _client.GetAsync("/api/v1/tables/name/warehouse.default.default.nothing");
        var unknownLineage = await _client.GetAsync($"/api/v1/lineage/table/{Guid.NewGuid()}");
        var notUuid = await _client.GetAsync("/api/v1/lineage/table/not-a-uuid");
        var badType = await _client.GetAsync($"/api/v1/lineage/dashboard/{Guid.NewGuid()}");
        var badCursor = await _client.GetAsync("/api/v1/tables?after=%%%");

        Assert.Equal(HttpStatusCode.NotFound, unknownId.StatusCode);
        Assert.Contains("not found", (await unknownId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownLineage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notUuid.StatusCode);
        Assert.Contains("not a UUID", await notUuid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("'dashboard'", await badType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Theory]
    [InlineData("upstreamDepth=4")]
    [InlineData("downstreamDepth=-1")]
    [InlineData("upstreamDepth=abc")]
    [InlineData("downstreamDepth=1.5")]
    public async Task A_depth_outside_0_to_3_is_a_bad_request_that_names_it(string query)
    {
        var id = await TableIdAsync("warehouse.default.default.orders");

        var response = await _client.GetAsync($"/api/v1/lineage/table/{id}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(query.Split('=')[0], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lineage_from_events_has_table_to_table_edges_with_the_pipeline_sql_and_column_pairs()
    {
        var revenue = await TableIdAsync("warehouse.default.default.revenue");
        var orders = await TableIdAsync("warehouse.default.default.orders");

        var lineage = await GetAsync($"/api/v1/lineage/table/{revenue}?upstreamDepth=3&downstreamDepth=0");

        OpenMetadataShapes.Lineage(lineage);
        Assert.Equal(revenue.ToString(), lineage.GetProperty("entity").GetProperty("id").GetString());
        Assert.Equal(["warehouse.default.default.orders", "warehouse.default.default.raw_orders"], lineage.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("fullyQualifiedName").GetString()!).ToArray());
        var edge = lineage.GetProperty("upstreamEdges").EnumerateArray().Single(e => e.GetProperty("toEntity").GetString() == revenue.ToString());
        Assert.Equal(orders.ToString(), edge.GetProperty("fromEntity").GetString());
        var details = edge.GetProperty("lineageDetails");
        Assert.Equal("SELECT day, sum(amount) AS total FROM orders GROUP BY day", details.GetProperty("sqlQuery").GetString());
        Assert.Equal("etl.daily_revenue", details.GetProperty("pipeline").GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("pipeline", details.GetProperty("pipeline").GetProperty("type").GetString());
        var column = Assert.Single(details.GetProperty("columnsLineage").EnumerateArray());
        Assert.Equal("warehouse.default.default.revenue.total", column.GetProperty("toColumn").GetString());
        Assert.Equal(["warehouse.default.default.orders.amount"], column.GetProperty("fromColumns").EnumerateArray().Select(c => c.GetString()!).ToArray());
        Assert.Equal(2, lineage.GetProperty("upstreamEdges").GetArrayLength());
        Assert.Equal(0, lineage.GetProperty("downstreamEdges").GetArrayLength());
    }

    [Fact]
    public async Task The_same_lineage_is_reached_by_name_and_by_id()
    {
        var id = await TableIdAsync("warehouse.default.default.orders");

        var byId = await GetAsync($"/api/v1/lineage/table/{id}?upstreamDepth=1&downstreamDepth=1");
        var byName = await GetAsync("/api/v1/lineage/table/name/warehouse.default.default.orders?upstreamDepth=1&downstreamDepth=1");

        Assert.Equal(byId.GetRawText(), byName.GetRawText());
        Assert.Single(byId.GetProperty("upstreamEdges").EnumerateArray());
        Assert.Single(byId.GetProperty("downstreamEdges").EnumerateArray());
    }

    [Fact]
    public async Task AddLineage_stores_an_event_whose_edge_the_lineage_get_returns_with_sql_columns_and_description()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        var before = await EventCountAsync();

        var put = await AddLineageAsync(customers, summary,
            ""","lineageDetails":{"sqlQuery":"INSERT INTO customer_summary SELECT id, sha256(email) FROM customers","columnsLineage":[{"fromColumns":["warehouse.default.default.customers.id"],"toColumn":"warehouse.default.default.customer_summary.customer_id"},{"fromColumns":["warehouse.default.default.customers.email"],"toColumn":"warehouse.default.default.customer_summary.email_hash","function":"sha256(email)"}]}""");
        var lineage = await GetAsync($"/api/v1/lineage/table/{summary}?upstreamDepth=3&downstreamDepth=0");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(before + 1, await EventCountAsync());
        OpenMetadataShapes.Lineage(lineage);
        var edge = Assert.Single(lineage.GetProperty("upstreamEdges").EnumerateArray());
        Assert.Equal(customers.ToString(), edge.GetProperty("fromEntity").GetString());
        Assert.Equal("ETL pipeline: customer_orders_etl", edge.GetProperty("description").GetString());
        var details = edge.GetProperty("lineageDetails");
        Assert.Equal("Manual", details.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("pipeline").ValueKind);
        Assert.StartsWith("INSERT INTO customer_summary", details.GetProperty("sqlQuery").GetString(), StringComparison.Ordinal);
        var hash = details.GetProperty("columnsLineage").EnumerateArray().Single(c => c.GetProperty("toColumn").GetString()!.EndsWith("email_hash", StringComparison.Ordinal));
        Assert.Equal("sha256(email)", hash.GetProperty("function").GetString());
        Assert.Equal(["warehouse.default.default.customers.email"], hash.GetProperty("fromColumns").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    [Fact]
    public async Task The_same_AddLineage_sent_twice_however_formatted_stores_one_event_and_one_edge()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        const string Details = ""","lineageDetails":{"sqlQuery":"INSERT INTO customer_summary SELECT id FROM customers","columnsLineage":[{"fromColumns":["warehouse.default.default.customers.id"],"toColumn":"warehouse.default.default.customer_summary.customer_id"}]}""";
        var before = await EventCountAsync();

        var first = await AddLineageAsync(customers, summary, Details);
        await Task.Delay(20);
        var resent = await AddLineageAsync(customers, summary, Details);
        var reordered = await _client.PutAsync("/api/v1/lineage", Json($$"""
            { "description": "ETL pipeline: customer_orders_etl",
              "edge": { "lineageDetails": { "columnsLineage": [ { "toColumn": "warehouse.default.default.customer_summary.customer_id", "fromColumns": ["warehouse.default.default.customers.id"] } ],
                                            "sqlQuery": "INSERT INTO customer_summary SELECT id FROM customers" },
                        "toEntity": { "type": "table", "id": "{{summary}}" }, "fromEntity": { "type": "table", "id": "{{customers}}" } } }
            """));
        var afterRepeats = await EventCountAsync();
        var changed = await AddLineageAsync(customers, summary, Details, description: "now documented");
        var lineage = await GetAsync($"/api/v1/lineage/table/{summary}?upstreamDepth=1&downstreamDepth=0");
        var marquez = await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:customer_summary&depth=2");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { first.StatusCode, resent.StatusCode, reordered.StatusCode, changed.StatusCode });
        Assert.Equal(before + 1, afterRepeats);
        Assert.Equal(before + 2, await EventCountAsync());
        var edge = Assert.Single(lineage.GetProperty("upstreamEdges").EnumerateArray());
        Assert.Equal("now documented", edge.GetProperty("description").GetString());
        var summaryNode = marquez.GetProperty("graph").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "dataset:warehouse:customer_summary");
        Assert.Single(summaryNode.GetProperty("inEdges").EnumerateArray());
    }

    [Fact]
    public async Task An_AddLineage_resent_after_its_DELETE_is_stored_again()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        await AddLineageAsync(customers, summary);
        await _client.DeleteAsync($"/api/v1/lineage/table/{customers}/table/{summary}");
        var before = await EventCountAsync();

        await Task.Delay(20);
        await AddLineageAsync(customers, summary);

        Assert.Equal(before + 1, await EventCountAsync());
        Assert.Single((await GetAsync($"/api/v1/lineage/table/{summary}?upstreamDepth=1")).GetProperty("upstreamEdges").EnumerateArray());
    }

    [Fact]
    public async Task AddLineage_through_a_pipeline_puts_the_pipeline_on_the_edge()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        var lineage = await GetAsync($"/api/v1/lineage/table/{await TableIdAsync("warehouse.default.default.revenue")}?upstreamDepth=1&downstreamDepth=0");
        var pipeline = lineage.GetProperty("upstreamEdges")[0].GetProperty("lineageDetails").GetProperty("pipeline").GetProperty("id").GetString();

        var put = await AddLineageAsync(customers, summary, $$$""","lineageDetails":{"pipeline":{"id":"{{{pipeline}}}","type":"pipeline"}}""");
        var after = await GetAsync($"/api/v1/lineage/table/{summary}?upstreamDepth=1&downstreamDepth=0");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var edge = after.GetProperty("upstreamEdges").EnumerateArray().Single(e => e.GetProperty("fromEntity").GetString() == customers.ToString());
        Assert.Equal(pipeline, edge.GetProperty("lineageDetails").GetProperty("pipeline").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("""{"edge":{"fromEntity":{"id":"00000000-0000-0000-0000-000000000001","type":"table"}}}""", "$.edge.toEntity")]
    [InlineData("""{"edge":{"fromEntity":{"id":"nope","type":"table"},"toEntity":{"id":"00000000-0000-0000-0000-000000000001","type":"table"}}}""", "$.edge.fromEntity.id")]
    [InlineData("""{"edge":{"fromEntity":{"id":"00000000-0000-0000-0000-000000000001","type":"table","extra":1},"toEntity":{"id":"00000000-0000-0000-0000-000000000001","type":"table"}}}""", "unknown property 'extra'")]
    [InlineData("""{"edges":[]}""", "unknown property 'edges'")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    [InlineData("""{"edge":""", "not JSON")]
    public async Task A_malformed_AddLineage_request_is_a_bad_request_naming_the_place_and_stores_nothing(string body, string expected)
    {
        var before = await EventCountAsync();

        var response = await _client.PutAsync("/api/v1/lineage", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync());
    }

    [Fact]
    public async Task AddLineage_to_an_unknown_table_is_404_and_a_column_of_another_table_is_400_and_neither_stores_anything()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        var before = await EventCountAsync();

        var unknown = await AddLineageAsync(customers, Guid.NewGuid());
        var wrongColumn = await AddLineageAsync(customers, summary,
            ""","lineageDetails":{"columnsLineage":[{"fromColumns":["warehouse.default.default.orders.id"],"toColumn":"warehouse.default.default.customer_summary.customer_id"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("table instance for", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrongColumn.StatusCode);
        Assert.Contains("columnsLineage[0].fromColumns[0]", await wrongColumn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync());
    }

    [Fact]
    public async Task DELETE_removes_an_added_edge_as_an_event_and_a_second_DELETE_is_404()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        await AddLineageAsync(customers, summary);
        var before = await EventCountAsync();

        var delete = await _client.DeleteAsync($"/api/v1/lineage/table/{customers}/table/{summary}");
        var again = await _client.DeleteAsync($"/api/v1/lineage/table/{customers}/table/{summary}");
        var lineage = await GetAsync($"/api/v1/lineage/table/{summary}?upstreamDepth=3");
        var marquez = await GetAsync("/api/v1/lineage?nodeId=dataset:warehouse:customer_summary&depth=5");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(before + 1, await EventCountAsync());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("Lineage edge not found", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, lineage.GetProperty("upstreamEdges").GetArrayLength());
        Assert.Single(marquez.GetProperty("graph").EnumerateArray());
    }

    [Fact]
    public async Task Lineage_added_again_after_a_DELETE_is_back()
    {
        var customers = await TableIdAsync("warehouse.default.default.customers");
        var summary = await TableIdAsync("warehouse.default.default.customer_summary");
        await AddLineageAsync(customers, summary);
        await _client.DeleteAsync($"/api/v1/lineage/table/{customers}/table/{summary}");

        await Task.Delay(20);
        await AddLineageAsync(customers, summary);
        var lineage = await GetAsync($"/api/v1/lineage/table/{summary}?upstreamDepth=1");

        Assert.Single(lineage.GetProperty("upstreamEdges").EnumerateArray());
    }

    [Fact]
    public async Task DELETE_of_an_edge_a_pipeline_makes_with_other_lineage_is_a_conflict_that_changes_nothing()
    {
        var raw = await TableIdAsync("warehouse.default.default.raw_orders");
        var orders = await TableIdAsync("warehouse.default.default.orders");
        await _client.PostAsync("/api/v1/lineage", Events.Content(Events.Run("load_orders", ["raw_orders", "customers"], ["orders"])));
        var before = await EventCountAsync();

        var response = await _client.DeleteAsync($"/api/v1/lineage/table/{raw}/table/{orders}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("etl:load_orders", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync());
    }

    [Fact]
    public async Task Search_lineage_keys_nodes_by_name_and_edges_by_ids_with_layer_totals()
    {
        var result = await GetAsync("/api/v1/lineage/getLineage?fqn=warehouse.default.default.revenue&type=table&upstreamDepth=2&downstreamDepth=0");

        var nodes = result.GetProperty("nodes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(["warehouse.default.default.orders", "warehouse.default.default.raw_orders", "warehouse.default.default.revenue"], nodes.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(0, nodes["warehouse.default.default.revenue"].GetProperty("nodeDepth").GetInt32());
        Assert.Equal(2, nodes["warehouse.default.default.raw_orders"].GetProperty("nodeDepth").GetInt32());
        OpenMetadataShapes.Reference(nodes["warehouse.default.default.orders"].GetProperty("entity"));
        var edges = result.GetProperty("upstreamEdges").EnumerateObject().ToList();
        Assert.Equal(2, edges.Count);
        Assert.All(edges, e => Assert.Equal(e.Name, e.Value.GetProperty("doc_id").GetString()));
        Assert.All(edges, e => Assert.Equal(e.Value.GetProperty("fromEntity").GetProperty("id").GetString() + "-" + e.Value.GetProperty("toEntity").GetProperty("id").GetString(), e.Name));
        Assert.Equal([1, 2], result.GetProperty("paging").GetProperty("upstream").EnumerateArray().Select(l => l.GetProperty("layerNumber").GetInt32()).ToArray());
        var paged = await GetAsync("/api/v1/lineage/getLineage?fqn=warehouse.default.default.revenue&upstreamDepth=2&from=0&size=1");
        Assert.Equal(2, paged.GetProperty("nodes").EnumerateObject().Count());
        Assert.Single(paged.GetProperty("upstreamEdges").EnumerateObject());
    }

    [Theory]
    [InlineData("/api/v1/lineage/getLineage?type=table", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/lineage/getLineage?fqn=warehouse.default.default.revenue&upstreamDepth=9", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/lineage/getLineage?fqn=warehouse.default.default.revenue&size=-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/lineage/getLineage?fqn=nothing.at.all", HttpStatusCode.NotFound)]
    public async Task Search_lineage_rejects_a_missing_name_bad_depth_and_size_and_does_not_find_unknown_names(string path, HttpStatusCode status)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_hostile_table_name_is_quoted_in_its_name_reached_by_it_and_returned_as_data()
    {
        var fqn = "warehouse.default.default." + "\"" + OpenMetadataSeed.HostileName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        var table = await GetAsync("/api/v1/tables/name/" + Uri.EscapeDataString(fqn));
        var lineage = await _client.GetAsync("/api/v1/lineage/table/name/" + Uri.EscapeDataString(fqn));

        Assert.Equal(OpenMetadataSeed.HostileName, table.GetProperty("name").GetString());
        Assert.Equal(fqn, table.GetProperty("fullyQualifiedName").GetString());
        Assert.Equal(HttpStatusCode.OK, lineage.StatusCode);
        Assert.Equal("application/json", lineage.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OpenMetadataSeed.HostileName, (await lineage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entity").GetProperty("name").GetString());
    }
}
