using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

public sealed class PostgresBenchCommandTests
{
    [Fact]
    public async Task Postgres_bench_loads_the_graph_a_follower_catches_up_on_every_event_and_both_queries_reach_the_same_datasets()
    {
        var database = await TestPostgres.CreateDatabaseAsync();

        var (code, output, error) = await CliRunner.RunAsync("bench", "postgres", "--connection", database, "--jobs", "60", "--datasets", "180", "--edges", "600", "--queries", "10");

        Assert.True(code == 0, error);
        Assert.Contains("postgres.ingest ", output, StringComparison.Ordinal);
        // 60 events: the first 6 one transaction each, the other 54 group-committed, which the follower then applies.
        Assert.Matches(@"postgres\.follower +\d+ events/s \(a second store instance and graph caught up on the 54 events the group commit wrote", output);
        Assert.Contains("upstream.depth20.sql ", output, StringComparison.Ordinal);
        Assert.Contains("10 of 10 answers reached the same datasets", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_bench_refuses_a_database_that_already_holds_events()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        await CliRunner.RunAsync("bench", "postgres", "--connection", database, "--jobs", "5", "--datasets", "15", "--edges", "40", "--queries", "1");

        var (code, _, error) = await CliRunner.RunAsync("bench", "postgres", "--connection", database, "--jobs", "5", "--datasets", "15", "--edges", "40", "--queries", "1");

        Assert.Equal(1, code);
        Assert.Contains("already holds lineage events", error, StringComparison.Ordinal);
    }
}
