using System.Text;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;
using Tributary.Storage;

namespace Tributary.Tests.Ingest;

/// <summary>
/// The OpenLineage pattern document's own events (lineage_event_1 and lineage_event_2), verbatim as its Python builds
/// them (parameters filled in: full_database = "lakehouse.governance_demo", execution_date = "2025-01-17"): no
/// producer, a top-level columnLineage list and outputStatistics on the output dataset.
/// </summary>
public sealed class PatternDocumentEventsTests
{
    private const string Event1Start = """
        {"eventType": "START", "eventTime": "2025-01-17T10:00:00.123456", "job": {"namespace": "openlakes", "name": "customer_orders_etl", "description": "Join customers and orders for staging"}, "inputs": [{"namespace": "lakehouse.governance_demo", "name": "customers_source"}, {"namespace": "lakehouse.governance_demo", "name": "orders_source"}], "outputs": [{"namespace": "lakehouse.governance_demo", "name": "customer_orders_staging"}], "run": {"runId": "run_2025-01-17_001"}}
        """;

    private const string Event1Complete = """
        {"eventType": "COMPLETE", "eventTime": "2025-01-17T10:02:30.654321", "job": {"namespace": "openlakes", "name": "customer_orders_etl", "description": "Join customers and orders for staging"}, "inputs": [{"namespace": "lakehouse.governance_demo", "name": "customers_source"}, {"namespace": "lakehouse.governance_demo", "name": "orders_source"}], "outputs": [{"namespace": "lakehouse.governance_demo", "name": "customer_orders_staging", "outputStatistics": {"rowCount": 500, "size": 61234}}], "run": {"runId": "run_2025-01-17_001"}}
        """;

    private const string Event2Complete = """
        {"eventType": "COMPLETE", "eventTime": "2025-01-17T10:05:10.000001", "job": {"namespace": "openlakes", "name": "customer_revenue_aggregation", "description": "Aggregate customer revenue with product data"}, "inputs": [{"namespace": "lakehouse.governance_demo", "name": "customer_orders_staging"}, {"namespace": "lakehouse.governance_demo", "name": "products_source"}], "outputs": [{"namespace": "lakehouse.governance_demo", "name": "customer_revenue_summary", "outputStatistics": {"rowCount": 100, "totalRevenue": 123456.78, "totalProfit": 34567.89, "avgProfitMargin": 27.99}}], "run": {"runId": "run_2025-01-17_002"}, "columnLineage": [{"targetColumn": "customer_id", "sourceColumns": [{"table": "customer_orders_staging", "column": "customer_id"}], "transformation": "DIRECT"}, {"targetColumn": "customer_name", "sourceColumns": [{"table": "customer_orders_staging", "column": "first_name"}, {"table": "customer_orders_staging", "column": "last_name"}], "transformation": "CONCAT(first_name, ' ', last_name)"}, {"targetColumn": "total_revenue", "sourceColumns": [{"table": "customer_orders_staging", "column": "quantity"}, {"table": "products_source", "column": "price"}], "transformation": "SUM(quantity * price)"}, {"targetColumn": "total_cost", "sourceColumns": [{"table": "customer_orders_staging", "column": "quantity"}, {"table": "products_source", "column": "cost"}], "transformation": "SUM(quantity * cost)"}, {"targetColumn": "profit_margin", "sourceColumns": [{"table": "customer_orders_staging", "column": "quantity"}, {"table": "products_source", "column": "price"}, {"table": "products_source", "column": "cost"}], "transformation": "(total_revenue - total_cost) / total_revenue"}]}
        """;

    private const string Namespace = "lakehouse.governance_demo";

    private static async Task<(InMemoryLineageStore Store, List<IngestResult> Results)> IngestAsync()
    {
        var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var results = new List<IngestResult>();
        foreach (var text in new[] { Event1Start, Event1Complete, Event2Complete })
        {
            results.Add(await ingestor.IngestAsync(Encoding.UTF8.GetBytes(text)));
        }

        return (store, results);
    }

    [Fact]
    public async Task The_pattern_documents_events_are_accepted_with_warnings_that_name_the_default_producer_and_each_mapping()
    {
        var (store, results) = await IngestAsync();
        await using var _ = store;

        Assert.All(results, r => Assert.Equal(IngestOutcome.Accepted, r.Outcome));
        Assert.All(results, r => Assert.Contains(r.Warnings, w => w.Path == "$.producer" && w.Message.Contains(LineageJson.DefaultProducer, StringComparison.Ordinal)));
        Assert.Contains(results[1].Warnings, w => w.Path == "$.outputs[0].outputStatistics" && w.Message.Contains("rowCount 500", StringComparison.Ordinal));
        Assert.Contains(results[2].Warnings, w => w.Path == "$.columnLineage" && w.Message.Contains("5 fields", StringComparison.Ordinal));
        Assert.Contains(results[2].Warnings, w => w.Path == "$.outputs[0].outputStatistics" && w.Message.Contains("totalRevenue, totalProfit, avgProfitMargin", StringComparison.Ordinal));
        Assert.Equal(Event2Complete, Encoding.UTF8.GetString(results[2].Raw.Span));
    }

    [Fact]
    public async Task Their_column_lineage_volumes_and_pii_flow_are_in_the_graph_after_a_replay_of_the_stored_events()
    {
        var (store, _) = await IngestAsync();
        await using var __ = store;
        using var replica = await LineageReplica.OpenAsync(store);
        var engine = new LineageQueryEngine(replica.Graph);

        var name = engine.ColumnLineage(NodeId.From(new FieldId(new DatasetId(Namespace, "customer_revenue_summary"), "customer_name")), 5, 0);
        var revenue = engine.ColumnLineage(NodeId.From(new FieldId(new DatasetId(Namespace, "customer_revenue_summary"), "total_revenue")), 5, 0);
        var volume = engine.VolumeFlow(TimeSpan.FromDays(1));
        var pii = engine.PiiFlow(new PiiOptions { FieldPatterns = ["*first_name*", "*last_name*"] });

        Assert.Equal(
            ["first_name", "last_name"],
            name.Nodes.Where(n => n.Kind == NodeKind.DatasetField && n.Id.Name == "customer_orders_staging").Select(n => n.Id.Field!).Order().ToArray());
        Assert.Equal(
            ["customer_orders_staging.quantity", "products_source.price"],
            revenue.Nodes.Where(n => n.Kind == NodeKind.DatasetField && n.Id.Name != "customer_revenue_summary").Select(n => n.Id.Name + "." + n.Id.Field).Order().ToArray());
        var aggregation = revenue.Edges.First(e => e.Kind == EdgeKind.ColumnLineage);
        Assert.Equal(new Transformation("DIRECT", "AGGREGATION", "SUM(quantity * price)"), aggregation.Transformations.Single());
        Assert.Equal(500, volume.Datasets.Where(b => b.Node == NodeId.From(new DatasetId(Namespace, "customer_orders_staging"))).Sum(b => b.RowsIn));
        Assert.Equal(100, volume.Datasets.Where(b => b.Node == NodeId.From(new DatasetId(Namespace, "customer_revenue_summary"))).Sum(b => b.RowsIn));
        Assert.Contains(new FieldId(new DatasetId(Namespace, "customer_revenue_summary"), "customer_name"), pii.AffectedFields);
        Assert.Contains(new DatasetId(Namespace, "customer_revenue_summary"), pii.AffectedDatasets);
    }

    [Fact]
    public void A_top_level_column_lineage_beside_several_outputs_is_kept_unread_with_a_warning()
    {
        var text = Event2Complete.Replace(
            "\"outputs\": [{\"namespace\": \"lakehouse.governance_demo\", \"name\": \"customer_revenue_summary\",",
            "\"outputs\": [{\"namespace\": \"x\", \"name\": \"other\"}, {\"namespace\": \"lakehouse.governance_demo\", \"name\": \"customer_revenue_summary\",",
            StringComparison.Ordinal);

        var read = LineageJson.ReadMany(Encoding.UTF8.GetBytes(text)).Single();

        var run = Assert.IsType<RunEvent>(read.Event);
        Assert.All(run.Outputs, o => Assert.Null(o.Facets[ColumnLineageDatasetFacet.Key]));
        Assert.Contains(read.Warnings, w => w.Path == "$.columnLineage" && w.Message.Contains("2 outputs", StringComparison.Ordinal));
    }
}
