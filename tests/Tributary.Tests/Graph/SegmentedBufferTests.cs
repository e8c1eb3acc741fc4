using Tributary.Graph;
using Tributary.Storage;

namespace Tributary.Tests.Graph;

/// <summary>
/// The segmented buffer a checkpoint body is built in gives back exactly the bytes written, in order, however they
/// fall across its segments, and a checkpoint larger than many segments reads back as the graph it was written from.
/// </summary>
public sealed class SegmentedBufferTests
{
    [Fact]
    public void Bytes_written_across_many_segments_come_back_in_order_with_the_checksum_of_one_span()
    {
        var random = new Random(5);
        var expected = new MemoryStream();
        using var buffer = new SegmentedBuffer();
        using var moved = new SegmentedBuffer();

        // Small writes through GetSpan, large copies through Write, and one span asked for larger than a segment.
        for (var i = 0; i < 3_000; i++)
        {
            var length = i % 500 == 0 ? random.Next(1 << 20, 3 << 20) : random.Next(0, 3_000);
            var bytes = new byte[length];
            random.NextBytes(bytes);
            expected.Write(bytes);
            var target = i % 2 == 0 ? buffer : moved;
            if (i % 3 == 0)
            {
                bytes.CopyTo(target.GetSpan(length));
                target.Advance(length);
            }
            else
            {
                target.Write(bytes);
            }

            if (i % 2 == 1)
            {
                // Every odd write went to the other buffer: move it over so the order stays the order written.
                buffer.Append(moved);
            }
        }

        var written = new MemoryStream();
        buffer.CopyTo(written);
        var copied = new SegmentedBuffer();
        buffer.CopyTo(copied);
        var copiedBytes = new MemoryStream();
        copied.CopyTo(copiedBytes);
        copied.Dispose();

        Assert.Equal(expected.Length, buffer.WrittenCount);
        Assert.Equal(0, moved.WrittenCount);
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(written.ToArray()));
        Assert.True(expected.ToArray().AsSpan().SequenceEqual(copiedBytes.ToArray()));
        Assert.Equal(Crc32C.Compute(expected.ToArray()), buffer.Crc32C());
    }

    [Fact]
    public void A_cleared_buffer_holds_only_what_is_written_after_it_was_cleared()
    {
        using var buffer = new SegmentedBuffer();
        buffer.Write(new byte[(1 << 20) + 10]);
        buffer.Clear();
        buffer.Write("after"u8);

        var written = new MemoryStream();
        buffer.CopyTo(written);

        Assert.Equal(5, buffer.WrittenCount);
        Assert.Equal("after"u8.ToArray(), written.ToArray());
        Assert.Equal(Crc32C.Compute("after"u8), buffer.Crc32C());
    }

    [Fact]
    public void A_checkpoint_of_many_segments_loads_as_the_graph_it_was_written_from_and_writes_the_same_bytes_again()
    {
        using var graph = LineageGraph.From(SyntheticGraph.Generate(jobs: 3_000, datasets: 9_000, edges: 30_000, columnsPerDataset: 10, seed: 3));
        var first = Checkpoint(graph);
        using var loaded = new LineageGraph();
        loaded.LoadCheckpoint(first);
        var second = Checkpoint(loaded);

        Assert.True(first.Length > 4 << 20, $"the checkpoint is {first.Length} bytes, fewer than four segments");
        Assert.Equal((graph.DatasetCount, graph.JobCount, graph.EdgeCount, graph.FieldCount), (loaded.DatasetCount, loaded.JobCount, loaded.EdgeCount, loaded.FieldCount));
        Assert.True(first.AsSpan().SequenceEqual(second));
    }

    private static byte[] Checkpoint(LineageGraph graph)
    {
        using var bytes = new MemoryStream();
        graph.WriteCheckpoint(bytes);
        return bytes.ToArray();
    }
}
