using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Benchmarks;

/// <summary>
/// Queries on a synthetic graph (<see cref="SyntheticGraph"/>): depth-20 upstream and downstream, impact, a path
/// trace and depth-20 column lineage, each from a different random start per call. The setup prints the graph's
/// memory per edge and per-query p50/p99 latencies over 1,000 random starts, since BenchmarkDotNet's percentiles
/// are of iteration means, not of single queries. Scale: <see cref="Jobs"/> jobs, three datasets per job, ten
/// read/write edges per job, ten columns per dataset (100k jobs = 300k datasets, 1M edges, 3M fields).
/// </summary>
[MemoryDiagnoser]
public class GraphBenchmarks
{
    private LineageGraph _graph = null!;
    private LineageQueryEngine _engine = null!;
    private NodeId[] _datasets = [];
    private NodeId[] _fields = [];
    private int _next;

    /// <summary>How many jobs the synthetic graph has.</summary>
    [Params(10_000, 100_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var datasets = Jobs * 3;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        _graph = LineageGraph.From(SyntheticGraph.Generate(Jobs, datasets, Jobs * 10, columnsPerDataset: 10, seed: 42));
        var built = clock.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        _engine = new LineageQueryEngine(_graph);
        var random = new Random(7);
        _datasets = [.. Enumerable.Range(0, 1_000).Select(_ => NodeId.From(SyntheticGraph.Dataset(random.Next(datasets))))];
        _fields = [.. _datasets.Select(d => NodeId.From(d.AsDataset().Field("c0")))];

        var edges = _graph.EdgeCount;
        Console.WriteLine($"// graph: {Jobs} jobs, {_graph.DatasetCount} datasets, {_graph.FieldCount} fields, {edges} edges, built in {built.TotalSeconds:0.0} s");
        Console.WriteLine($"// memory: {(after - before) / 1048576.0:0.0} MB, {(double)(after - before) / edges:0} bytes per edge (every node, run and version included)");
        Report("upstream depth 20 (default budget 5,000 nodes)", i => _engine.Upstream(_datasets[i], 20).Partial);
        Report("upstream depth 20 (budget 10,000 nodes)", i => _engine.Upstream(_datasets[i], 20, new LineageQueryOptions { MaxNodes = 10_000 }).Partial);
        Report("downstream depth 20", i => _engine.Downstream(_datasets[i], 20).Partial);
        Report("impact depth 20", i => _engine.Impact(_datasets[i], 20).Partial);
        Report("path trace", i => _engine.TraceDataFlow(Upstream(i), _datasets[i], maxPaths: 10, maxLength: 12).Partial);
        Report("column lineage depth 20", i => _engine.ColumnLineage(_fields[i], 20, 20).Partial);
    }

    [Benchmark]
    public LineageResult Upstream20() => _engine.Upstream(_datasets[Next()], 20);

    [Benchmark]
    public LineageResult Downstream20() => _engine.Downstream(_datasets[Next()], 20);

    [Benchmark]
    public ImpactReport Impact20() => _engine.Impact(_datasets[Next()], 20);

    [Benchmark]
    public DataFlowTrace PathTrace()
    {
        var i = Next();
        return _engine.TraceDataFlow(Upstream(i), _datasets[i], maxPaths: 10, maxLength: 12);
    }

    [Benchmark]
    public LineageResult ColumnLineage20() => _engine.ColumnLineage(_fields[Next()], 20, 20);

    private int Next() => _next = (_next + 1) % _datasets.Length;

    // A dataset some way upstream of the i-th start, so path traces have something to find.
    private NodeId Upstream(int i)
    {
        var index = int.Parse(_datasets[i].Name.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
        return NodeId.From(SyntheticGraph.Dataset(Math.Max(0, index - 3_000)));
    }

    private void Report(string name, Func<int, bool> query)
    {
        for (var i = 0; i < 50; i++)
        {
            query(i);
        }

        var times = new double[_datasets.Length];
        var partial = 0;
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            partial += query(i) ? 1 : 0;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"// {name}: p50 {times[times.Length / 2]:0.00} ms, p99 {times[(int)(times.Length * 0.99)]:0.00} ms, partial {partial}/{times.Length}");
    }
}
