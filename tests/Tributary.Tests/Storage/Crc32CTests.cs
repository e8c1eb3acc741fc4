using System.Text;
using Tributary.Storage;

namespace Tributary.Tests.Storage;

public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_the_standard_test_string_matches()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
    }

    [Fact]
    public void Hardware_and_table_implementations_agree_on_every_length()
    {
        var data = new byte[1000];
        new Random(7).NextBytes(data);

        for (var length = 0; length <= data.Length; length += 37)
        {
            var span = data.AsSpan(0, length);
            Assert.Equal(~Crc32C.AppendSoftware(~0u, span), Crc32C.Compute(span));
        }
    }

    [Fact]
    public void Long_data_taken_in_three_lanes_gives_the_table_implementations_checksum_at_every_length_and_offset()
    {
        var data = new byte[5000];
        new Random(11).NextBytes(data);

        for (var length = 700; length <= 3200; length += 13)
        {
            foreach (var offset in new[] { 0, 1, 3, 7 })
            {
                var span = data.AsSpan(offset, length);
                Assert.Equal(~Crc32C.AppendSoftware(~0u, span), Crc32C.Compute(span));
                Assert.Equal(Crc32C.AppendSoftware(0x12345678u, span), Crc32C.Append(0x12345678u, span));
            }
        }
    }

    [Fact]
    public void Checksum_can_be_computed_in_pieces()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");

        var pieces = ~Crc32C.Append(Crc32C.Append(~0u, data.AsSpan(0, 11)), data.AsSpan(11));

        Assert.Equal(Crc32C.Compute(data), pieces);
        Assert.Equal(0x22620404u, pieces);
    }
}
