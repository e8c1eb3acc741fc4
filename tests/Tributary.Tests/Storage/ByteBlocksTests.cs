using Tributary.Storage;

namespace Tributary.Tests.Storage;

public sealed class ByteBlocksTests
{
    [Fact]
    public void Copies_keep_their_bytes_whether_they_share_a_block_or_get_their_own()
    {
        var blocks = new ByteBlocks();
        var random = new Random(11);
        var originals = new List<byte[]>();
        var copies = new List<ReadOnlyMemory<byte>>();
        foreach (var length in new[] { 0, 1, 100, 16_000, 16_385, 70_000, 5, 65_000, 3_000 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            originals.Add(bytes);
            copies.Add(blocks.Copy(bytes));
        }

        for (var i = 0; i < originals.Count; i++)
        {
            Assert.Equal(originals[i], copies[i].ToArray());
        }
    }
}
