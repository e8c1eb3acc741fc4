using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Parquet;

/// <summary>The offset index (the page index locating each data page) that lets a reader fetch a few rows without the rest of the chunk.</summary>
public sealed class PageIndexTests
{
    private static readonly ParquetWriterOptions SmallPages = new() { PageSize = 512 };

    private static object? Value(ParquetColumnData column, int row) => column.GetValue(row);

    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 999 })]
    [InlineData(new[] { 500, 3, 998, 3, 640, 641, 642 })]
    [InlineData(new[] { 17, 400, 401, 999, 0, 250 })]
    public void Rows_read_through_the_offset_index_are_the_rows_of_the_whole_group_in_the_order_asked(int[] rows)
    {
        using var reader = new ParquetReader(new MemoryStream(ParquetSamples.Write(2500, 1000, SmallPages)));

        foreach (var column in reader.Schema.Columns)
        {
            var whole = reader.ReadRowGroup(1, [column.Name])[0];
            var chosen = reader.ReadRows(1, column.Name, rows);

            Assert.Equal(rows.Length, chosen.Count);
            for (var i = 0; i < rows.Length; i++)
            {
                Assert.Equal(Value(whole, rows[i]), Value(chosen, i));
            }
        }
    }

    [Fact]
    public void One_row_is_read_from_its_own_page_not_the_whole_chunk()
    {
        var bytes = ParquetSamples.Write(1000, 1000, SmallPages);
        using var counting = new CountingStream(bytes);
        using var reader = new ParquetReader(counting);
        var afterFooter = counting.BytesRead;
        var chunkSize = BytesToReadWhole(bytes, "name");

        var one = reader.ReadRows(0, "name", [777]);

        Assert.Equal(ParquetSamples.Name(777), one.GetString(0));
        var read = counting.BytesRead - afterFooter;
        Assert.True(read * 10 < chunkSize, $"read {read} bytes for one row of a {chunkSize}-byte column chunk");
    }

    [Fact]
    public void Asking_for_a_row_past_the_group_names_the_row_and_the_group_size()
    {
        using var reader = new ParquetReader(new MemoryStream(ParquetSamples.Write(10, 10)));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadRows(0, "name", [10]));

        Assert.Contains("Row group 0 has 10 rows", error.Message, StringComparison.Ordinal);
    }

    private static long BytesToReadWhole(byte[] file, string column)
    {
        using var counting = new CountingStream(file);
        using var reader = new ParquetReader(counting);
        var start = counting.BytesRead;
        reader.ReadRowGroup(0, [column]);
        return counting.BytesRead - start;
    }

    /// <summary>A read-only stream over bytes that counts what is read from it.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            BytesRead += n;
            return n;
        }
    }
}
