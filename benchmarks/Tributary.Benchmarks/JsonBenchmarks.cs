using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Benchmarks;

/// <summary>
/// Reading and writing the real concrete events of the corpus, beside a plain JsonDocument.Parse of the same bytes
/// (the practical ceiling for a reader that keeps unknown facets). Throughput = corpus bytes / mean time.
/// </summary>
[MemoryDiagnoser]
public class JsonBenchmarks
{
    private byte[][] _events = [];
    private LineageEvent[] _parsed = [];

    /// <summary>Total bytes of the corpus events, to turn the mean time into MB/s.</summary>
    public static long CorpusBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = [.. BenchmarkData.CorpusEvents().Select(r => r.Raw.ToArray())];
        _parsed = [.. _events.Select(e => LineageJson.Deserialize(e))];
        CorpusBytes = _events.Sum(e => (long)e.Length);
        Console.WriteLine($"// corpus: {_events.Length} events, {CorpusBytes} bytes");
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (ceiling)")]
    public int JsonDocumentParse()
    {
        var n = 0;
        foreach (var bytes in _events)
        {
            using var doc = JsonDocument.Parse(bytes);
            n += doc.RootElement.GetPropertyCount();
        }

        return n;
    }

    [Benchmark(Description = "LineageJson.Deserialize")]
    public int Read()
    {
        var n = 0;
        foreach (var bytes in _events)
        {
            n += LineageJson.Deserialize(bytes) is RunEvent ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Description = "LineageJson.SerializeToUtf8Bytes")]
    public long Write()
    {
        long n = 0;
        foreach (var e in _parsed)
        {
            n += LineageJson.SerializeToUtf8Bytes(e).Length;
        }

        return n;
    }
}
