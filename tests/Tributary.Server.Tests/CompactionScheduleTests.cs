using Tributary.Server.Hosting;
using Tributary.Server.Tests.Support;

namespace Tributary.Server.Tests;

/// <summary>
/// The server's periodic compaction: while events keep arriving it only appends them to the lake (the projection
/// tables cost the whole graph to rewrite), and the projection tables follow at the timed cadence or once ingest is quiet.
/// </summary>
public sealed class CompactionScheduleTests : IDisposable
{
    private static readonly ServerOptions Defaults = new() { CompactEveryEvents = 100, CompactEveryMinutes = 10 };
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void While_events_keep_arriving_a_compaction_due_by_count_appends_only_the_events()
    {
        Assert.Equal(CompactionStep.Events, CompactionSchedule.Next(Defaults, pending: 100, quiet: false, Minute, projectionBehind: false));
        Assert.Equal(CompactionStep.Events, CompactionSchedule.Next(Defaults, pending: 250, quiet: false, Minute, projectionBehind: true));
    }

    [Fact]
    public void A_compaction_due_by_count_once_ingest_is_quiet_rewrites_the_projections_too()
    {
        Assert.Equal(CompactionStep.EventsAndProjections, CompactionSchedule.Next(Defaults, pending: 100, quiet: true, Minute, projectionBehind: false));
    }

    [Fact]
    public void Projections_left_behind_are_rewritten_as_soon_as_ingest_is_quiet_and_not_before()
    {
        Assert.Equal(CompactionStep.EventsAndProjections, CompactionSchedule.Next(Defaults, pending: 3, quiet: true, Minute, projectionBehind: true));
        Assert.Equal(CompactionStep.None, CompactionSchedule.Next(Defaults, pending: 3, quiet: false, Minute, projectionBehind: true));
    }

    [Fact]
    public void Projections_follow_at_the_timed_cadence_even_while_events_keep_arriving()
    {
        Assert.Equal(CompactionStep.EventsAndProjections, CompactionSchedule.Next(Defaults, pending: 5, quiet: false, 10 * Minute, projectionBehind: false));
        Assert.Equal(CompactionStep.EventsAndProjections, CompactionSchedule.Next(Defaults, pending: 0, quiet: false, 10 * Minute, projectionBehind: true));
        Assert.Equal(CompactionStep.EventsAndProjections, CompactionSchedule.Next(Defaults, pending: 500, quiet: false, 11 * Minute, projectionBehind: false));
    }

    [Fact]
    public void Nothing_is_due_when_nothing_changed_or_too_little_arrived()
    {
        Assert.Equal(CompactionStep.None, CompactionSchedule.Next(Defaults, pending: 0, quiet: true, 60 * Minute, projectionBehind: false));
        Assert.Equal(CompactionStep.None, CompactionSchedule.Next(Defaults, pending: 99, quiet: true, Minute, projectionBehind: false));
        Assert.Equal(CompactionStep.None, CompactionSchedule.Next(Defaults, pending: 99, quiet: false, 9 * Minute, projectionBehind: false));
    }

    [Fact]
    public void Without_a_timed_cadence_every_compaction_due_by_count_rewrites_the_projections()
    {
        var countOnly = new ServerOptions { CompactEveryEvents = 100, CompactEveryMinutes = 0 };
        Assert.Equal(CompactionStep.EventsAndProjections, CompactionSchedule.Next(countOnly, pending: 100, quiet: false, TimeSpan.Zero, projectionBehind: false));
        Assert.Equal(CompactionStep.None, CompactionSchedule.Next(countOnly, pending: 99, quiet: false, 60 * Minute, projectionBehind: false));
    }

    [Fact]
    public async Task After_a_burst_the_lake_holds_every_event_and_its_projection_tables_catch_up()
    {
        var store = Path.Combine(_temp.Path, "store");
        await using var server = await LiveServer.StartAsync(store, new Dictionary<string, string?>
        {
            ["Tributary:CompactEveryEvents"] = "20",
            ["Tributary:CompactEveryMinutes"] = "10",
        });
        using var http = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 30; i++)
        {
            var response = await http.PostAsync("api/v1/lineage", Events.Content(Events.Run($"job_{i}", [$"in_{i}"], [$"out_{i}"])));
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        }

        var lake = new Tributary.Storage.Lake.LineageMetadataRepository(Path.Combine(store, "lake"));
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while ((lake.EventsThrough, lake.ProjectedThrough) != (30, 30) && deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        Assert.Equal((30L, 30L), (lake.EventsThrough, lake.ProjectedThrough));
        Assert.Equal(30, lake.ReadOperations(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
    }
}
