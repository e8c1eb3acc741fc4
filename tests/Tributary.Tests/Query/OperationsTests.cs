using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class OperationsTests
{
    private static IEnumerable<RunEvent> TimedRun(JobId job, DateTimeOffset start, TimeSpan duration, RunState end = RunState.Complete, OperationType? type = null, string? error = null)
    {
        var id = RunId.New();
        var facets = new List<(string, Facet)>();
        if (type is { } t)
        {
            facets.Add((OperationTypeRunFacet.Key, new OperationTypeRunFacet(t)));
        }

        if (error is not null)
        {
            facets.Add((ErrorMessageRunFacet.Key, new ErrorMessageRunFacet(error, "C#")));
        }

        var run = new Run(id) { Facets = Facets([.. facets]) };
        yield return Run(job, [Dataset("in")], [], RunState.Start, start, id) with { Run = run };
        var input = new InputDataset(Dataset("in"))
        {
            InputFacets = Facets((InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = 10, Size = 100 })),
        };
        yield return Run(job, [input], [Output(Dataset("out"), 8)], end, start + duration, id) with { Run = run };
    }

    [Fact]
    public void Stale_lists_datasets_not_written_within_the_threshold()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("old"), [], [Dataset("old")], at: T0),
            Run(Job("new"), [Dataset("source")], [Dataset("new")], at: T0.AddHours(30)),
        ]);

        var stale = new LineageQueryEngine(graph).Stale(TimeSpan.FromHours(24), T0.AddHours(36));

        Assert.Equal([Dataset("old")], stale.Select(s => s.Dataset));
        Assert.Equal(TimeSpan.FromHours(36), stale[0].Age);
    }

    [Fact]
    public void Performance_stats_give_count_mean_percentiles_max_and_error_rate_per_job()
    {
        using var graph = LineageGraph.From(
        [
            .. TimedRun(Job("a"), T0, TimeSpan.FromSeconds(1)),
            .. TimedRun(Job("a"), T0.AddHours(1), TimeSpan.FromSeconds(2)),
            .. TimedRun(Job("a"), T0.AddHours(2), TimeSpan.FromSeconds(3)),
            .. TimedRun(Job("a"), T0.AddHours(3), TimeSpan.FromSeconds(10), RunState.Fail),
        ]);

        var stats = new LineageQueryEngine(graph).PerformanceStats().Single();

        Assert.Equal("etl:a", stats.Key);
        Assert.Equal(4, stats.Count);
        Assert.Equal(4000, stats.MeanMs);
        Assert.Equal(2000, stats.P50Ms);
        Assert.Equal(10000, stats.P95Ms);
        Assert.Equal(10000, stats.MaxMs);
        Assert.Equal(0.25, stats.ErrorRate);
    }

    [Fact]
    public void Performance_stats_group_by_operation_type()
    {
        using var graph = LineageGraph.From(
        [
            .. TimedRun(Job("a"), T0, TimeSpan.FromSeconds(1), type: OperationType.Read),
            .. TimedRun(Job("b"), T0, TimeSpan.FromSeconds(3), type: OperationType.Read),
            .. TimedRun(Job("c"), T0, TimeSpan.FromSeconds(5), type: OperationType.Write),
        ]);
        var engine = new LineageQueryEngine(graph);

        var stats = engine.PerformanceStats(PerformanceGrouping.OperationType);
        var reads = engine.PerformanceStats(PerformanceGrouping.Job, OperationType.Read);

        Assert.Equal(["READ", "WRITE"], stats.Select(s => s.Key));
        Assert.Equal(2000, stats[0].MeanMs);
        Assert.Equal(["etl:a", "etl:b"], reads.Select(s => s.Key));
    }

    [Fact]
    public void Volume_flow_sums_rows_and_bytes_per_job_and_dataset_per_bucket()
    {
        using var graph = LineageGraph.From(
        [
            .. TimedRun(Job("a"), T0, TimeSpan.FromSeconds(1)),
            .. TimedRun(Job("a"), T0.AddHours(1), TimeSpan.FromSeconds(1)),
            .. TimedRun(Job("a"), T0.AddDays(1), TimeSpan.FromSeconds(1)),
        ]);

        var flow = new LineageQueryEngine(graph).VolumeFlow(TimeSpan.FromDays(1));

        var job = flow.Jobs[0];
        Assert.Equal(2, flow.Jobs.Count);
        Assert.Equal((20L, 200L, 16L, 160L, 2), (job.RowsIn, job.BytesIn, job.RowsOut, job.BytesOut, job.Runs));
        Assert.Equal(T0.Date, job.Start.UtcDateTime);
        var output = flow.Datasets.First(d => d.Node == Node(Dataset("out")));
        Assert.Equal((16L, 0L), (output.RowsIn, output.RowsOut));
        var input = flow.Datasets.First(d => d.Node == Node(Dataset("in")));
        Assert.Equal((0L, 20L), (input.RowsIn, input.RowsOut));
    }

    [Fact]
    public void Failed_runs_come_with_their_errors()
    {
        using var graph = LineageGraph.From(
        [
            .. TimedRun(Job("ok"), T0, TimeSpan.FromSeconds(1)),
            .. TimedRun(Job("bad"), T0, TimeSpan.FromSeconds(1), RunState.Fail, error: "column amount not found"),
        ]);

        var failed = new LineageQueryEngine(graph).FailedRuns();

        Assert.Equal("column amount not found", failed.Single().ErrorMessage);
        Assert.Equal(Job("bad"), failed.Single().Job);
    }
}
