using BenchmarkDotNet.Attributes;
using Tributary.Graph;
using Tributary.Model;

namespace Tributary.Benchmarks;

/// <summary>
/// Many runs of one job writing one dataset at one event time (a producer re-sending a template, a backfill stamped with
/// one time), each run's START then its COMPLETE: every version first seen at that moment goes where its run id puts
/// it among all the others, and every COMPLETE finds its run's own; then the dataset's versions are listed, as the
/// versions endpoint lists them. The cost per run should not grow with the runs.
/// </summary>
[MemoryDiagnoser]
public class VersionOrderBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private List<LineageEvent> _events = [];

    /// <summary>How many runs write the dataset at that one time.</summary>
    [Params(10_000, 50_000)]
    public int Runs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        var job = new Job(new JobId("bench", "load"));
        var source = new InputDataset(new DatasetId("bench", "source"));
        var target = new OutputDataset(new DatasetId("bench", "target"));
        _events = new List<LineageEvent>(Runs * 2);
        var runs = new RunId[Runs];
        for (var i = 0; i < Runs; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            runs[i] = new RunId(new Guid(bytes));
        }

        foreach (var (state, time) in new[] { (RunState.Start, At), (RunState.Complete, At.AddMinutes(5)) })
        {
            foreach (var run in runs)
            {
                _events.Add(new RunEvent
                {
                    EventType = state,
                    EventTime = time,
                    Producer = "https://tributary.dev/bench",
                    Run = new Run(run),
                    Job = job,
                    Inputs = [source],
                    Outputs = [target],
                });
            }
        }
    }

    [Benchmark(Description = "runs writing one dataset at one time, START then COMPLETE")]
    public int Apply()
    {
        using var graph = new LineageGraph();
        foreach (var e in _events)
        {
            graph.Apply(e);
        }

        return graph.GetDatasetVersions(new DatasetId("bench", "target")).Count;
    }
}
