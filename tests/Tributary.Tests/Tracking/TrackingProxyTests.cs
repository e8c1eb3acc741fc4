using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class TrackingProxyTests
{
    private static readonly DatasetId AaplBars = new("default", "equity_bars/AAPL");

    [Fact]
    public async Task Saving_daily_bars_through_the_proxy_is_tracked_as_a_write_with_a_record_count()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        repository.SaveDailyBars(EquityBarRepository.Bars(20), symbol: "AAPL");

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal([RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
        Assert.Equal(new JobId("default", "EquityBarRepository.SaveDailyBars"), events[1].Job.Id);
        Assert.Equal(OperationType.Write, events[1].Run.Facets.Get<OperationTypeRunFacet>()!.OperationType);
        Assert.Equal(AaplBars, Assert.Single(events[0].Outputs).Id);
        Assert.Equal(20, events[1].Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task Loading_symbol_data_counts_the_records_read()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());
        repository.SaveDailyBars(EquityBarRepository.Bars(7), "AAPL");

        var loaded = repository.LoadSymbolData("AAPL");

        var complete = (await tracker.RunEventsAsync(transport)).Last();
        Assert.Equal(7, loaded.Count);
        Assert.Equal(OperationType.Read, complete.Run.Facets.Get<OperationTypeRunFacet>()!.OperationType);
        Assert.Equal(AaplBars, complete.Inputs[0].Id);
        Assert.Equal(7, complete.Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task A_throwing_method_fails_the_run_and_the_caller_sees_the_original_exception()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        var thrown = Assert.Throws<KeyNotFoundException>(() => repository.LoadSymbolData("MSFT"));

        var fail = (await tracker.RunEventsAsync(transport)).Last();
        Assert.Equal(RunState.Fail, fail.EventType);
        Assert.Equal(thrown.Message, fail.Run.Facets.Get<ErrorMessageRunFacet>()!.Message);
        Assert.Contains(nameof(EquityBarRepository.LoadSymbolData), thrown.StackTrace);
    }

    [Fact]
    public async Task Async_methods_complete_only_when_their_task_finishes()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        await repository.SaveDailyBarsAsync(EquityBarRepository.Bars(3), "AAPL");
        var loaded = await repository.LoadSymbolDataAsync("AAPL");

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal([RunState.Start, RunState.Complete, RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
        Assert.Equal(new JobId("default", "equity_bars.save_async"), events[0].Job.Id);
        Assert.Equal(3, events[1].Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
        Assert.Equal(loaded.Count, events[3].Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task A_faulted_task_fails_the_run()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        await Assert.ThrowsAsync<KeyNotFoundException>(() => repository.LoadSymbolDataAsync("MSFT"));

        var fail = (await tracker.RunEventsAsync(transport)).Last();
        Assert.Equal(RunState.Fail, fail.EventType);
        Assert.Equal("No bars for MSFT.", fail.Run.Facets.Get<ErrorMessageRunFacet>()!.Message);
    }

    [Fact]
    public async Task A_cancelled_task_aborts_the_run()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => repository.SaveDailyBarsAsync(EquityBarRepository.Bars(1), "AAPL", new CancellationToken(canceled: true)));

        Assert.Equal(RunState.Abort, (await tracker.RunEventsAsync(transport)).Last().EventType);
    }

    [Fact]
    public async Task Value_task_methods_are_tracked_to_completion()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());
        repository.SaveDailyBars(EquityBarRepository.Bars(4), "AAPL");

        var count = await repository.CountBarsAsync("AAPL");
        await repository.RollUpWeeklyAsync("AAPL");
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await repository.RollUpWeeklyAsync("MSFT"));

        var events = (await tracker.RunEventsAsync(transport)).Skip(2).ToList();
        Assert.Equal(4, count);
        Assert.Equal([RunState.Start, RunState.Complete, RunState.Start, RunState.Complete, RunState.Start, RunState.Fail], events.Select(e => e.EventType!.Value));
        Assert.Equal(new DatasetId("default", "weekly_bars/AAPL"), events[3].Outputs[0].Id);
    }

    [Fact]
    public async Task Runs_started_inside_a_proxied_call_are_its_children()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var inner = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());
        inner.SaveDailyBars(EquityBarRepository.Bars(2), "AAPL");
        var outer = tracker.Wrap<IEquityBarRepository>(new DelegatingRepository(inner), repository: "cache");

        await outer.LoadSymbolDataAsync("AAPL");

        var events = await tracker.RunEventsAsync(transport);
        var outerStart = events.Single(e => e.EventType == RunState.Start && e.Job.Id.Name == "cache.LoadSymbolDataAsync");
        var innerStart = events.Single(e => e.EventType == RunState.Start && e.Job.Id.Name == "EquityBarRepository.LoadSymbolData");
        Assert.Equal(outerStart.Run.RunId, innerStart.Run.Facets.Get<ParentRunFacet>()!.Run);
        Assert.Null(LineageTracker.CurrentRun);
    }

    [Fact]
    public async Task Methods_without_the_attribute_pass_through_untracked()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        repository.DeleteSymbol("AAPL");

        Assert.Empty(await tracker.RunEventsAsync(transport));
    }

    [Fact]
    public async Task Track_all_operations_tracks_unmarked_methods_with_a_guessed_operation_type()
    {
        var settings = new Dictionary<string, RepositorySettings> { ["equity_bars"] = new() { TrackAllOperations = true } };
        await using var tracker = Trackers.InMemory(out var transport, options: new TrackerOptions { RepositorySettings = settings });
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository(), repository: "equity_bars");

        repository.DeleteSymbol("AAPL");

        var start = (await tracker.RunEventsAsync(transport))[0];
        Assert.Equal("equity_bars.DeleteSymbol", start.Job.Id.Name);
        Assert.Equal(OperationType.Delete, start.Run.Facets.Get<OperationTypeRunFacet>()!.OperationType);
    }

    [Fact]
    public async Task Volume_tracking_can_be_turned_off_per_repository()
    {
        var settings = new Dictionary<string, RepositorySettings> { ["EquityBarRepository"] = new() { EnableVolumeTracking = false } };
        await using var tracker = Trackers.InMemory(out var transport, options: new TrackerOptions { RepositorySettings = settings });
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        repository.SaveDailyBars(EquityBarRepository.Bars(5), "AAPL");

        var complete = (await tracker.RunEventsAsync(transport))[1];
        Assert.Null(complete.Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>());
    }

    [Fact]
    public async Task Templates_with_an_unknown_parameter_fail_when_wrapping_not_when_calling()
    {
        await using var tracker = Trackers.InMemory(out _);

        var error = Assert.Throws<ArgumentException>(() => tracker.Wrap<IMisnamedRepository>(new MisnamedRepository()));

        Assert.Contains("{ticker}", error.Message);
        Assert.Contains("its parameters are symbol", error.Message);
    }

    [Fact]
    public void Wrapping_with_a_disabled_tracker_returns_the_implementation()
    {
        var implementation = new EquityBarRepository();

        Assert.Same(implementation, LineageTracker.Disabled.Wrap<IEquityBarRepository>(implementation));
    }

    [Fact]
    public async Task Dataset_namespace_comes_from_the_options_when_the_attribute_names_none()
    {
        await using var tracker = Trackers.InMemory(out var transport, options: new TrackerOptions { Namespace = "trading", DatasetNamespace = "file:///data" });
        var repository = tracker.Wrap<IEquityBarRepository>(new EquityBarRepository());

        repository.SaveDailyBars(EquityBarRepository.Bars(1), "AAPL");

        var start = (await tracker.RunEventsAsync(transport))[0];
        Assert.Equal("trading", start.Job.Id.Namespace);
        Assert.Equal(new DatasetId("file:///data", "equity_bars/AAPL"), start.Outputs[0].Id);
    }

    private sealed class MisnamedRepository : IMisnamedRepository
    {
        public int Count(string symbol) => 0;
    }

    private sealed class DelegatingRepository(IEquityBarRepository inner) : IEquityBarRepository
    {
        public void SaveDailyBars(IReadOnlyList<EquityBar> bars, string symbol) => inner.SaveDailyBars(bars, symbol);

        public IReadOnlyList<EquityBar> LoadSymbolData(string symbol) => inner.LoadSymbolData(symbol);

        public Task SaveDailyBarsAsync(IReadOnlyList<EquityBar> bars, string symbol, CancellationToken cancellationToken = default) => inner.SaveDailyBarsAsync(bars, symbol, cancellationToken);

        public async Task<IReadOnlyList<EquityBar>> LoadSymbolDataAsync(string symbol)
        {
            await Task.Yield();
            return inner.LoadSymbolData(symbol);
        }

        public ValueTask<int> CountBarsAsync(string symbol) => inner.CountBarsAsync(symbol);

        public ValueTask RollUpWeeklyAsync(string symbol) => inner.RollUpWeeklyAsync(symbol);

        public void DeleteSymbol(string symbol) => inner.DeleteSymbol(symbol);
    }
}
