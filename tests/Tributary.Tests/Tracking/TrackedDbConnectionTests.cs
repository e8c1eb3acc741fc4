using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Sql;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class TrackedDbConnectionTests : IAsyncDisposable
{
    private readonly InMemoryTransport _transport = new();
    private readonly LineageTracker _tracker;
    private readonly TrackedDbConnection _connection;

    public TrackedDbConnectionTests()
    {
        _tracker = LineageTracker.Create(new TrackerOptions { Transport = _transport, Namespace = "shop" });
        _connection = _tracker.Capture(new SqliteConnection("Data Source=:memory:"), new SqlCaptureOptions { DatasetNamespace = "sqlite://shop" });
        _connection.Open();
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _tracker.DisposeAsync();
    }

    private int Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private void CreateOrders()
    {
        Execute("CREATE TABLE orders (id INTEGER, customer_id INTEGER, amount REAL, status TEXT)");
        Execute("INSERT INTO orders VALUES (1, 10, 5.0, 'paid'), (2, 10, 7.5, 'paid'), (3, 11, 2.0, 'void')");
    }

    private async Task ResetAsync()
    {
        await _tracker.FlushAsync();
        _transport.Clear();
    }

    private async Task<List<RunEvent>> EventsAsync()
    {
        await _tracker.FlushAsync();
        return [.. _transport.RunEvents];
    }

    [Fact]
    public async Task Insert_select_becomes_a_run_with_its_sql_tables_column_lineage_and_rows_affected()
    {
        CreateOrders();
        Execute("CREATE TABLE revenue (customer_id INTEGER, total REAL)");
        await ResetAsync();

        var rows = Execute("INSERT INTO revenue SELECT customer_id, SUM(amount) FROM orders WHERE status = 'paid' GROUP BY customer_id");

        Assert.Equal(1, rows);
        var events = await EventsAsync();
        Assert.Equal([RunState.Start, RunState.Complete], events.Select(e => e.EventType));
        var complete = events[1];
        Assert.Equal(new JobId("shop", "insert.revenue"), complete.Job.Id);
        var sql = complete.Job.Facets.Get<SqlJobFacet>()!;
        Assert.StartsWith("INSERT INTO revenue", sql.Query, StringComparison.Ordinal);
        Assert.Equal("sqlite", sql.Dialect);
        Assert.Equal(new DatasetId("sqlite://shop", "orders"), Assert.Single(complete.Inputs).Id);
        var output = Assert.Single(complete.Outputs);
        Assert.Equal(new DatasetId("sqlite://shop", "revenue"), output.Id);
        Assert.Equal(1, output.OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
        Assert.Equal(["customer_id", "total"], output.Facets.Get<SchemaDatasetFacet>()!.Fields.Select(f => f.Name));
        var lineage = output.Facets.Get<ColumnLineageDatasetFacet>()!;
        var total = lineage.Fields.Single(f => f.Name == "total").InputFields.Single();
        Assert.Equal(("sqlite://shop", "orders", "amount"), (total.Namespace, total.Name, total.Field));
        Assert.Equal("AGGREGATION", total.Transformations.Single().Subtype);
        Assert.Contains(lineage.Dataset, i => i.Field == "status" && i.Transformations.Any(t => t.Subtype == "FILTER"));
    }

    [Fact]
    public async Task Create_table_as_select_expands_star_from_a_table_created_earlier_on_the_connection()
    {
        CreateOrders();
        await ResetAsync();

        Execute("CREATE TABLE paid AS SELECT * FROM orders WHERE status = 'paid'");

        var complete = (await EventsAsync()).Single(e => e.EventType == RunState.Complete);
        var output = Assert.Single(complete.Outputs);
        Assert.Equal(["id", "customer_id", "amount", "status"], output.Facets.Get<ColumnLineageDatasetFacet>()!.Fields.Select(f => f.Name));
        Assert.Equal(["id", "customer_id", "amount", "status"], output.Facets.Get<SchemaDatasetFacet>()!.Fields.Select(f => f.Name));
        Assert.True(_connection.Catalog.TryGetColumns("paid", out var learnt));
        Assert.Equal(4, learnt.Count);
    }

    [Fact]
    public async Task Async_reader_and_scalar_are_tracked_as_reads()
    {
        CreateOrders();
        await ResetAsync();

        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, amount FROM orders WHERE customer_id = $c";
            command.Parameters.Add(new SqliteParameter("$c", 10));
            await using var reader = await command.ExecuteReaderAsync();
            var count = 0;
            while (await reader.ReadAsync())
            {
                count++;
            }

            Assert.Equal(2, count);
        }

        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM orders";
            Assert.Equal(3L, await command.ExecuteScalarAsync());
        }

        var completes = (await EventsAsync()).Where(e => e.EventType == RunState.Complete).ToList();
        Assert.Equal(2, completes.Count);
        Assert.All(completes, e => Assert.Equal("orders", Assert.Single(e.Inputs).Id.Name));
        Assert.All(completes, e => Assert.Empty(e.Outputs));
        Assert.Equal("select.orders", completes[0].Job.Id.Name);
    }

    [Fact]
    public async Task Failing_command_emits_fail_with_the_error_and_still_throws_to_the_caller()
    {
        CreateOrders();
        await ResetAsync();

        var error = Assert.Throws<SqliteException>(() => Execute("INSERT INTO missing_table SELECT id FROM orders"));

        var events = await EventsAsync();
        Assert.Equal([RunState.Start, RunState.Fail], events.Select(e => e.EventType));
        Assert.Contains("missing_table", events[1].Run.Facets.Get<ErrorMessageRunFacet>()!.Message, StringComparison.Ordinal);
        Assert.Contains("missing_table", error.Message, StringComparison.Ordinal);
        Assert.False(_connection.Catalog.TryGetColumns("missing_table", out _));
    }

    [Fact]
    public async Task Statements_without_tables_are_not_tracked_unless_asked()
    {
        Execute("PRAGMA foreign_keys = ON");
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
        }

        Assert.Empty(await EventsAsync());
    }

    [Fact]
    public async Task Job_name_can_be_set_per_command_and_runs_nest_under_the_current_run()
    {
        CreateOrders();
        await ResetAsync();

        using (var parent = _tracker.StartRun(new JobId("shop", "nightly")))
        {
            using var command = (TrackedDbCommand)_connection.CreateCommand();
            command.JobName = "build_paid_orders";
            command.CommandText = "CREATE TABLE paid AS SELECT id, amount FROM orders WHERE status = 'paid'";
            command.ExecuteNonQuery();
            parent.Complete();
        }

        var child = (await EventsAsync()).Single(e => e.Job.Id.Name == "build_paid_orders" && e.EventType == RunState.Complete);
        Assert.Equal("nightly", child.Run.Facets.Get<ParentRunFacet>()!.Job.Name);
    }

    [Fact]
    public async Task Transactions_and_parameters_pass_through_to_the_provider()
    {
        CreateOrders();

        await using (var transaction = await _connection.BeginTransactionAsync())
        {
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE orders SET amount = amount * 2 WHERE id = @id";
            var p = command.CreateParameter();
            p.ParameterName = "@id";
            p.Value = 1;
            command.Parameters.Add(p);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            await transaction.RollbackAsync();
        }

        using var check = _connection.CreateCommand();
        check.CommandText = "SELECT amount FROM orders WHERE id = 1";
        Assert.Equal(5.0, check.ExecuteScalar());
        var update = (await EventsAsync()).Single(e => e.EventType == RunState.Complete && e.Job.Id.Name == "update.orders");
        Assert.Equal(1, update.Outputs.Single().OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public void Dialect_and_namespace_come_from_the_provider_when_not_given()
    {
        using var connection = _tracker.Capture(new SqliteConnection("Data Source=:memory:"));

        Assert.Equal(SqlDialect.Sqlite, connection.Dialect);
        Assert.Equal("sqlite://:memory:", connection.DatasetNamespace);
        Assert.IsAssignableFrom<DbConnection>(connection);
    }
}
