using System.Text.Json;
using System.Text.Json.Nodes;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

/// <summary>
/// <c>impact --dbt target/manifest.json</c> on a store imported from the OpenLineage dbt integration's Postgres jaffle
/// shop: every model's compiled SQL compared with what the store knows, through the same comparison as <c>impact --sql</c>.
/// </summary>
public sealed class DbtImpactCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tributary-dbt-impact-").FullName;

    private static string Manifest => TestData.PathOf("dbt", "openlineage-dbt-postgres", "manifest.json");

    private string Store => Path.Combine(_dir, "store");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task ImportAsync()
    {
        var (code, _, error) = await CliRunner.RunAsync("import", "dbt", Manifest, TestData.PathOf("dbt", "openlineage-dbt-postgres", "run_results.json"), "--store", Store);
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task The_manifest_the_store_was_imported_from_changes_nothing_and_exits_0()
    {
        await ImportAsync();

        var (code, output, error) = await CliRunner.RunAsync("impact", "--dbt", Manifest, "--format", "json", "--store", Store);

        Assert.True(code == 0, error + output);
        var impact = JsonDocument.Parse(output).RootElement;
        var models = impact.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(4, models.Count); // stg_customers, stg_orders, stg_payments, orders; customers has no compiled SQL
        Assert.All(models, m => Assert.Equal(0, m.GetProperty("outputs").GetArrayLength()));
        Assert.All(models, m => Assert.Equal(0, m.GetProperty("inputsRemoved").GetArrayLength() + m.GetProperty("inputsAdded").GetArrayLength()));
        Assert.Contains("model.jaffle_shop.customers", impact.GetProperty("notCompiled").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_model_that_stops_selecting_a_column_read_downstream_breaks_the_downstream_field_and_exits_3()
    {
        await ImportAsync();
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Manifest))!;
        var stgOrders = manifest["nodes"]!["model.jaffle_shop.stg_orders"]!;
        var compiled = stgOrders["compiled_code"]!.GetValue<string>();
        Assert.Contains("order_date,\n        status\n", compiled, StringComparison.Ordinal);
        stgOrders["compiled_code"] = compiled.Replace("order_date,\n        status\n", "order_date\n", StringComparison.Ordinal);
        var changed = Path.Combine(_dir, "manifest.json");
        await File.WriteAllTextAsync(changed, manifest.ToJsonString());

        var (code, output, error) = await CliRunner.RunAsync("impact", "--dbt", changed, "--format", "json", "--store", Store);
        var (mdCode, markdown, _) = await CliRunner.RunAsync("impact", "--dbt", changed, "--format", "md", "--store", Store);

        Assert.True(code == 3, error + output);
        Assert.Equal(3, mdCode);
        var model = JsonDocument.Parse(output).RootElement.GetProperty("models").EnumerateArray()
            .Single(m => m.GetProperty("outputs").GetArrayLength() > 0);
        Assert.EndsWith(".stg_orders", model.GetProperty("job").GetString(), StringComparison.Ordinal);
        var change = model.GetProperty("outputs")[0];
        Assert.EndsWith("public.stg_orders", change.GetProperty("dataset").GetString(), StringComparison.Ordinal);
        var column = Assert.Single(change.GetProperty("columns").EnumerateArray());
        Assert.Equal(("status", "removed"), (column.GetProperty("column").GetString(), column.GetProperty("change").GetString()));
        Assert.Contains(change.GetProperty("downstream").EnumerateArray(), f => f.GetProperty("field").GetString()!.EndsWith("postgres.public.orders:status", StringComparison.Ordinal));
        Assert.Contains("stg\\_orders", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_manifest_is_a_one_line_error_and_a_node_beside_it_is_refused()
    {
        await ImportAsync();
        var notManifest = TestData.PathOf("dbt", "openlineage-dbt-postgres", "run_results.json");

        var (code, _, error) = await CliRunner.RunAsync("impact", "--dbt", notManifest, "--store", Store);
        var (mixedCode, _, mixedError) = await CliRunner.RunAsync("impact", "--dbt", Manifest, "--job", "dbt:x", "--store", Store);

        Assert.Equal(1, code);
        Assert.StartsWith("tributary impact: --dbt '", error, StringComparison.Ordinal);
        Assert.Contains("is not a dbt manifest", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Equal(1, mixedCode);
        Assert.Contains("--dbt compares every model", mixedError, StringComparison.Ordinal);
    }
}
