using Npgsql;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tests.Support;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class TrackedPostgresConnectionTests
{
    [Fact]
    public async Task A_real_postgresql_connection_is_captured_with_the_postgres_dialect()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var transport = new InMemoryTransport();
        await using var tracker = LineageTracker.Create(new TrackerOptions { Transport = transport, Namespace = "billing" });
        await using var connection = tracker.Capture(new NpgsqlConnection(connectionString), new SqlCaptureOptions { DatasetNamespace = "postgres://127.0.0.1" });
        await connection.OpenAsync();

        foreach (var sql in new[]
        {
            "CREATE TABLE orders (id int, customer_id int, amount numeric, status text)",
            "INSERT INTO orders VALUES (1, 10, 5.0, 'paid'), (2, 10, 7.5, 'paid'), (3, 11, 2.0, 'void')",
            "CREATE TABLE revenue (customer_id int, total numeric)",
            "INSERT INTO revenue SELECT customer_id, SUM(amount) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id",
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        await tracker.FlushAsync();
        var complete = transport.RunEvents.Last(e => e.EventType == RunState.Complete);
        Assert.Equal("postgres", complete.Job.Facets.Get<SqlJobFacet>()!.Dialect);
        Assert.Equal(new DatasetId("postgres://127.0.0.1", "orders"), Assert.Single(complete.Inputs).Id);
        var output = Assert.Single(complete.Outputs);
        Assert.Equal(new DatasetId("postgres://127.0.0.1", "revenue"), output.Id);
        Assert.Equal(1, output.OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
        var total = output.Facets.Get<ColumnLineageDatasetFacet>()!.Fields.Single(f => f.Name == "total").InputFields.Single();
        Assert.Equal(("orders", "amount", "AGGREGATION"), (total.Name, total.Field, total.Transformations.Single().Subtype));
    }
}
