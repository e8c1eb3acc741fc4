using Tributary.Export;
using Tributary.Graph;
using Tributary.Storage;
using Tributary.Storage.Lake;
using Tributary.Tests.Storage.Parquet;

namespace Tributary.Tests.Storage.Lake;

/// <summary>The lake as DuckDB sees it: every table readable with hive_partitioning, partition values decoded.</summary>
public sealed class LakeDuckDbTests
{
    [Fact]
    public async Task DuckDB_reads_every_lake_table_with_hive_partitioning()
    {
        using var folder = new TempFolder();
        var store = new InMemoryLineageStore();
        using var graph = new LineageGraph();
        await LakeEvents.AppendAsync(store, graph, 300);
        var lake = new LineageMetadataRepository(folder.Path, new LakeOptions { RowGroupSize = 50 });
        await lake.CompactAsync(store, new LakeProjectionExporter(graph));
        string Glob(string table) => DuckDb.Literal(Path.Combine(folder.Path, table, "*", "*.parquet"));

        var events = DuckDb.Query($"SELECT \"date\"::VARCHAR AS day, count(*) AS n, min(sequence) AS first FROM read_parquet({Glob("lineage_events")}, hive_partitioning = true) GROUP BY day ORDER BY day");
        Assert.Equal(["2024-05-01", "2024-05-02", "2024-05-03"], events.Select(r => DuckDb.Text(r, "day")));
        Assert.Equal(600, events.Sum(r => DuckDb.Int64(r, "n")));

        var failed = DuckDb.Query($"SELECT run_id, duration_ms, error_message, json_extract(outputs, '$[0].rows')::BIGINT AS rows FROM read_parquet({Glob("lineage_operations")}, hive_partitioning = true) WHERE state = 'FAIL' ORDER BY started_at LIMIT 1");
        Assert.Equal(LakeEvents.RunId(9), DuckDb.Text(failed[0], "run_id"));
        Assert.Equal(90_000, DuckDb.Int64(failed[0], "duration_ms"));
        Assert.Equal("division by zero in run 9", DuckDb.Text(failed[0], "error_message"));
        Assert.Equal(509, DuckDb.Int64(failed[0], "rows"));

        var raw = DuckDb.Query($"SELECT json_extract_string(raw, '$.eventType') AS type, count(*) AS n FROM read_parquet({Glob("lineage_events")}) GROUP BY type ORDER BY type");
        Assert.Equal(["COMPLETE", "FAIL", "START"], raw.Select(r => DuckDb.Text(r, "type")));

        var nodes = DuckDb.Query($"SELECT kind, count(*) AS n FROM read_parquet({DuckDb.Literal(Path.Combine(folder.Path, "lineage_nodes", "nodes.parquet"))}) GROUP BY kind ORDER BY kind");
        Assert.Equal(graph.DatasetCount, DuckDb.Int64(nodes.Single(r => DuckDb.Text(r, "kind") == "dataset"), "n"));
        var edges = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet({DuckDb.Literal(Path.Combine(folder.Path, "lineage_relationships", "relationships.parquet"))}) WHERE kind = 'Write'");
        Assert.Equal(graph.GetEdges().Count(e => e.Kind == EdgeKind.Write), DuckDb.Int64(edges[0], "n"));
    }

    [Fact]
    public void DuckDB_decodes_hostile_partition_values_to_the_original_text()
    {
        using var folder = new TempFolder();
        string[] values = ["../../etc/passwd", "s3://bucket/a=b", "tab\there", "50%#?"];
        foreach (var value in values)
        {
            var partition = Path.Combine(folder.Path, "t", HivePartition.Segment("dataset", value));
            Directory.CreateDirectory(partition);
            File.WriteAllBytes(Path.Combine(partition, "part.parquet"), ParquetSamples.Write(3, 3));
        }

        Assert.Equal(4, Directory.GetDirectories(Path.Combine(folder.Path, "t")).Length);
        var rows = DuckDb.Query($"SELECT DISTINCT dataset FROM read_parquet({DuckDb.Literal(Path.Combine(folder.Path, "t", "*", "*.parquet"))}, hive_partitioning = true, hive_types_autocast = false) ORDER BY dataset");

        Assert.Equal(values.Order(StringComparer.Ordinal), rows.Select(r => DuckDb.Text(r, "dataset")));
    }
}
