using System.Text.Json;
using Tributary.Dbt;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tests.Cli;
using Tributary.Tests.Support;

namespace Tributary.Tests.Dbt;

public sealed class DbtImporterTests
{
    private static string Artifact(string project, string file) => TestData.PathOf("dbt", project, file);

    /// <summary>(job, inputs, outputs) of each COMPLETE/FAIL event in an OpenLineage dbt integration expectation file.</summary>
    private static SortedSet<string> ExpectedEdges(string scenario)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestData.PathOf("openlineage", "events", "dbt", scenario, "result.json")));
        var edges = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in json.RootElement.EnumerateArray().Where(e => e.GetProperty("eventType").GetString() is "COMPLETE"))
        {
            var job = e.GetProperty("job").GetProperty("name").GetString();
            foreach (var input in e.GetProperty("inputs").EnumerateArray())
            {
                edges.Add($"{input.GetProperty("namespace").GetString()}:{input.GetProperty("name").GetString()} -> {job}");
            }

            foreach (var output in e.GetProperty("outputs").EnumerateArray())
            {
                edges.Add($"{job} -> {output.GetProperty("namespace").GetString()}:{output.GetProperty("name").GetString()}");
            }
        }

        return edges;
    }

    private static SortedSet<string> Edges(IEnumerable<RunEvent> events, Func<DatasetId, bool>? keepInput = null) =>
        [.. events.Where(e => e.EventType == RunState.Complete).SelectMany(e =>
            e.Inputs.Where(i => keepInput?.Invoke(i.Id) ?? true).Select(i => $"{i.Id} -> {e.Job.Id.Name}")
                .Concat(e.Outputs.Select(o => $"{e.Job.Id.Name} -> {o.Id}")))];

    [Fact]
    public void Postgres_jaffle_shop_gives_the_jobs_datasets_and_edges_of_the_openlineage_dbt_integration_plus_the_seeds_it_leaves_out()
    {
        var events = DbtImporter.Import(Artifact("openlineage-dbt-postgres", "manifest.json"), Artifact("openlineage-dbt-postgres", "run_results.json"),
            options: new DbtImportOptions { JobNamespace = "job-namespace", DatasetNamespace = "postgres://POSTGRES_HOST:1234" });

        Assert.Equal(ExpectedEdges("postgres"), Edges(events, id => !id.Name.Contains(".raw_", StringComparison.Ordinal)));
        Assert.Contains("postgres://POSTGRES_HOST:1234:postgres.public.raw_customers -> postgres.public.jaffle_shop.stg_customers", Edges(events));
        Assert.Equal(10, events.Count);
        Assert.Equal(5, events.Count(e => e.EventType == RunState.Start));
        Assert.All(events.Where(e => e.EventType == RunState.Complete), e => Assert.Equal("job-namespace", e.Job.Id.Namespace));
    }

    [Fact]
    public void Bigquery_project_with_a_catalog_gives_the_integrations_edges_and_the_catalogs_column_types()
    {
        var events = DbtImporter.Import(Artifact("openlineage-dbt-catalog", "manifest.json"), Artifact("openlineage-dbt-catalog", "run_results.json"), Artifact("openlineage-dbt-catalog", "catalog.json"),
            new DbtImportOptions { JobNamespace = "job-namespace" });

        Assert.Equal(ExpectedEdges("catalog"), Edges(events));
        var output = events.Single(e => e.EventType == RunState.Complete).Outputs.Single();
        var schema = output.Facets.Get<SchemaDatasetFacet>()!;
        Assert.NotEmpty(schema.Fields);
        Assert.All(schema.Fields, f => Assert.False(string.IsNullOrEmpty(f.Type)));
    }

    [Fact]
    public void Compiled_sql_becomes_the_sql_facet_and_column_lineage_from_the_upstream_relations()
    {
        var events = DbtImporter.Import(Artifact("openlineage-dbt-postgres", "manifest.json"), Artifact("openlineage-dbt-postgres", "run_results.json"),
            options: new DbtImportOptions { DatasetNamespace = "postgres://POSTGRES_HOST:1234" });

        var staging = events.Single(e => e.EventType == RunState.Complete && e.Job.Id.Name == "postgres.public.jaffle_shop.stg_customers");
        Assert.Contains("raw_customers", staging.Job.Facets.Get<SqlJobFacet>()!.Query, StringComparison.Ordinal);
        var lineage = staging.Outputs.Single().Facets.Get<ColumnLineageDatasetFacet>()!;
        var id = lineage.Fields.Single(f => f.Name == "customer_id").InputFields.Single();
        Assert.Equal(("postgres://POSTGRES_HOST:1234", "postgres.public.raw_customers", "id"), (id.Namespace, id.Name, id.Field));
        Assert.Equal("IDENTITY", id.Transformations.Single().Subtype);
        Assert.Equal(["customer_id", "first_name", "last_name"], lineage.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Tests_in_run_results_become_quality_assertions_on_the_tested_model()
    {
        var events = DbtImporter.Import(Artifact("openlineage-dbt-postgres", "manifest.json"), Artifact("openlineage-dbt-postgres", "run_results.json"));
        var withAssertions = events.SelectMany(e => e.Outputs).Select(o => o.Facets.Get<DataQualityAssertionsDatasetFacet>()).OfType<DataQualityAssertionsDatasetFacet>().ToList();
        using var results = JsonDocument.Parse(File.ReadAllText(Artifact("openlineage-dbt-postgres", "run_results.json")));
        var tests = results.RootElement.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("unique_id").GetString()!.StartsWith("test.", StringComparison.Ordinal));

        Assert.Equal(tests, withAssertions.Sum(a => a.Assertions.Count));
    }

    [Fact]
    public async Task Import_command_ingests_through_the_door_and_a_second_import_adds_nothing()
    {
        var store = Directory.CreateTempSubdirectory("tributary-dbt-").FullName;
        try
        {
            string[] args = ["import", "dbt", Artifact("openlineage-dbt-postgres", "manifest.json"), Artifact("openlineage-dbt-postgres", "run_results.json"), "--store", store];

            var (code, output, _) = await CliRunner.RunAsync(args);
            var (_, again, _) = await CliRunner.RunAsync(args);

            Assert.Equal(0, code);
            Assert.Contains("dbt: 5 jobs, 8 datasets, 10 events: 10 accepted, 0 duplicates, 0 rejected", output, StringComparison.Ordinal);
            Assert.Contains("0 accepted, 10 duplicates", again, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [Fact]
    public async Task Import_of_a_file_that_is_not_a_manifest_is_a_one_line_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("import", "dbt", Artifact("openlineage-dbt-postgres", "run_results.json"), "--store", Path.Combine(Path.GetTempPath(), "tributary-never"));

        Assert.Equal(1, code);
        Assert.StartsWith("tributary import dbt: not a dbt manifest", error, StringComparison.Ordinal);
    }
}
