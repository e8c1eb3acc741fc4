using System.Text;
using Tributary.Storage.Parquet;

namespace Tributary.Tests.Storage.Parquet;

public sealed class SnappyTests
{
    public static TheoryData<string> Inputs => ["empty", "tiny", "text", "random", "zeros", "long-repeats", "three-blocks"];

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Compressed_data_decompresses_to_the_original(string kind)
    {
        var input = Make(kind);

        var compressed = Snappy.Compress(input);

        Assert.True(compressed.Length <= Snappy.MaxCompressedLength(input.Length));
        Assert.Equal(input, Snappy.Decompress(compressed, input.Length));
    }

    [Fact]
    public void Blocks_of_every_small_size_and_repeats_of_their_first_bytes_decompress_to_the_original()
    {
        // The hash table is sized to the block, and a slot no position has set yet points at the block's first byte:
        // inputs of every length up to a few hundred bytes, each repeating its opening bytes, and a whole block and a
        // bit more of one word repeated, whose first position is a candidate for every later one.
        var random = new Random(11);
        for (var length = 16; length <= 600; length++)
        {
            var input = new byte[length];
            random.NextBytes(input);
            for (var at = 8; at + 8 <= length; at += 23)
            {
                input.AsSpan(0, 8).CopyTo(input.AsSpan(at));
            }

            var compressed = Snappy.Compress(input);
            Assert.True(compressed.Length <= Snappy.MaxCompressedLength(length));
            Assert.Equal(input, Snappy.Decompress(compressed, length));
        }

        var word = Enumerable.Range(0, (1 << 16) + 100).Select(i => (byte)"abcd"[i % 4]).ToArray();
        var packed = Snappy.Compress(word);
        Assert.True(packed.Length < word.Length / 16, $"{packed.Length} bytes for one repeated word");
        Assert.Equal(word, Snappy.Decompress(packed, word.Length));
    }

    [Fact]
    public void A_repeat_of_any_length_ending_anywhere_decompresses_to_the_original()
    {
        var random = new Random(3);
        for (var length = 4; length <= 72; length++)
        {
            for (var tail = 0; tail <= 9; tail++)
            {
                // A run repeated once, then a byte that differs (or the end of the input), at every place in an 8-byte word.
                var run = new byte[length];
                random.NextBytes(run);
                byte[] input = [.. "head"u8, .. run, (byte)'|', .. run, .. new byte[tail].Select(_ => (byte)random.Next(256))];

                Assert.Equal(input, Snappy.Decompress(Snappy.Compress(input), input.Length));
            }
        }
    }

    [Fact]
    public void Short_literals_between_repeats_up_to_the_end_of_a_block_or_of_the_input_decompress_to_the_original()
    {
        // A repeated word, then a literal of 1 to 17 fresh bytes, over and over: the literals' sixteen-byte copies come
        // within a few bytes of the end of a 64 KiB block, of the input and of the output buffer at every offset.
        var random = new Random(5);
        foreach (var total in new[] { 40, 64, 100, 65_536 - 20, 65_536, 65_536 + 17, (2 * 65_536) + 3 })
        {
            for (var shift = 0; shift < 17; shift++)
            {
                var input = new List<byte>(total);
                input.AddRange(new byte[shift].Select(_ => (byte)random.Next(256)));
                while (input.Count < total)
                {
                    input.AddRange("repeat: "u8.ToArray());
                    input.AddRange(new byte[1 + random.Next(17)].Select(_ => (byte)random.Next(256)));
                }

                var bytes = input.Take(total).ToArray();
                var output = new byte[Snappy.MaxCompressedLength(bytes.Length)];
                var written = Snappy.Compress(bytes, output);

                Assert.Equal(bytes, Snappy.Decompress(output.AsSpan(0, written), bytes.Length));
                Assert.Equal(output.AsSpan(0, written).ToArray(), Snappy.Compress(bytes));
            }
        }
    }

    [Fact]
    public void Repetitive_data_gets_much_smaller()
    {
        var input = Make("text");

        Assert.True(Snappy.Compress(input).Length < input.Length / 4);
    }

    [Fact]
    public void A_known_encoding_from_the_format_description_decodes()
    {
        // Literal "abcd", then a 1-byte-offset copy of 8 bytes from 4 back (overlapping): "abcdabcdabcd".
        byte[] encoded = [12, 3 << 2, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0b000_100_01, 4];

        Assert.Equal("abcdabcdabcd", Encoding.ASCII.GetString(Snappy.Decompress(encoded, 12)));
    }

    [Theory]
    [InlineData(new byte[] { 5 }, 5)]
    [InlineData(new byte[] { 4, 0x10, 1 }, 4)]
    [InlineData(new byte[] { 4, 0, 1, 0b000_000_01, 9 }, 4)]
    [InlineData(new byte[] { 4, 0xF0, 1 }, 4)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 1)]
    [InlineData(new byte[] { 2, 0, 1 }, 2)]
    public void Damaged_input_is_rejected_rather_than_read_out_of_bounds(byte[] input, int expected)
    {
        Assert.Throws<InvalidDataException>(() => Snappy.Decompress(input, expected));
    }

    [Fact]
    public void Random_garbage_never_escapes_as_another_exception()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            try
            {
                Snappy.Decompress(garbage, random.Next(0, 200));
            }
            catch (InvalidDataException)
            {
                // Expected for nearly every input.
            }
        }
    }

    private static byte[] Make(string kind)
    {
        var random = new Random(kind.Length);
        switch (kind)
        {
            case "empty": return [];
            case "tiny": return [1, 2, 3];
            case "random":
                var bytes = new byte[100_000];
                random.NextBytes(bytes);
                return bytes;
            case "zeros": return new byte[200_000];
            case "long-repeats": return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("abc", 50_000)));
            case "three-blocks":
                var mixed = new byte[(1 << 17) + 12345];
                for (var i = 0; i < mixed.Length; i++)
                {
                    mixed[i] = (byte)(i % 251 < 100 ? random.Next(256) : i % 7);
                }

                return mixed;
            default: return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"{{\"run\":{i},\"state\":\"COMPLETE\",\"job\":\"etl.daily\"}}\n")));
        }
    }
}
