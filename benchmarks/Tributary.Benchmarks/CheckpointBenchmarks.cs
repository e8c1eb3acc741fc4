using BenchmarkDotNet.Attributes;
using Tributary.Graph;

namespace Tributary.Benchmarks;

/// <summary>
/// Writing a graph checkpoint, as <c>tributary ingest</c> does when it ends and a server does every
/// <c>CheckpointEveryEvents</c>: the graph of a synthetic run history (<see cref="SyntheticGraph"/>, ten columns per
/// dataset, so schemas and column lineage are in it) serialised to a stream that discards it, so the figure is the
/// serialisation and its memory, not the disk. The allocation column is the point: the body is built in pooled
/// segments, so a checkpoint of N bytes should allocate far less than N once the pool is warm.
/// </summary>
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private LineageGraph _graph = null!;

    /// <summary>How many jobs the synthetic graph has (three datasets and ten edges per job).</summary>
    [Params(10_000, 50_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _graph = LineageGraph.From(SyntheticGraph.Generate(Jobs, Jobs * 3, Jobs * 10, columnsPerDataset: 10, seed: 42));
        var counter = new CountingStream();
        _graph.WriteCheckpoint(counter);
        Console.WriteLine($"// checkpoint of {Jobs} jobs: {counter.Length / 1048576.0:0.0} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => _graph.Dispose();

    [Benchmark(Description = "write checkpoint")]
    public void Write() => _graph.WriteCheckpoint(Stream.Null);

    // Counts what is written, to print the checkpoint's size.
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
