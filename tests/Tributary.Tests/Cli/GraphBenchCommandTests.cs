namespace Tributary.Tests.Cli;

public sealed class GraphBenchCommandTests
{
    [Fact]
    public async Task Bench_prints_one_line_per_figure_at_a_small_scale()
    {
        var (code, output, error) = await CliRunner.RunAsync("bench", "--jobs", "50", "--datasets", "150", "--edges", "500", "--columns", "3", "--queries", "20", "--reopen-events", "200");

        Assert.True(code == 0, error);
        foreach (var figure in new[] { "scale", "ingest.durable", "reopen.graph", "memory.per_edge", "query.upstream.depth20", "query.upstream.asof", "query.downstream.depth20", "query.impact.depth20", "query.path", "reopen.store", "reopen.graph.small", "reopen.checkpoint.small", "reopen.lake" })
        {
            Assert.Contains(figure + " ", output, StringComparison.Ordinal);
        }

        Assert.Contains("ceiling 2 x the current-time query", output, StringComparison.Ordinal);
        Assert.Contains("for 200 events (no checkpoint: read, parse, project into the graph", output, StringComparison.Ordinal);
        Assert.Contains("for 200 events from the graph checkpoint (0 replayed after it)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_rejects_an_impossible_scale()
    {
        var (code, _, error) = await CliRunner.RunAsync("bench", "--jobs", "10", "--datasets", "5");

        Assert.Equal(1, code);
        Assert.Contains("--datasets >= --jobs", error, StringComparison.Ordinal);
    }
}
