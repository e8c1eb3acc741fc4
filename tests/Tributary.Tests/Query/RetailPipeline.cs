using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

/// <summary>The second source document's retail pipeline as events: sources → customer_orders_staging → customer_revenue_summary.</summary>
internal static class RetailPipeline
{
    public const string Namespace = "lakehouse.governance_demo";

    public static DatasetId Customers { get; } = new(Namespace, "customers_source");

    public static DatasetId Orders { get; } = new(Namespace, "orders_source");

    public static DatasetId Products { get; } = new(Namespace, "products_source");

    public static DatasetId Staging { get; } = new(Namespace, "customer_orders_staging");

    public static DatasetId Summary { get; } = new(Namespace, "customer_revenue_summary");

    public static JobId Etl { get; } = new("openlakes", "customer_orders_etl");

    public static JobId Aggregation { get; } = new("openlakes", "customer_revenue_aggregation");

    public static RunId EtlRun { get; } = RunId.Parse("01940000-0000-7000-8000-000000000001");

    public static RunId AggregationRun { get; } = RunId.Parse("01940000-0000-7000-8000-000000000002");

    public static IEnumerable<LineageEvent> Events()
    {
        var source = (DatasourceDatasetFacet.Key, (Facet)new DatasourceDatasetFacet { Name = "Salesforce CRM" });
        yield return new DatasetEvent
        {
            EventTime = T0,
            Producer = "https://tributary.dev/tests",
            Dataset = new Dataset(Customers)
            {
                Facets = Facets(
                    Schema("customer_id", "first_name", "last_name", "email", "state", "signup_date"),
                    Owners("data-engineering-team"),
                    Documentation("Customer master data from CRM system"),
                    source,
                    Tags(new Tag("pii", "true", Field: "first_name"), new Tag("pii", "true", Field: "last_name"), new Tag("pii", "true", Field: "email"))),
            },
        };
        yield return new DatasetEvent
        {
            EventTime = T0,
            Producer = "https://tributary.dev/tests",
            Dataset = new Dataset(Products) { Facets = Facets(Schema("product_id", "product_name", "category", "price", "cost"), Owners("product-team")) },
        };

        var etl = new Job(Etl) { Facets = Facets(Documentation("Join customers and orders for staging"), Owners("data-engineering-team")) };
        var staging = Output(Staging, 500,
            Schema("order_id", "customer_id", "first_name", "last_name", "email", "state", "product_id", "quantity", "order_date"),
            Owners("data-engineering-team"),
            Columns(
                ("order_id", [From(Orders, "order_id")]),
                ("customer_id", [From(Orders, "customer_id")]),
                ("first_name", [From(Customers, "first_name")]),
                ("last_name", [From(Customers, "last_name")]),
                ("email", [From(Customers, "email")]),
                ("quantity", [From(Orders, "quantity")]),
                ("product_id", [From(Orders, "product_id")])));
        yield return Run(Etl, [Input(Customers), Input(Orders)], [new OutputDataset(Staging)], RunState.Start, T0.AddMinutes(1), EtlRun) with { Job = etl };
        yield return Run(Etl, [Input(Customers), Input(Orders)], [staging], RunState.Complete, T0.AddMinutes(2), EtlRun) with { Job = etl };

        var aggregation = new Job(Aggregation)
        {
            Facets = Facets(
                Documentation("Aggregate customer revenue with product data"),
                Owners("analytics-team"),
                (SqlJobFacet.Key, new SqlJobFacet("SELECT customer_id, CONCAT(first_name, ' ', last_name) AS customer_name ...")),
                (JobTypeJobFacet.Key, new JobTypeJobFacet("BATCH", "SPARK"))),
        };
        var hashed = new Transformation("DIRECT", "TRANSFORMATION", "sha2(email)", Masking: true);
        var concat = new Transformation("DIRECT", "TRANSFORMATION", "CONCAT(first_name, ' ', last_name)");
        var sum = new Transformation("DIRECT", "AGGREGATION", "SUM(quantity * price)");
        var summary = Output(Summary, 100,
            Schema("customer_id", "customer_name", "email_hash", "total_revenue", "total_cost", "profit_margin"),
            Owners("finance-team"),
            Columns(
                ("customer_id", [From(Staging, "customer_id")]),
                ("customer_name", [From(Staging, "first_name", concat), From(Staging, "last_name", concat)]),
                ("email_hash", [From(Staging, "email", hashed)]),
                ("total_revenue", [From(Staging, "quantity", sum), From(Products, "price", sum)]),
                ("total_cost", [From(Staging, "quantity", sum), From(Products, "cost", sum)]),
                ("profit_margin", [From(Products, "price", sum), From(Products, "cost", sum)])));
        var assertions = new DataQualityAssertionsDatasetFacet { Assertions = [new Assertion("non_negative_profit", false, "profit_margin"), new Assertion("not_null", true, "customer_id")] };
        var checkedSummary = summary with { OutputFacets = new FacetSet([.. summary.OutputFacets, new(DataQualityAssertionsDatasetFacet.Key, assertions)]) };
        yield return Run(Aggregation, [Input(Staging), Input(Products)], [new OutputDataset(Summary)], RunState.Start, T0.AddMinutes(3), AggregationRun) with { Job = aggregation };
        yield return Run(Aggregation, [Input(Staging), Input(Products)], [checkedSummary], RunState.Complete, T0.AddMinutes(5), AggregationRun) with { Job = aggregation };
    }

    public static LineageGraph Graph() => LineageGraph.From(Events());
}
