using Tributary.Graph;
using Tributary.Storage;

namespace Tributary.Tests.Graph;

/// <summary>
/// The segmented buffer a checkpoint body is built in gives back exactly the bytes written, in order, however they
/// fall across its segments, and a checkpoint larger than many segments reads back as the graph it was written from.
/// </summary>
public sealed class SegmentedBufferTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_written_across_many_segments_come_back_in_order_with_the_checksum_of_one_span(bool supplied)
    {
        var random = new Random(5);
        var expected = new MemoryStream();
        using var supply = supplied ? SegmentSupply.Start() : null;
        using var buffer = new SegmentedBuffer(supply);
        using var moved = new SegmentedBuffer(supply);

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
    public void A_supply_hands_out_whole_writable_segments_and_none_once_stopped()
    {
        var supply = SegmentSupply.Start();
        Assert.NotNull(supply); // the test machines have more than one core
        var taken = new List<nint>();
        for (var i = 0; i < 20; i++)
        {
            // The filler runs on the thread pool: each segment is waited for (a supply that never fills fails here).
            var segment = (nint)0;
            if (!SpinWait.SpinUntil(() => supply.TryTake(out segment), TimeSpan.FromSeconds(10)))
            {
                break;
            }

            taken.Add(segment);
        }

        supply.Dispose();
        Assert.Equal(20, taken.Count);
        Assert.False(supply.TryTake(out _));
        var bytes = new byte[SegmentedBuffer.SegmentSize];
        Array.Fill(bytes, (byte)0xAB);
        foreach (var segment in taken)
        {
            // Each is a segment's length of memory the taker owns.
            System.Runtime.InteropServices.Marshal.Copy(bytes, 0, segment, bytes.Length);
            Assert.Equal(0xAB, System.Runtime.InteropServices.Marshal.ReadByte(segment, bytes.Length - 1));
            SegmentSupply.Free(segment);
        }
    }

    [Fact]
    public void Numbers_bytes_and_longs_written_straight_into_segments_read_back_as_written_across_every_boundary()
    {
        // Enough values of every width (1 to 10 bytes) to fill several 1 MB segments, so some fall at a segment's end.
        var random = new Random(9);
        var values = new ulong[600_000];
        using var buffer = new SegmentedBuffer();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (ulong)random.NextInt64() >> random.Next(0, 63);
            values[i] = i % 7 == 0 ? ulong.MaxValue - values[i] : values[i];
            buffer.WriteVariable(values[i]);
            buffer.WriteByte((byte)i);
            buffer.WriteInt64LittleEndian((long)values[i] ^ i);
        }

        var written = new MemoryStream();
        buffer.CopyTo(written);
        var bytes = written.ToArray();
        Assert.True(bytes.Length > 3 << 20);
        var position = 0;
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i], Uleb128.Read(bytes, ref position, "ended", "too long"));
            Assert.Equal((byte)i, bytes[position++]);
            Assert.Equal((long)values[i] ^ i, System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(position)));
            position += sizeof(long);
        }

        Assert.Equal(bytes.Length, position);
        Assert.Equal(bytes.Length, buffer.WrittenCount);
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
