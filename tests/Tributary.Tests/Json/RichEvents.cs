using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Json;

/// <summary>Events that use every typed facet Tributary writes, built in code.</summary>
public static class RichEvents
{
    private static readonly DateTimeOffset Time = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DatasetId Customers = new("postgres://db:5432", "public.customers");
    private static readonly DatasetId Summary = new("postgres://db:5432", "public.summary");

    public static RunEvent RunEvent() => new()
    {
        EventTime = Time,
        Producer = "https://github.com/tributary-lineage/tributary",
        EventType = RunState.Fail,
        Run = new Run(RunId.New())
        {
            Facets = new FacetSet(
            [
                new(ParentRunFacet.Key, new ParentRunFacet(RunId.New(), new JobId("airflow", "dag")) { RootRun = RunId.New(), RootJob = new JobId("airflow", "dag") }),
                new(ErrorMessageRunFacet.Key, new ErrorMessageRunFacet("boom", "C#") { StackTrace = "at X.Y()" }),
                new(NominalTimeRunFacet.Key, new NominalTimeRunFacet(Time) { NominalEndTime = Time.AddHours(1) }),
                new(ProcessingEngineRunFacet.Key, new ProcessingEngineRunFacet("10.0") { Name = ".NET", OpenlineageAdapterVersion = "0.1.0" }),
                new(EnvironmentVariablesRunFacet.Key, new EnvironmentVariablesRunFacet { EnvironmentVariables = [new("ENV", "prod")] }),
                new(TagsFacet.Key, new TagsFacet { Tags = [new Tag("team", "finance", "USER")] }),
                new(OperationTypeRunFacet.Key, new OperationTypeRunFacet(OperationType.Transform)),
            ]),
        },
        Job = new Job("retail", "build_summary")
        {
            Facets = new FacetSet(
            [
                new(SqlJobFacet.Key, new SqlJobFacet("insert into summary select * from customers") { Dialect = "postgres" }),
                new(JobTypeJobFacet.Key, new JobTypeJobFacet("BATCH", "TRIBUTARY") { JobType = "JOB" }),
                new(SourceCodeJobFacet.Key, new SourceCodeJobFacet("C#", "class A {}")),
                new(SourceCodeLocationJobFacet.Key, new SourceCodeLocationJobFacet("git", "https://example.com/repo/blob/main/a.cs") { RepoUrl = "https://example.com/repo", Branch = "main" }),
                new(DocumentationFacet.Key, new DocumentationFacet("Builds the summary")),
                new(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:finance", "MAINTAINER")] }),
                new(TagsFacet.Key, new TagsFacet { Tags = [new Tag("tier", "1")] }),
            ]),
        },
        Inputs =
        [
            new InputDataset(Customers)
            {
                Facets = new FacetSet(
                [
                    new(SchemaDatasetFacet.Key, new SchemaDatasetFacet { Fields = [new SchemaField("id", "BIGINT"), new SchemaField("address", "STRUCT") { Fields = [new SchemaField("city", "TEXT")] }] }),
                    new(TagsFacet.Key, new TagsFacet { Tags = [new Tag("pii", "true", "USER", "email")] }),
                    new(SymlinksDatasetFacet.Key, new SymlinksDatasetFacet { Identifiers = [new SymlinkIdentifier("hive://metastore", "default.customers", "TABLE")] }),
                    new(DatasourceDatasetFacet.Key, new DatasourceDatasetFacet { Name = "db", Uri = "postgres://db:5432" }),
                    new(DatasetVersionDatasetFacet.Key, new DatasetVersionDatasetFacet("42")),
                    new(StorageDatasetFacet.Key, new StorageDatasetFacet("iceberg") { FileFormat = "parquet" }),
                    new(DatasetTypeDatasetFacet.Key, new DatasetTypeDatasetFacet("TABLE")),
                ]),
                InputFacets = new FacetSet(
                [
                    new(InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = 100, Size = 2048, FileCount = 1 }),
                    new(DataQualityMetricsInputDatasetFacet.Key, new DataQualityMetricsInputDatasetFacet { RowCount = 100, ColumnMetrics = [new ColumnMetrics("id") { NullCount = 0, DistinctCount = 100, Quantiles = [new("0.5", 50)] }] }),
                    new(DataQualityAssertionsDatasetFacet.Key, new DataQualityAssertionsDatasetFacet { Assertions = [new Assertion("not_null", true, "id") { Severity = "error" }] }),
                ]),
            },
        ],
        Outputs =
        [
            new OutputDataset(Summary)
            {
                Facets = new FacetSet(
                [
                    new(ColumnLineageDatasetFacet.Key, new ColumnLineageDatasetFacet
                    {
                        Fields = [new ColumnLineageField("customer_id", [new InputField(Customers.Namespace, Customers.Name, "id") { Transformations = [Transformation.Identity, new Transformation("INDIRECT", "JOIN", "join on id", false)] }])],
                        Dataset = [new InputField(Customers.Namespace, Customers.Name, "country") { Transformations = [new Transformation("INDIRECT", "FILTER")] }],
                    }),
                    new(LifecycleStateChangeDatasetFacet.Key, new LifecycleStateChangeDatasetFacet("RENAME") { PreviousIdentifier = new DatasetId("postgres://db:5432", "public.summary_old") }),
                    new(DocumentationFacet.Key, new DocumentationFacet("Revenue per customer") { ContentType = "text/markdown" }),
                    new(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:finance")] }),
                ]),
                OutputFacets = FacetSet.Empty.With(OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = 10, Size = 512 }),
            },
        ],
    };

    public static DatasetEvent DatasetEvent() => new()
    {
        EventTime = Time,
        Producer = "https://github.com/tributary-lineage/tributary",
        Dataset = new Dataset(Customers) { Facets = FacetSet.Empty.With(SchemaDatasetFacet.Key, new SchemaDatasetFacet { Fields = [new SchemaField("id", "BIGINT")] }) },
    };

    public static JobEvent JobEvent() => new()
    {
        EventTime = Time,
        Producer = "https://github.com/tributary-lineage/tributary",
        Job = new Job("retail", "static_job"),
        Inputs = [new InputDataset(Customers)],
        Outputs = [new OutputDataset(Summary)],
    };
}
