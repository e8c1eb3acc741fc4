using Tributary.Storage;
using Tributary.Storage.Parquet;
using Tributary.Storage.Parquet.Thrift;
using Tributary.Tests.Storage;

namespace Tributary.Tests.Storage.Parquet;

/// <summary>Checks our codec against DuckDB, an independent Parquet implementation, in both directions.</summary>
public sealed class DuckDbCompatibilityTests
{
    private const string DuckDbColumns =
        "range AS id, CASE WHEN range % 7 = 3 THEN NULL ELSE 'row-' || range || CASE WHEN range % 5 = 0 THEN ' ✓ ü' ELSE '' END END AS name, " +
        "CASE WHEN range % 11 = 5 THEN NULL ELSE ['COMPLETE', 'FAIL', 'RUNNING'][range % 3 + 1] END AS state, " +
        "CASE WHEN range % 5 = 4 THEN NULL ELSE range * 1.25 - 100 END::DOUBLE AS amount, " +
        "CASE WHEN range % 13 = 12 THEN NULL ELSE range % 2 = 0 END AS ok, " +
        "CASE WHEN range % 17 = 16 THEN NULL ELSE TIMESTAMPTZ '2024-05-01 10:00:00+00' + to_microseconds(range * 1000001) END AS at, " +
        "CASE WHEN range % 3 = 2 THEN NULL ELSE (range % 100)::INTEGER END AS small, " +
        "(range * 1000003)::BIGINT AS big, " +
        "TIMESTAMP '2024-01-01 00:00:00' + to_milliseconds(range) AS local_time, " +
        "(range / 2)::FLOAT AS single";

    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public void DuckDB_reads_every_value_of_files_we_write(ParquetCompression compression)
    {
        using var folder = new TempFolder();
        var path = folder.Combine("ours.parquet");
        File.WriteAllBytes(path, ParquetSamples.Write(2500, 1000, new ParquetWriterOptions { Compression = compression, PageSize = 4096 }));

        var rows = DuckDb.Query($"SELECT id, name, state, amount, ok, epoch_us(\"at\") AS at_us, \"count\" FROM read_parquet({DuckDb.Literal(path)}) ORDER BY id");

        Assert.Equal(2500, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.Equal(i, DuckDb.Int64(row, "id"));
            Assert.Equal(ParquetSamples.Name(i), DuckDb.Text(row, "name"));
            Assert.Equal(ParquetSamples.State(i), DuckDb.Text(row, "state"));
            Assert.Equal(ParquetSamples.Amount(i), DuckDb.Double(row, "amount"));
            Assert.Equal(ParquetSamples.Ok(i), DuckDb.Boolean(row, "ok"));
            Assert.Equal(ParquetSamples.At(i) is { } at ? (at - DateTimeOffset.UnixEpoch).Ticks / 10 : null, DuckDb.Int64(row, "at_us"));
            Assert.Equal(ParquetSamples.Count(i), DuckDb.Int64(row, "count"));
        }
    }

    [Fact]
    public void DuckDB_sees_our_logical_types_and_statistics()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("ours.parquet");
        File.WriteAllBytes(path, ParquetSamples.Write(100, 50));

        var schema = DuckDb.Query($"SELECT name, duckdb_type FROM parquet_schema({DuckDb.Literal(path)}) WHERE duckdb_type IS NOT NULL");
        var types = schema.ToDictionary(r => DuckDb.Text(r, "name")!, r => DuckDb.Text(r, "duckdb_type"));
        Assert.Equal("BIGINT", types["id"]);
        Assert.Equal("VARCHAR", types["name"]);
        Assert.Equal("DOUBLE", types["amount"]);
        Assert.Equal("BOOLEAN", types["ok"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types["at"]);

        var stats = DuckDb.Query($"SELECT row_group_id, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema = 'id' ORDER BY row_group_id");
        Assert.Equal(["0", "49", "50", "99"], stats.SelectMany(r => new[] { DuckDb.Text(r, "stats_min_value"), DuckDb.Text(r, "stats_max_value") }));

        // DuckDB prunes row groups with our statistics: a filter on id only matches the second group.
        var filtered = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet({DuckDb.Literal(path)}) WHERE id >= 60 AND id < 70");
        Assert.Equal(10, DuckDb.Int64(filtered[0], "n"));
    }

    [Fact]
    public void DuckDB_reads_our_files_as_a_hive_partitioned_dataset()
    {
        using var folder = new TempFolder();
        for (var day = 1; day <= 3; day++)
        {
            var partition = Path.Combine(folder.Path, "runs", $"date=2024-05-0{day}");
            Directory.CreateDirectory(partition);
            File.WriteAllBytes(Path.Combine(partition, "part-0.parquet"), ParquetSamples.Write(day * 10, 7));
        }

        var rows = DuckDb.Query($"SELECT \"date\"::VARCHAR AS day, count(*) AS n, max(id) AS top FROM read_parquet({DuckDb.Literal(Path.Combine(folder.Path, "runs", "*", "*.parquet"))}, hive_partitioning = true) GROUP BY day ORDER BY day");

        Assert.Equal(["2024-05-01", "2024-05-02", "2024-05-03"], rows.Select(r => DuckDb.Text(r, "day")));
        Assert.Equal([10L, 20L, 30L], rows.Select(r => DuckDb.Int64(r, "n")!.Value));
        Assert.Equal([9L, 19L, 29L], rows.Select(r => DuckDb.Int64(r, "top")!.Value));
    }

    [Theory]
    [InlineData("uncompressed", "V1")]
    [InlineData("snappy", "V1")]
    [InlineData("gzip", "V1")]
    [InlineData("snappy", "V2")]
    [InlineData("gzip", "V2")]
    [InlineData("uncompressed", "V2")]
    public void We_read_every_value_of_files_DuckDB_writes(string codec, string version)
    {
        using var folder = new TempFolder();
        var path = folder.Combine($"duck-{codec}-{version}.parquet");
        var expected = DuckDb.Query(
            $"COPY (SELECT {DuckDbColumns} FROM range(5000)) TO {DuckDb.Literal(path)} (FORMAT parquet, CODEC '{codec}', PARQUET_VERSION {version}, ROW_GROUP_SIZE 2048)",
            $"SELECT id, name, state, amount, ok, epoch_us(\"at\") AS at_us, small, big, epoch_us(local_time) AS local_us, single FROM read_parquet({DuckDb.Literal(path)}) ORDER BY id");

        using var reader = ParquetReader.Open(path);
        Assert.Equal(5000, reader.RowCount);
        Assert.True(reader.RowGroups.Count > 1);
        var types = reader.Schema.Columns.ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal(ParquetColumnType.Int64, types["small"]);
        Assert.Equal(ParquetColumnType.Timestamp, types["at"]);
        Assert.Equal(ParquetColumnType.Timestamp, types["local_time"]);
        Assert.Equal(ParquetColumnType.Double, types["single"]);
        var row = 0;
        foreach (var group in reader.ReadAll())
        {
            var c = group.ToDictionary(d => d.Column.Name);
            for (var r = 0; r < group[0].Count; r++, row++)
            {
                var e = expected[row];
                Assert.Equal(DuckDb.Int64(e, "id"), c["id"].GetInt64(r));
                Assert.Equal(DuckDb.Text(e, "name"), c["name"].GetString(r));
                Assert.Equal(DuckDb.Text(e, "state"), c["state"].GetString(r));
                Assert.Equal(DuckDb.Double(e, "amount"), c["amount"].GetDouble(r));
                Assert.Equal(DuckDb.Boolean(e, "ok"), c["ok"].GetBoolean(r));
                Assert.Equal(DuckDb.Int64(e, "at_us"), c["at"].GetTimestamp(r) is { } at ? (at - DateTimeOffset.UnixEpoch).Ticks / 10 : null);
                Assert.Equal(DuckDb.Int64(e, "small"), c["small"].GetInt64(r));
                Assert.Equal(DuckDb.Int64(e, "big"), c["big"].GetInt64(r));
                Assert.Equal(DuckDb.Int64(e, "local_us"), c["local_time"].GetTimestamp(r) is { } local ? (local - DateTimeOffset.UnixEpoch).Ticks / 10 : null);
                Assert.Equal(DuckDb.Double(e, "single"), c["single"].GetDouble(r));
            }
        }

        Assert.Equal(5000, row);

        // Rows read alone (through DuckDB's page index where it wrote one, else from the whole chunk) are the same values.
        int[] picks = [2047, 0, 1000, 5, 2046, 1000];
        var names = reader.ReadRows(0, "name", picks);
        var times = reader.ReadRows(0, "at", picks);
        for (var i = 0; i < picks.Length; i++)
        {
            Assert.Equal(DuckDb.Text(expected[picks[i]], "name"), names.GetString(i));
            Assert.Equal(DuckDb.Int64(expected[picks[i]], "at_us"), times.GetTimestamp(i) is { } at ? (at - DateTimeOffset.UnixEpoch).Ticks / 10 : null);
        }

        // DuckDB 1.5.6 keeps data page v1 even for PARQUET_VERSION V2; V2 changes the encodings (delta, byte stream split).
        Assert.Equal(ParquetCodes.DataPage, FirstDataPageType(path));
        var first = reader.RowGroups[0].StatisticsOf("id")!;
        Assert.Equal(0L, first.Min);
        Assert.Equal(2047L, first.Max);
    }

    /// <summary>The page type of the id column's first data page, located through DuckDB's own metadata.</summary>
    private static int FirstDataPageType(string path)
    {
        var offset = DuckDb.Int64(DuckDb.Query($"SELECT data_page_offset FROM parquet_metadata({DuckDb.Literal(path)}) WHERE path_in_schema = 'id' AND row_group_id = 0")[0], "data_page_offset")!.Value;
        var bytes = File.ReadAllBytes(path);
        return PageHeader.Read(new ThriftReader(bytes, (int)offset, bytes.Length, 0, "page header")).Type;
    }
}
