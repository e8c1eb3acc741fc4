using BenchmarkDotNet.Attributes;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;

namespace Tributary.Benchmarks;

/// <summary>
/// The graph's side of ingest: every real concrete corpus run event, repeated <see cref="Copies"/> times with a run
/// id of its own per copy (what <c>tributary bench server</c> posts), applied one by one to an empty graph. Each
/// copy of an event keeps its event time, so a dataset gets one version per copy, all first seen at one moment: the
/// versions are put in order by run id, the case where a run's place among thousands is searched for. Divide the
/// mean by the events (printed by the setup) for the time per event.
/// </summary>
[MemoryDiagnoser]
public class GraphApplyBenchmarks
{
    private List<LineageEvent> _events = [];

    /// <summary>How many times the corpus is repeated.</summary>
    [Params(200, 2000)]
    public int Copies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var runs = BenchmarkData.CorpusEvents().Select(r => r.Event).OfType<RunEvent>().Select(e => (RunEvent)LineageNormalizer.Normalize(e)).ToList();
        var random = new Random(3);
        _events = new List<LineageEvent>(runs.Count * Copies);
        for (var copy = 0; copy < Copies; copy++)
        {
            // One id per original run id and copy, so a run's START and COMPLETE stay one run in each copy.
            var ids = new Dictionary<RunId, RunId>();
            foreach (var e in runs)
            {
                if (!ids.TryGetValue(e.Run.RunId, out var id))
                {
                    var bytes = new byte[16];
                    random.NextBytes(bytes);
                    ids[e.Run.RunId] = id = new RunId(new Guid(bytes));
                }

                _events.Add(e with { Run = e.Run with { RunId = id } });
            }
        }

        Console.WriteLine($"// graph apply: {_events.Count} run events ({runs.Count} corpus events x {Copies})");
    }

    [Benchmark(Description = "apply corpus copies to an empty graph")]
    public int Apply()
    {
        using var graph = new LineageGraph();
        foreach (var e in _events)
        {
            graph.Apply(e);
        }

        return graph.EdgeCount;
    }
}
