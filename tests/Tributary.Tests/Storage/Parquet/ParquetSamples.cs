using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Parquet;

/// <summary>A table with every column type, nulls, repeats and awkward values, for round trips through our codec and DuckDB.</summary>
public static class ParquetSamples
{
    /// <summary>The sample's columns: a required id, then one nullable column per type.</summary>
    public static ParquetSchema Schema { get; } = new(
        new ParquetColumn("id", ParquetColumnType.Int64, IsNullable: false),
        new ParquetColumn("name", ParquetColumnType.String),
        new ParquetColumn("state", ParquetColumnType.String),
        new ParquetColumn("amount", ParquetColumnType.Double),
        new ParquetColumn("ok", ParquetColumnType.Boolean),
        new ParquetColumn("at", ParquetColumnType.Timestamp),
        new ParquetColumn("count", ParquetColumnType.Int64));

    /// <summary>The time of row 0; row i is i seconds and i microseconds later.</summary>
    public static DateTimeOffset Start { get; } = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Unique names (PLAIN-encoded), some non-ASCII, every seventh null.</summary>
    public static string? Name(int i) => i % 7 == 3 ? null : $"run-{i}-{(i % 5 == 0 ? "日本語 ✓" : "ascii")}";

    /// <summary>Few distinct values (dictionary-encoded), every eleventh null.</summary>
    public static string? State(int i) => i % 11 == 5 ? null : (i % 3) switch { 0 => "COMPLETE", 1 => "FAIL", _ => "" };

    /// <summary>Doubles, every fifth null.</summary>
    public static double? Amount(int i) => i % 5 == 4 ? null : (i * 1.25) - 100;

    /// <summary>Booleans, every thirteenth null.</summary>
    public static bool? Ok(int i) => i % 13 == 12 ? null : i % 2 == 0;

    /// <summary>Timestamps with microseconds, every seventeenth null.</summary>
    public static DateTimeOffset? At(int i) => i % 17 == 16 ? null : Start.AddSeconds(i).AddTicks(i * 10L);

    /// <summary>Integers including extremes, every third null.</summary>
    public static long? Count(int i) => i % 3 == 2 ? null : i switch { 0 => long.MinValue, 1 => long.MaxValue, _ => (long)i * 1_000_003 };

    /// <summary>Rows <paramref name="from"/> to <paramref name="from"/> + <paramref name="rows"/> - 1 as one row group.</summary>
    public static IReadOnlyList<ParquetColumnData> RowGroup(int from, int rows)
    {
        var range = Enumerable.Range(from, rows).ToArray();
        var c = Schema.Columns;
        return
        [
            ParquetColumnData.FromInt64s(c[0], [.. range.Select(i => (long?)i)]),
            ParquetColumnData.FromStrings(c[1], [.. range.Select(Name)]),
            ParquetColumnData.FromStrings(c[2], [.. range.Select(State)]),
            ParquetColumnData.FromDoubles(c[3], [.. range.Select(Amount)]),
            ParquetColumnData.FromBooleans(c[4], [.. range.Select(Ok)]),
            ParquetColumnData.FromTimestamps(c[5], [.. range.Select(At)]),
            ParquetColumnData.FromInt64s(c[6], [.. range.Select(Count)]),
        ];
    }

    /// <summary>Writes <paramref name="rows"/> sample rows in row groups of <paramref name="rowGroupSize"/> and returns the file's bytes.</summary>
    public static byte[] Write(int rows, int rowGroupSize, ParquetWriterOptions? options = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new ParquetWriter(buffer, Schema, options, leaveOpen: true))
        {
            for (var from = 0; from < rows; from += rowGroupSize)
            {
                writer.WriteRowGroup(RowGroup(from, Math.Min(rowGroupSize, rows - from)));
            }

            writer.Complete();
        }

        return buffer.ToArray();
    }

    /// <summary>Checks that <paramref name="columns"/> (every sample column, in order) hold sample rows starting at <paramref name="from"/>.</summary>
    public static void AssertRows(IReadOnlyList<ParquetColumnData> columns, int from)
    {
        for (var r = 0; r < columns[0].Count; r++)
        {
            var i = from + r;
            Assert.Equal(i, columns[0].GetInt64(r));
            Assert.Equal(Name(i), columns[1].GetString(r));
            Assert.Equal(State(i), columns[2].GetString(r));
            Assert.Equal(Amount(i), columns[3].GetDouble(r));
            Assert.Equal(Ok(i), columns[4].GetBoolean(r));
            Assert.Equal(At(i), columns[5].GetTimestamp(r));
            Assert.Equal(Count(i), columns[6].GetInt64(r));
        }
    }
}
