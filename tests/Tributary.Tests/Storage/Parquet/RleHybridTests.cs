using System.Buffers;
using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Parquet;

public sealed class RleHybridTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(32)]
    public void Mixed_runs_and_scattered_values_decode_to_what_was_encoded(int bitWidth)
    {
        var random = new Random(bitWidth);
        var max = bitWidth == 32 ? int.MaxValue : (1 << bitWidth) - 1;
        var values = new List<int>();
        while (values.Count < 5000)
        {
            var value = random.Next(0, max) + (random.Next(2) == 0 ? 0 : 1);
            var repeat = random.Next(3) == 0 ? random.Next(8, 100) : 1;
            values.AddRange(Enumerable.Repeat(Math.Min(value, max), repeat));
        }

        var output = new ArrayBufferWriter<byte>();
        RleHybrid.Encode(values.ToArray(), bitWidth, output);
        var decoded = new int[values.Count];
        RleHybrid.Decode(output.WrittenSpan, bitWidth, decoded);

        Assert.Equal(values, decoded);
    }

    [Fact]
    public void A_long_run_of_one_value_takes_a_few_bytes()
    {
        var output = new ArrayBufferWriter<byte>();
        RleHybrid.Encode(Enumerable.Repeat(1, 100_000).ToArray(), 1, output);

        Assert.True(output.WrittenCount <= 4);
    }

    [Fact]
    public void Data_that_ends_before_the_values_do_is_rejected()
    {
        var output = new ArrayBufferWriter<byte>();
        RleHybrid.Encode([1, 0, 1, 1, 0, 0, 1, 0, 1], 1, output);

        Assert.Throws<InvalidDataException>(() => RleHybrid.Decode(output.WrittenSpan, 1, new int[100]));
    }
}
