using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Sql;
using Tributary.Tracking;
using static Tributary.Cli.Demo.RetailFacets;

namespace Tributary.Cli.Demo;

/// <summary>
/// The second source document's retail pipeline, run for three nightly executions on a real (in-memory) SQLite
/// database: load customers, products and orders; join customers and orders into staging with CREATE TABLE … AS
/// SELECT; aggregate revenue, cost, profit and margin per customer with INSERT … SELECT. The SQL steps run through
/// <see cref="LineageTracker.Capture"/>, so their inputs, outputs, column lineage and row counts come from the SQL
/// that ran; the pipeline only adds what SQL cannot know (owners, documentation, PII tags, quality checks). The
/// third night the ERP feed arrives with pricing errors and fewer orders, which makes the profit check fail.
/// </summary>
internal sealed class RetailPipeline(LineageTracker tracker, DemoClock clock, TextWriter output)
{
    public const string Namespace = "openlakes";

    public static readonly DateOnly FirstDay = new(2025, 1, 15);

    public async Task RunAsync(int days)
    {
        var sqlite = new SqliteConnection("Data Source=:memory:");
        // SHA2(value, 256) as Spark has it, so the summary can mask e-mail addresses as the document's pipeline does.
        sqlite.CreateFunction("SHA2", (string? value, long _) => value is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value))), isDeterministic: true);
        await using var connection = tracker.Capture(sqlite, new SqlCaptureOptions { DatasetNamespace = Lakehouse, Catalog = SqlCatalog.FromDdl(Ddl, SqlDialect.Sqlite) });
        await connection.OpenAsync();
        await ExecuteAsync(sqlite, "ATTACH DATABASE ':memory:' AS governance_demo;" + Ddl);

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
            await LoadAsync(sqlite, "load_customers", Crm, CustomersDescribed, customers.Count, RetailData.SizeOf(customers), null,
                "customers_source", customers.Select(c => new object[] { c.CustomerId, c.FirstName, c.LastName, c.Email, c.State, Day(c.SignupDate) }));
            await LoadAsync(sqlite, "load_products", Erp, ProductsDescribed, products.Count, RetailData.SizeOf(products), PricingCheck(products),
                "products_source", products.Select(p => new object[] { p.ProductId, p.ProductName, p.Category, p.Price, p.Cost }));
            await LoadAsync(sqlite, "load_orders", Shop, OrdersDescribed, orders.Count, RetailData.SizeOf(orders), null,
                "orders_source", orders.Select(o => new object[] { o.OrderId, o.CustomerId, o.ProductId, o.Quantity, Day(o.OrderDate) }));

            // Staging is rebuilt each night with CREATE TABLE … AS SELECT; its lineage comes from that statement.
            await ExecuteAsync(sqlite, "DROP TABLE IF EXISTS governance_demo.customer_orders_staging");
            var stagingRows = 0L;
            await using (var command = Tracked(connection, "customer_orders_etl", OperationType.Join, StagingSql))
            {
                command.OnRun = run =>
                {
                    stagingRows = Count(sqlite, "governance_demo.customer_orders_staging");
                    clock.Advance(Duration((int)stagingRows, 9));
                    run.AddJobFacet(DocumentationFacet.Key, new DocumentationFacet("Join customers and orders for staging"));
                    run.AddJobFacet(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:data-engineering")] });
                    run.SetInputRecordCount(Customers, customers.Count).SetInputRecordCount(Orders, orders.Count);
                    run.SetOutputRecordCount(Staging, stagingRows);
                };
                await command.ExecuteNonQueryAsync();
            }

            await ExecuteAsync(sqlite, "DELETE FROM governance_demo.customer_revenue_summary");
            if (day == 1)
            {
                // The first attempt still reads the ERP's old column name and fails; the scheduler retries with the fix.
                await using var failing = Tracked(connection, "customer_revenue_aggregation", OperationType.Aggregate, SummarySql.Replace("p.price", "p.unit_price", StringComparison.Ordinal));
                failing.OnRun = _ => clock.Advance(TimeSpan.FromSeconds(30));
                try
                {
                    await failing.ExecuteNonQueryAsync();
                }
                catch (SqliteException e)
                {
                    output.WriteLine($"    customer_revenue_aggregation failed ({e.Message}); retrying");
                }

                clock.Advance(TimeSpan.FromMinutes(2));
            }

            await using (var command = Tracked(connection, "customer_revenue_aggregation", OperationType.Aggregate, SummarySql))
            {
                var negative = 0L;
                command.DescribeDataset = dataset => dataset.Id == Summary ? Checked(dataset, sqlite, out negative) : dataset;
                command.OnRun = run =>
                {
                    clock.Advance(Duration((int)stagingRows, 25));
                    run.AddJobFacet(DocumentationFacet.Key, new DocumentationFacet("Aggregate customer revenue with product data: lifetime value and profitability per customer"));
                    run.AddJobFacet(OwnershipFacet.Key, new OwnershipFacet { Owners = [new Owner("team:analytics")] });
                    run.SetInputRecordCount(Staging, stagingRows).SetInputRecordCount(Products, products.Count);
                };
                var summaryRows = await command.ExecuteNonQueryAsync();
                output.WriteLine($"    {customers.Count} customers, {products.Count} products, {orders.Count} orders -> {stagingRows} staging rows -> {summaryRows} customer summaries; {negative} with negative profit");
            }

            clock.Advance(TimeSpan.FromMinutes(5));
        }
    }

    private static TrackedDbCommand Tracked(TrackedDbConnection connection, string job, OperationType operation, string sql)
    {
        var command = (TrackedDbCommand)connection.CreateCommand();
        command.JobName = job;
        command.OperationType = operation;
        command.CommandText = sql;
        command.DescribeDataset = Describe;
        return command;
    }

    // What SQL cannot know about a table: its documentation, owners, PII tags and data source; the captured schema and lineage stay.
    private static Dataset Describe(Dataset captured)
    {
        var described = Described.FirstOrDefault(d => d.Id == captured.Id);
        if (described is null)
        {
            return captured;
        }

        var facets = captured.Facets;
        foreach (var (key, facet) in described.Facets)
        {
            facets = facets[key] is null || key == SchemaDatasetFacet.Key ? facets.Without(key).With(key, facet) : facets;
        }

        return captured with { Facets = facets };
    }

    private static Dataset Checked(Dataset dataset, SqliteConnection sqlite, out long negative)
    {
        negative = Count(sqlite, "governance_demo.customer_revenue_summary WHERE total_profit < 0");
        var nonPositive = Count(sqlite, "governance_demo.customer_revenue_summary WHERE total_revenue <= 0");
        var checks = new DataQualityAssertionsDatasetFacet
        {
            Assertions =
            [
                new Assertion("total_revenue_positive", nonPositive == 0, "total_revenue"),
                new Assertion("profit_non_negative", negative == 0, "total_profit") { Severity = "error", Description = $"{negative} customers with negative profit" },
            ],
        };
        var described = Describe(dataset);
        return described with { Facets = described.Facets.With(DataQualityAssertionsDatasetFacet.Key, checks) };
    }

    private async Task LoadAsync(SqliteConnection sqlite, string job, DatasetId source, Dataset target, int rows, long bytes, DataQualityAssertionsDatasetFacet? checks,
        string table, IEnumerable<object[]> values)
    {
        await using var run = tracker.StartRun(new JobId(Namespace, job), OperationType.Write, [source], [target.Id]);
        run.AddJobFacet(DocumentationFacet.Key, new DocumentationFacet($"Loads {target.Id.Name} from {source.Namespace}"));
        run.AddInput(new InputDataset(source) { InputFacets = FacetSet.Empty.With(InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = rows }) });

        // The extract from the source system is not SQL on this database, so the load writes through the plain connection and is described by hand.
        await ExecuteAsync(sqlite, $"DELETE FROM governance_demo.{table}");
        await using (var transaction = await sqlite.BeginTransactionAsync())
        await using (var insert = sqlite.CreateCommand())
        {
            var first = true;
            foreach (var row in values)
            {
                if (first)
                {
                    insert.CommandText = $"INSERT INTO governance_demo.{table} VALUES ({string.Join(", ", row.Select((_, i) => "$p" + i))})";
                    for (var i = 0; i < row.Length; i++)
                    {
                        insert.Parameters.Add(new SqliteParameter("$p" + i, row[i]));
                    }

                    first = false;
                }

                for (var i = 0; i < row.Length; i++)
                {
                    insert.Parameters[i].Value = row[i];
                }

                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        clock.Advance(Duration(rows, 40));
        run.AddOutput(RetailFacets.Output(target, rows, bytes, checks: checks));
        await run.CompleteAsync();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static long Count(SqliteConnection sqlite, string tableAndFilter)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM " + tableAndFilter;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
