using System.Text;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Storage;

namespace Tributary.Tests.Ingest;

/// <summary>
/// A replica told how many bytes of events are coming takes the graph's room for them once, from the growth a part of
/// them showed, instead of doubling its arrays towards it; the graph it builds is the same either way.
/// </summary>
public sealed class GraphGrowthForecastTests
{
    // Each event a new job, run and two datasets: four nodes and three edges, so the graph grows in step with the bytes.
    private static byte[] NdjsonOf(int events)
    {
        var text = new StringBuilder();
        for (var i = 0; i < events; i++)
        {
            text.Append($$"""{"eventType":"COMPLETE","eventTime":"2025-01-01T00:00:00Z","run":{"runId":"{{new Guid(i, 0, 0, new byte[8])}}"},"job":{"namespace":"forecast","name":"job-{{i}}"},"inputs":[{"namespace":"pg://db","name":"in_{{i}}"}],"outputs":[{"namespace":"pg://db","name":"out_{{i}}"}],"producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json"}""");
            text.Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<LineageGraph> IngestAsync(byte[] ndjson, bool expect)
    {
        var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var replica = await LineageReplica.OpenAsync(store);
        await replica.FollowAsync(ingestor);
        if (expect)
        {
            replica.ExpectBytes(ndjson.Length);
        }

        var summary = await ingestor.IngestManyAsync(ndjson);
        Assert.Equal(18_000, summary.Accepted);
        return replica.Graph;
    }

    [Fact]
    public async Task A_graph_told_the_input_size_takes_its_room_once_and_ends_the_same()
    {
        var ndjson = NdjsonOf(18_000);
        var told = await IngestAsync(ndjson, expect: true);
        var untold = await IngestAsync(ndjson, expect: false);

        // 72,000 nodes and 54,000 edges: doubling leaves room for 131,072 and 65,536, the forecast about 5% more than used.
        var (nodes, edges, _) = told.Size;
        Assert.Equal(72_000, nodes);
        Assert.Equal(54_000, edges);
        Assert.InRange(told.Room.Nodes, nodes, nodes * 1.15);
        Assert.InRange(told.Room.Edges, edges, edges * 1.15);
        Assert.True(untold.Room.Nodes > nodes * 1.5, $"doubling left room for {untold.Room.Nodes} nodes");
        Assert.Equal(untold.Size, told.Size);
        Assert.Equal(LineageReplicaTests.AnswersOf(untold), LineageReplicaTests.AnswersOf(told));
    }

    [Fact]
    public void A_forecast_measures_past_the_first_part_and_caps_what_it_reserves()
    {
        using var graph = new LineageGraph();
        var forecast = new GraphGrowthForecast(32L << 20); // steps of 1 MB

        // Nothing is reserved before two steps have gone in; the first step's growth is not counted.
        Assert.Null(forecast.Applied(1 << 20, graph));
        var ndjson = NdjsonOf(100);
        foreach (var read in LineageJson.ReadMany(ndjson))
        {
            graph.Apply(read.Event!);
        }

        Assert.Null(forecast.Applied((1 << 20) - 1, graph));
        var room = forecast.Applied(1, graph);

        // 400 nodes in the second megabyte, 30 megabytes to come: 400 x 30 x 1.05.
        Assert.Equal((12_600, 9_450, 0), room);

        // A rate that would ask for more arrays than the forecast may reserve is scaled down to that.
        var capped = new GraphGrowthForecast(32L << 20, maxRoomBytes: 64 << 10);
        using var empty = new LineageGraph();
        Assert.Null(capped.Applied(1 << 20, empty));
        foreach (var read in LineageJson.ReadMany(ndjson))
        {
            empty.Apply(read.Event!);
        }

        var (nodes, edges, fields) = capped.Applied(1 << 20, empty)!.Value;
        var bytes = ((long)nodes * GraphStore.BytesPer.Node) + ((long)edges * GraphStore.BytesPer.Edge) + ((long)fields * GraphStore.BytesPer.Field);
        Assert.InRange(bytes, 63 << 10, 64 << 10);
        Assert.Equal(12_600 / 9_450.0, nodes / (double)edges, 2); // in the same proportions
    }
}
