using System.Net;
using System.Net.Http.Headers;
using Tributary.Server.Load;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>Issue 10, item 1 over HTTP: a statement of 100,000 columns neither stalls the server nor holds up other producers.</summary>
public sealed class WideSqlTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static string FieldId(string dataset, string field) => Uri.EscapeDataString($"datasetField:{WideSqlEvent.Namespace}:{dataset}:{field}");

    [Fact(Timeout = 120_000)]
    public async Task A_100000_column_sql_event_is_accepted_with_its_lineage_while_other_producers_post_meanwhile()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Tributary:SqlDerivationBudgetMilliseconds"] = "60000" });
        using var client = factory.CreateClient();
        client.Timeout = HangGuard;

        var wide = client.PostAsync("/api/v1/lineage", Json(WideSqlEvent.Create(100_000, Guid.NewGuid())));
        var others = Enumerable.Range(0, 4).Select(i => client.PostAsync("/api/v1/lineage", Json(WideSqlEvent.Create(3, Guid.NewGuid(), $"small_{i}")))).ToList();

        foreach (var other in others)
        {
            Assert.Equal(HttpStatusCode.Created, (await other.WaitAsync(HangGuard)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await wide.WaitAsync(HangGuard)).StatusCode);
        var lineage = await client.GetStringAsync($"/api/v1/column-lineage?nodeId={FieldId("analytics.wide_out", WideSqlEvent.Column(99_999))}&depth=1");
        Assert.Contains($"datasetField:{WideSqlEvent.Namespace}:raw.wide_src:{WideSqlEvent.Column(99_999)}", lineage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_derivation_turned_off_in_the_settings_the_server_derives_no_column_lineage()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Tributary:DeriveColumnLineageFromSql"] = "false" });
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/api/v1/lineage", Json(WideSqlEvent.Create(3, Guid.NewGuid())));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/lineage?nodeId={Uri.EscapeDataString($"dataset:{WideSqlEvent.Namespace}:analytics.wide_out")}")).StatusCode);
        var field = await client.GetAsync($"/api/v1/column-lineage?nodeId={FieldId("analytics.wide_out", WideSqlEvent.Column(0))}&depth=1");
        Assert.Equal(HttpStatusCode.NotFound, field.StatusCode); // the event names no fields; only derivation would have
    }

    [Fact]
    public async Task With_derivation_on_the_same_event_gets_column_lineage()
    {
        using var factory = new ServerFactory();
        using var client = factory.CreateClient();

        await client.PostAsync("/api/v1/lineage", Json(WideSqlEvent.Create(3, Guid.NewGuid())));

        var lineage = await client.GetStringAsync($"/api/v1/column-lineage?nodeId={FieldId("analytics.wide_out", WideSqlEvent.Column(0))}&depth=1");
        Assert.Contains($"datasetField:{WideSqlEvent.Namespace}:raw.wide_src:{WideSqlEvent.Column(0)}", lineage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_derivation_budget_is_refused_at_start_with_the_setting_named()
    {
        using var factory = new ServerFactory(new Dictionary<string, string?> { ["Tributary:SqlDerivationBudgetMilliseconds"] = "-1" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Tributary:SqlDerivationBudgetMilliseconds", error.GetBaseException().Message, StringComparison.Ordinal);
    }
}
