using BenchmarkDotNet.Attributes;
using Tributary.Storage.Parquet;

namespace Tributary.Benchmarks;

/// <summary>
/// Snappy, which the lake's event pages are compressed with (compaction is mostly this): the corpus's events, as
/// received, one after another until 8 MB, compressed a 1 MB page at a time. Divide 8 MB by the mean for the rate.
/// </summary>
[MemoryDiagnoser]
public class SnappyBenchmarks
{
    private const int PageBytes = 1 << 20;
    private byte[] _input = [];
    private byte[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        var events = BenchmarkData.CorpusEvents();
        using var content = new MemoryStream();
        while (content.Length < 8 * PageBytes)
        {
            foreach (var e in events)
            {
                content.Write(e.Raw.Span);
            }
        }

        _input = content.ToArray().AsSpan(0, 8 * PageBytes).ToArray();
        _output = new byte[Snappy.MaxCompressedLength(PageBytes)];
    }

    [Benchmark(Description = "compress 8 MB of corpus events in 1 MB pages")]
    public long Compress()
    {
        long written = 0;
        for (var page = 0; page < _input.Length; page += PageBytes)
        {
            written += Snappy.Compress(_input.AsSpan(page, PageBytes), _output);
        }

        return written;
    }
}
