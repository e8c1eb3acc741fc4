using System.Text;
using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Parquet;

/// <summary>Damaged files give a <see cref="ParquetFormatException"/> saying what and where, never another exception or a hang.</summary>
public sealed class ParquetMalformedFileTests
{
    [Fact]
    public void A_file_that_is_not_Parquet_is_rejected_at_byte_0()
    {
        var error = Assert.Throws<ParquetFormatException>(() => Open(Encoding.UTF8.GetBytes("{\"not\": \"parquet at all\"}")));

        Assert.Equal(0, error.Offset);
        Assert.Contains("PAR1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_too_short_to_hold_a_footer_is_rejected()
    {
        var error = Assert.Throws<ParquetFormatException>(() => Open("PAR1PAR1"u8.ToArray()));

        Assert.Contains("too few", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_footer_length_larger_than_the_file_is_rejected_with_its_offset()
    {
        var bytes = ParquetSamples.Write(10, 10);
        BitConverter.GetBytes(bytes.Length).CopyTo(bytes, bytes.Length - 8);

        var error = Assert.Throws<ParquetFormatException>(() => Open(bytes));

        Assert.Equal(bytes.Length - 8, error.Offset);
        Assert.Contains("footer length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_page_names_its_column_page_and_offset()
    {
        var bytes = ParquetSamples.Write(200, 200, new ParquetWriterOptions { Compression = ParquetCompression.Snappy });
        using (var reader = new ParquetReader(new MemoryStream(bytes)))
        {
            reader.ReadRowGroup(0);
        }

        // Overwrite the data right after the first page header of the first column with garbage.
        for (var i = 20; i < 60; i++)
        {
            bytes[i] = 0xFF;
        }

        var error = Assert.Throws<ParquetFormatException>(() => ReadAll(bytes));

        Assert.Equal("id", error.Column);
        Assert.NotNull(error.Offset);
        Assert.Contains("column 'id'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public void Truncation_at_any_offset_gives_a_format_error(ParquetCompression compression)
    {
        var bytes = ParquetSamples.Write(300, 100, new ParquetWriterOptions { Compression = compression, PageSize = 512 });

        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 400))
        {
            Assert.Throws<ParquetFormatException>(() => ReadAll(bytes.AsSpan(0, length).ToArray()));
        }
    }

    [Theory]
    [InlineData(ParquetCompression.Uncompressed)]
    [InlineData(ParquetCompression.Snappy)]
    [InlineData(ParquetCompression.Gzip)]
    public void A_body_cut_out_under_an_intact_footer_gives_a_format_error(ParquetCompression compression)
    {
        var bytes = ParquetSamples.Write(300, 100, new ParquetWriterOptions { Compression = compression, PageSize = 512 });
        var footer = BitConverter.ToInt32(bytes, bytes.Length - 8) + 8;

        for (var cut = 4; cut < bytes.Length - footer; cut += Math.Max(1, (bytes.Length - footer) / 200))
        {
            // Keep the head up to `cut`, drop 16 bytes, keep the rest: offsets in the footer now point at the wrong bytes.
            var damaged = bytes.AsSpan(0, cut).ToArray().Concat(bytes.Skip(Math.Min(cut + 16, bytes.Length - footer))).ToArray();
            AssertReadsOrFailsCleanly(damaged);
        }
    }

    [Theory]
    [InlineData(ParquetCompression.Uncompressed, 1)]
    [InlineData(ParquetCompression.Snappy, 2)]
    [InlineData(ParquetCompression.Gzip, 3)]
    public void Random_byte_flips_give_a_format_error_or_readable_values(ParquetCompression compression, int seed)
    {
        var original = ParquetSamples.Write(300, 100, new ParquetWriterOptions { Compression = compression, PageSize = 512 });
        var footerStart = original.Length - 8 - BitConverter.ToInt32(original, original.Length - 8);
        var random = new Random(seed);

        for (var round = 0; round < 1500; round++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 5);
            for (var f = 0; f < flips; f++)
            {
                // Half the flips hit the footer, where the structure is densest.
                var at = round % 2 == 0 ? random.Next(footerStart, original.Length - 8) : random.Next(original.Length);
                bytes[at] ^= (byte)random.Next(1, 256);
            }

            AssertReadsOrFailsCleanly(bytes);
        }
    }

    [Fact]
    public void Random_byte_flips_in_a_file_DuckDB_wrote_give_a_format_error_or_readable_values()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("duck.parquet");
        DuckDb.Query($"COPY (SELECT range AS id, 'n' || (range % 13) AS s, 'u' || range AS u, range * 0.5 AS d, range % 2 = 0 AS b FROM range(3000)) TO {DuckDb.Literal(path)} (FORMAT parquet, PARQUET_VERSION V2, ROW_GROUP_SIZE 1000)");
        var original = File.ReadAllBytes(path);
        var random = new Random(42);

        for (var round = 0; round < 1500; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var f = random.Next(1, 5); f > 0; f--)
            {
                bytes[random.Next(bytes.Length - 8)] ^= (byte)random.Next(1, 256);
            }

            AssertReadsOrFailsCleanly(bytes);
        }
    }

    private static void AssertReadsOrFailsCleanly(byte[] bytes)
    {
        try
        {
            ReadAll(bytes);
        }
        catch (ParquetFormatException)
        {
            // The expected outcome for most damage.
        }
    }

    private static ParquetReader Open(byte[] bytes) => new(new MemoryStream(bytes));

    private static void ReadAll(byte[] bytes)
    {
        using var reader = Open(bytes);
        foreach (var group in reader.ReadAll())
        {
            foreach (var column in group)
            {
                for (var r = 0; r < column.Count; r++)
                {
                    _ = column.GetValue(r);
                }
            }
        }
    }
}
