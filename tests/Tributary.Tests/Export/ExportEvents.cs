using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Export;

/// <summary>Builds the small, fixed lineage the export tests draw: a retail pipeline, and a variant with hostile names.</summary>
public static class ExportEvents
{
    /// <summary>The moment every test treats as "now".</summary>
    public static readonly DateTimeOffset Now = new(2024, 5, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A name built to break every format: markup, quotes, a newline, braces, brackets, pipes, backslashes, Mermaid entity syntax.</summary>
    public const string Hostile = "<img src=x onerror=alert(1)>\"q\" 'a'\n]|{b}#quot;\\`*_~";

    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Orders flow from Postgres into staging, then join customers into a revenue table; one ingest run fails.</summary>
    public static IReadOnlyList<LineageEvent> Retail(string? hostile = null)
    {
        var raw = new DatasetId("postgres://db:5432", "public.orders_raw");
        var customers = new DatasetId("postgres://db:5432", "public.customers");
        var staging = new DatasetId("warehouse", hostile ?? "staging.orders");
        var revenue = new DatasetId("warehouse", "analytics.customer_revenue");
        var ingest = new JobId("retail", hostile ?? "ingest_orders");
        var build = new JobId("retail", "build_revenue");
        var events = new List<LineageEvent>();
        for (var i = 0; i < 3; i++)
        {
            var failed = i == 1;
            events.AddRange(Run(Id(1 + i), ingest, T0.AddHours(i), TimeSpan.FromSeconds(40 + (10 * i)), failed ? RunState.Fail : RunState.Complete,
                [Input(raw, 500 + i)],
                [Output(staging, failed ? null : 500 + i, Schema(("id", "BIGINT"), ("amount", "DECIMAL"), ("customer_id", "BIGINT")),
                    Lineage(("amount", raw, "amount", Transformation.Identity), ("id", raw, "id", Transformation.Identity)))],
                failed ? hostile ?? "duplicate key value violates unique constraint \"orders_pkey\"" : null, OperationType.Write));
        }

        for (var i = 0; i < 2; i++)
        {
            events.AddRange(Run(Id(10 + i), build, T0.AddHours(3 + (2 * i)), TimeSpan.FromSeconds(95 + (30 * i)), RunState.Complete,
                [Input(staging, 502), Input(customers, 100)],
                [Output(revenue, 100, Schema(("customer_id", "BIGINT"), ("revenue", "DECIMAL"), ("email_hash", "VARCHAR")),
                    Lineage(("revenue", staging, "amount", new Transformation("DIRECT", "AGGREGATION", "sum(amount)")),
                        ("email_hash", customers, "email", new Transformation("DIRECT", "TRANSFORMATION", "sha256(email)", true))),
                    new OwnershipFacet { Owners = [new Owner("team:finance", "MAINTAINER")] })],
                null, OperationType.Aggregate));
        }

        return events;
    }

    private static RunId Id(int n) => new(Guid.Parse($"00000000-0000-7000-8000-{n:D12}"));

    private static IEnumerable<LineageEvent> Run(RunId id, JobId job, DateTimeOffset start, TimeSpan duration, RunState end,
        InputDataset[] inputs, OutputDataset[] outputs, string? error, OperationType operation)
    {
        yield return new RunEvent
        {
            EventTime = start,
            Producer = "https://github.com/tributary/tests",
            EventType = RunState.Start,
            Run = new Run(id),
            Job = new Job(job),
            Inputs = inputs,
            Outputs = outputs,
        };
        var facets = FacetSet.Empty.With(OperationTypeRunFacet.Key, new OperationTypeRunFacet(operation));
        if (error is not null)
        {
            facets = facets.With(ErrorMessageRunFacet.Key, new ErrorMessageRunFacet(error, "C#"));
        }

        yield return new RunEvent
        {
            EventTime = start + duration,
            Producer = "https://github.com/tributary/tests",
            EventType = end,
            Run = new Run(id) { Facets = facets },
            Job = new Job(job) { Facets = FacetSet.Empty.With(DocumentationFacet.Key, new DocumentationFacet("Loads " + job.Name)) },
            Inputs = inputs,
            Outputs = outputs,
        };
    }

    private static InputDataset Input(DatasetId id, long rows) => new(id)
    {
        Facets = id.Name.Contains("customers", StringComparison.Ordinal)
            ? FacetSet.Empty.With(TagsFacet.Key, new TagsFacet { Tags = [new Tag("pii", "true", "USER", "email")] })
                .With(SchemaDatasetFacet.Key, Schema(("customer_id", "BIGINT"), ("email", "VARCHAR")))
            : FacetSet.Empty,
        InputFacets = FacetSet.Empty.With(InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = rows }),
    };

    private static OutputDataset Output(DatasetId id, long? rows, SchemaDatasetFacet schema, ColumnLineageDatasetFacet lineage, OwnershipFacet? owners = null)
    {
        var facets = FacetSet.Empty.With(SchemaDatasetFacet.Key, schema).With(ColumnLineageDatasetFacet.Key, lineage)
            .With(DatasetTypeDatasetFacet.Key, new DatasetTypeDatasetFacet("TABLE"));
        return new OutputDataset(id)
        {
            Facets = owners is null ? facets : facets.With(OwnershipFacet.Key, owners),
            OutputFacets = rows is null ? FacetSet.Empty : FacetSet.Empty.With(OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = rows }),
        };
    }

    private static SchemaDatasetFacet Schema(params (string Name, string Type)[] fields) =>
        new() { Fields = [.. fields.Select(f => new SchemaField(f.Name, f.Type))] };

    private static ColumnLineageDatasetFacet Lineage(params (string Output, DatasetId Input, string Field, Transformation How)[] fields) => new()
    {
        Fields = [.. fields.Select(f => new ColumnLineageField(f.Output, [new InputField(f.Input.Namespace, f.Input.Name, f.Field) { Transformations = [f.How] }]))],
    };
}
