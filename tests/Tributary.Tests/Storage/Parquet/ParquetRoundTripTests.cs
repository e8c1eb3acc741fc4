using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Parquet;

public sealed class ParquetRoundTripTests
{
    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public void Every_column_type_with_nulls_reads_back_as_written(ParquetCompression compression)
    {
        var bytes = ParquetSamples.Write(1000, 400, new ParquetWriterOptions { Compression = compression });

        using var reader = new ParquetReader(new MemoryStream(bytes));
        Assert.Equal(1000, reader.RowCount);
        Assert.Equal([400L, 400L, 200L], reader.RowGroups.Select(g => g.RowCount));
        Assert.Equal(ParquetSamples.Schema.Columns, reader.Schema.Columns);
        var from = 0;
        foreach (var group in reader.ReadAll())
        {
            ParquetSamples.AssertRows(group, from);
            from += group[0].Count;
        }
    }

    [Theory]
    [InlineData(ParquetCompression.Snappy, true)]
    [InlineData(ParquetCompression.Gzip, false)]
    public void Text_given_as_utf8_writes_the_same_file_as_the_same_text_given_as_strings(ParquetCompression compression, bool dictionary)
    {
        var options = new ParquetWriterOptions { Compression = compression, UseDictionary = dictionary };
        var asUtf8 = Write(options, (column, texts) => ParquetColumnData.FromUtf8(column, [.. texts.Select(t => t is null ? (ReadOnlyMemory<byte>?)null : System.Text.Encoding.UTF8.GetBytes(t))]));
        var asStrings = Write(options, (column, texts) => ParquetColumnData.FromStrings(column, texts));

        Assert.Equal(asStrings, asUtf8);
        using var reader = new ParquetReader(new MemoryStream(asUtf8));
        ParquetSamples.AssertRows(reader.ReadRowGroup(0), 0);

        static byte[] Write(ParquetWriterOptions options, Func<ParquetColumn, string?[], ParquetColumnData> text)
        {
            var rows = ParquetSamples.RowGroup(0, 600).ToArray();
            var range = Enumerable.Range(0, 600).ToArray();
            rows[1] = text(rows[1].Column, [.. range.Select(ParquetSamples.Name)]);
            rows[2] = text(rows[2].Column, [.. range.Select(ParquetSamples.State)]);
            Assert.Equal(ParquetSamples.Name(5), rows[1].GetString(5));
            Assert.True(rows[2].IsNull(5));
            using var buffer = new MemoryStream();
            using (var writer = new ParquetWriter(buffer, ParquetSamples.Schema, options, leaveOpen: true))
            {
                writer.WriteRowGroup(rows);
                writer.Complete();
            }

            return buffer.ToArray();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Strings_that_repeat_one_instance_or_are_long_or_not_ascii_write_the_same_file_as_their_utf8(bool dictionary)
    {
        // Strings are encoded into shared blocks, a run of the very same instance sharing one encoding, and values
        // too long for a block get their own array: none of that may change a byte of the file.
        var shared = "datasetField:s3://lake:sales.orders:customer_id";
        var long1 = new string('x', 20_000) + "é";
        var long2 = string.Concat(Enumerable.Repeat("naïve ☃ ", 12_000));
        string?[] texts = [.. Enumerable.Range(0, 5_000).Select(i => (i % 7) switch
        {
            0 or 1 or 2 => shared,
            3 => $"dataset:ns:t{i}:ünïcödé",
            4 => i % 2 == 0 ? long1 : long2,
            5 => null,
            _ => new string((char)('a' + (i % 26)), i % 40),
        })];
        var column = new ParquetColumn("text", ParquetColumnType.String, IsNullable: true);
        var schema = new ParquetSchema([column]);
        var options = new ParquetWriterOptions { Compression = ParquetCompression.Snappy, UseDictionary = dictionary };

        var asStrings = Write(ParquetColumnData.FromStrings(column, texts));
        var asUtf8 = Write(ParquetColumnData.FromUtf8(column, [.. texts.Select(t => t is null ? (ReadOnlyMemory<byte>?)null : System.Text.Encoding.UTF8.GetBytes(t))]));

        Assert.Equal(asUtf8, asStrings);
        using var reader = new ParquetReader(new MemoryStream(asStrings));
        var read = reader.ReadRowGroup(0)[0];
        Assert.Equal(texts, Enumerable.Range(0, texts.Length).Select(read.GetString));

        byte[] Write(ParquetColumnData data)
        {
            using var buffer = new MemoryStream();
            using (var writer = new ParquetWriter(buffer, schema, options, leaveOpen: true))
            {
                writer.WriteRowGroup([data]);
                writer.Complete();
            }

            return buffer.ToArray();
        }
    }

    [Fact]
    public void Small_pages_split_a_column_chunk_and_still_read_back()
    {
        var bytes = ParquetSamples.Write(3000, 3000, new ParquetWriterOptions { PageSize = 256 });

        using var reader = new ParquetReader(new MemoryStream(bytes));
        ParquetSamples.AssertRows(reader.ReadRowGroup(0), 0);
    }

    [Fact]
    public void Dictionary_encoding_can_be_turned_off_without_changing_the_values()
    {
        var withDictionary = ParquetSamples.Write(500, 500);
        var without = ParquetSamples.Write(500, 500, new ParquetWriterOptions { UseDictionary = false });

        Assert.NotEqual(withDictionary.Length, without.Length);
        using var reader = new ParquetReader(new MemoryStream(without));
        ParquetSamples.AssertRows(reader.ReadRowGroup(0), 0);
    }

    [Fact]
    public void Statistics_give_each_row_groups_min_max_and_null_count()
    {
        var bytes = ParquetSamples.Write(100, 50);

        using var reader = new ParquetReader(new MemoryStream(bytes));
        var second = reader.RowGroups[1];
        Assert.Equal(50L, second.StatisticsOf("id")!.Min);
        Assert.Equal(99L, second.StatisticsOf("id")!.Max);
        Assert.Equal(0L, second.StatisticsOf("id")!.NullCount);
        var at = second.StatisticsOf("at")!;
        Assert.Equal(ParquetSamples.At(51), at.Min); // row 50 is null
        Assert.Equal(ParquetSamples.At(99), at.Max);
        Assert.Equal(3L, at.NullCount);
        Assert.Equal("", second.StatisticsOf("state")!.Min);
        Assert.Equal("FAIL", second.StatisticsOf("state")!.Max);
        Assert.Equal(false, second.StatisticsOf("ok")!.Min);
        Assert.Equal(true, second.StatisticsOf("ok")!.Max);
        Assert.Equal((50 * 1.25) - 100, second.StatisticsOf("amount")!.Min);
    }

    [Fact]
    public void Only_the_requested_columns_are_read_in_the_requested_order()
    {
        var bytes = ParquetSamples.Write(10, 10);

        using var reader = new ParquetReader(new MemoryStream(bytes));
        var columns = reader.ReadRowGroup(0, ["at", "id"]);
        Assert.Equal(["at", "id"], columns.Select(c => c.Column.Name));
        Assert.Equal(ParquetSamples.At(3), columns[0].GetTimestamp(3));
        Assert.Throws<ArgumentException>(() => reader.ReadRowGroup(0, ["missing"]));
    }

    [Fact]
    public void A_file_without_rows_has_a_schema_and_no_row_groups()
    {
        var bytes = ParquetSamples.Write(0, 10);

        using var reader = new ParquetReader(new MemoryStream(bytes));
        Assert.Equal(0, reader.RowCount);
        Assert.Empty(reader.RowGroups);
        Assert.Equal(7, reader.Schema.Columns.Count);
    }

    [Fact]
    public void Key_value_metadata_is_kept_in_the_footer()
    {
        using var buffer = new MemoryStream();
        var options = new ParquetWriterOptions { Metadata = new Dictionary<string, string> { ["tributary.kind"] = "runs", ["b"] = "ü" } };
        using (var writer = new ParquetWriter(buffer, ParquetSamples.Schema, options, leaveOpen: true))
        {
            writer.Complete();
        }

        buffer.Position = 0;
        using var reader = new ParquetReader(buffer);
        Assert.Equal("runs", reader.Metadata["tributary.kind"]);
        Assert.Equal("ü", reader.Metadata["b"]);
    }

    [Fact]
    public void Long_strings_and_all_null_columns_round_trip()
    {
        var schema = new ParquetSchema(new ParquetColumn("text", ParquetColumnType.String), new ParquetColumn("none", ParquetColumnType.Double));
        var text = new string('x', 100_000) + "end";
        using var buffer = new MemoryStream();
        using (var writer = new ParquetWriter(buffer, schema, leaveOpen: true))
        {
            writer.WriteRowGroup([ParquetColumnData.FromStrings(schema.Columns[0], [text, null, text]), ParquetColumnData.FromDoubles(schema.Columns[1], [null, null, null])]);
            writer.Complete();
        }

        buffer.Position = 0;
        using var reader = new ParquetReader(buffer);
        var group = reader.ReadRowGroup(0);
        Assert.Equal(text, group[0].GetString(2));
        Assert.Null(group[0].GetString(1));
        Assert.True(group[1].IsNull(0) && group[1].IsNull(2));
        Assert.Null(reader.RowGroups[0].StatisticsOf("text")!.Min);
        Assert.Equal(3L, reader.RowGroups[0].StatisticsOf("none")!.NullCount);
    }

    [Fact]
    public void Writing_rejects_nulls_in_required_columns_and_mismatched_columns()
    {
        var required = new ParquetColumn("id", ParquetColumnType.Int64, IsNullable: false);
        Assert.Throws<ArgumentException>(() => ParquetColumnData.FromInt64s(required, [1, null]));
        Assert.Throws<ArgumentException>(() => ParquetColumnData.FromStrings(required, ["x"]));

        using var writer = new ParquetWriter(new MemoryStream(), ParquetSamples.Schema);
        Assert.Throws<ArgumentException>(() => writer.WriteRowGroup([ParquetColumnData.FromInt64s(required, [1])]));
    }
}
