using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tracking;
using static Tributary.Cli.Demo.RetailFacets;

namespace Tributary.Cli.Demo;

/// <summary>
/// The second source document's retail pipeline, run for three nightly executions: load customers, products and
/// orders; join customers and orders into staging; aggregate revenue, cost, profit and margin per customer. The
/// third night the ERP feed arrives with pricing errors and fewer orders, which makes the profit check fail.
/// </summary>
internal sealed class RetailPipeline(LineageTracker tracker, DemoClock clock, TextWriter output)
{
    public const string Namespace = "openlakes";

    public static readonly DateOnly FirstDay = new(2025, 1, 15);

    public async Task RunAsync(int days)
    {
        for (var day = 0; day < days; day++)
        {
            var date = FirstDay.AddDays(day);
            clock.Set(new DateTimeOffset(date.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));
            var random = new Random(42 + day);
            var lastNight = day == days - 1;
            output.WriteLine($"  {date:yyyy-MM-dd}: nightly run{(lastNight ? " (the ERP feed has pricing errors, and fewer orders arrive)" : "")}");

            var customers = RetailData.Customers(random, 100);
            var products = RetailData.Products(random, 50, pricingErrors: lastNight ? 6 : 0);
            var orders = RetailData.Orders(random, lastNight ? 320 : 500, 100, 50, date);
            await LoadAsync("load_customers", Crm, Describe(Customers, "Customer master data from CRM system", "data-engineering", CustomerFields, "first_name", "last_name", "email"), customers.Count, RetailData.SizeOf(customers), null);
            await LoadAsync("load_products", Erp, Describe(Products, "Product catalog from inventory system", "product", ProductFields), products.Count, RetailData.SizeOf(products), PricingCheck(products));
            await LoadAsync("load_orders", Shop, Describe(Orders, "Transaction data from e-commerce platform", "sales", OrderFields), orders.Count, RetailData.SizeOf(orders), null);

            var staging = RetailData.JoinCustomersAndOrders(customers, orders);
            await using (var run = tracker.StartRun(new JobId(Namespace, "customer_orders_etl"), OperationType.Join, [Customers, Orders], [Staging]))
            {
                run.AddJobFacet(SqlJobFacet.Key, new SqlJobFacet(StagingSql) { Dialect = "spark" });
                run.AddJobFacet(DocumentationFacet.Key, new DocumentationFacet("Join customers and orders for staging"));
                run.AddJobFacet(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:data-engineering")] });
                run.AddInput(Input(Describe(Customers, "Customer master data from CRM system", "data-engineering", CustomerFields, "first_name", "last_name", "email"), customers.Count));
                run.AddInput(Input(Describe(Orders, "Transaction data from e-commerce platform", "sales", OrderFields), orders.Count));
                clock.Advance(Duration(staging.Count, 9));
                run.AddOutput(RetailFacets.Output(Describe(Staging, "Staging table: customer orders joined data", "data-engineering", StagingFields), staging.Count, RetailData.SizeOf(staging), StagingLineage()));
                await run.CompleteAsync();
            }

            if (day == 1)
            {
                // One attempt fails on a catalog timeout and the scheduler retries it: failures show up in stats and audit.
                await using var failed = tracker.StartRun(new JobId(Namespace, "customer_revenue_aggregation"), OperationType.Aggregate, [Staging, Products], [Summary]);
                failed.AddInput(new InputDataset(Staging)).AddInput(new InputDataset(Products));
                clock.Advance(TimeSpan.FromSeconds(30));
                await failed.FailAsync(new TimeoutException("Nessie catalog did not answer within 30 s while committing governance_demo.customer_revenue_summary"));
                clock.Advance(TimeSpan.FromMinutes(2));
            }

            var summary = RetailData.AggregateRevenue(staging, products);
            await using (var run = tracker.StartRun(new JobId(Namespace, "customer_revenue_aggregation"), OperationType.Aggregate, [Staging, Products], [Summary]))
            {
                run.AddJobFacet(SqlJobFacet.Key, new SqlJobFacet(SummarySql) { Dialect = "spark" });
                run.AddJobFacet(DocumentationFacet.Key, new DocumentationFacet("Aggregate customer revenue with product data: lifetime value and profitability per customer"));
                run.AddJobFacet(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:analytics")] });
                run.AddInput(Input(Describe(Staging, "Staging table: customer orders joined data", "data-engineering", StagingFields), staging.Count));
                run.AddInput(Input(Describe(Products, "Product catalog from inventory system", "product", ProductFields), products.Count));
                clock.Advance(Duration(staging.Count, 25));
                var negative = summary.Count(s => s.TotalProfit < 0);
                var checks = new DataQualityAssertionsDatasetFacet
                {
                    Assertions =
                    [
                        new Assertion("total_revenue_positive", summary.All(s => s.TotalRevenue > 0), "total_revenue"),
                        new Assertion("profit_non_negative", negative == 0, "total_profit") { Severity = "error", Description = $"{negative} customers with negative profit" },
                    ],
                };
                run.AddOutput(RetailFacets.Output(Describe(Summary, "Customer revenue summary with profit metrics", "analytics", SummaryFields), summary.Count, RetailData.SizeOf(summary), SummaryLineage(), checks));
                await run.CompleteAsync();
                output.WriteLine($"    {customers.Count} customers, {products.Count} products, {orders.Count} orders -> {staging.Count} staging rows -> {summary.Count} customer summaries; {negative} with negative profit");
            }

            clock.Advance(TimeSpan.FromMinutes(5));
        }
    }

    private async Task LoadAsync(string job, DatasetId source, Dataset target, int rows, long bytes, DataQualityAssertionsDatasetFacet? checks)
    {
        await using var run = tracker.StartRun(new JobId(Namespace, job), OperationType.Write, [source], [target.Id]);
        run.AddJobFacet(DocumentationFacet.Key, new DocumentationFacet($"Loads {target.Id.Name} from {source.Namespace}"));
        run.AddInput(new InputDataset(source) { InputFacets = FacetSet.Empty.With(InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = rows }) });
        clock.Advance(Duration(rows, 40));
        run.AddOutput(RetailFacets.Output(target, rows, bytes, checks: checks));
        await run.CompleteAsync();
    }

    private static DataQualityAssertionsDatasetFacet PricingCheck(List<RetailData.Product> products)
    {
        var wrong = products.Count(p => p.Cost > p.Price);
        return new DataQualityAssertionsDatasetFacet
        {
            Assertions = [new Assertion("price_not_below_cost", wrong == 0, "cost") { Severity = "error", Description = $"{wrong} products cost more than their price" }],
        };
    }

    // Simulated work time: a fixed start-up cost plus a per-row cost, so bigger runs take longer.
    private static TimeSpan Duration(int rows, int microsecondsPerRow) => TimeSpan.FromSeconds(2) + TimeSpan.FromMicroseconds(rows * microsecondsPerRow * 100);
}
