using Tributary.Model;
using Tributary.Query;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

/// <summary>[TrackLineage] on plain methods of a class, tracked by the source generator through the global tracker.</summary>
[Collection(nameof(GlobalTrackerTests))]
public sealed class GeneratedTrackingTests
{
    [Fact]
    public async Task A_partial_method_with_track_lineage_is_tracked_once_the_global_tracker_is_set()
    {
        var store = new BarStore();
        store.Save([1, 2, 3], "AAPL"); // before any global tracker: runs as plain code
        await using var tracker = new LineageTracker(LineageConfig.Default);
        LineageTracker.SetGlobalTracker(tracker);

        store.Save([1, 2, 3, 4], "MSFT");
        var loaded = store.Load("MSFT");
        var count = await BarStore.CountAsync("MSFT");

        Assert.Equal(4, loaded.Count);
        Assert.Equal(4, count);
        var runs = tracker.Operations.Values.OrderBy(r => r.StartedAt).ThenBy(r => r.Job.Name).ToList();
        Assert.Equal(["BarStore.CountAsync", "BarStore.Load", "BarStore.Save"], runs.Select(r => r.Job.Name).Order().ToArray());
        var save = runs.Single(r => r.Job.Name == "BarStore.Save");
        Assert.Equal(OperationType.Write, save.OperationType);
        Assert.Equal(new DatasetId("file:///bars", "bars/MSFT"), Assert.Single(save.Outputs).Dataset);
        Assert.Equal(4, save.OutputRecordCount);
        Assert.Equal(4, runs.Single(r => r.Job.Name == "BarStore.Load").InputRecordCount);
        Assert.Equal(RunState.Complete, runs.Single(r => r.Job.Name == "BarStore.CountAsync").State);
        Assert.Equal(["bars/MSFT"], new LineageQueryEngine(tracker).FindDataSources(sourceType: "repository").Select(d => d.Id.Name));
    }

    [Fact]
    public async Task A_generated_method_records_its_call_parameters_in_the_operation()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default);
        LineageTracker.SetGlobalTracker(tracker);

        new BarStore().Save([1, 2, 3], "MSFT");

        var save = Assert.Single(tracker.Operations.Values);
        Assert.Equal([new("bars", "3 items of Int32"), new("symbol", "MSFT")], save.Parameters);
    }

    [Fact]
    public async Task A_generated_method_that_throws_fails_its_run_and_rethrows_the_same_exception()
    {
        await using var tracker = new LineageTracker(LineageConfig.Default);
        LineageTracker.SetGlobalTracker(tracker);

        var error = Assert.Throws<KeyNotFoundException>(() => new BarStore().Load("TSLA"));

        Assert.Equal("no bars for TSLA", error.Message);
        Assert.Equal("no bars for TSLA", Assert.Single(tracker.Operations.Values).ErrorInfo!.Message);
    }
}

/// <summary>A class with no interface: its tracked methods are partial, their bodies in *Core methods.</summary>
public partial class BarStore
{
    private static readonly Dictionary<string, List<int>> _bars = new(StringComparer.Ordinal);

    /// <summary>Saves bars.</summary>
    [TrackLineage(OperationType.Write, Outputs = ["bars/{symbol}"], DatasetNamespace = "file:///bars")]
    public partial void Save(IReadOnlyList<int> bars, string symbol);

    /// <summary>Loads bars.</summary>
    [TrackLineage(OperationType.Read, Inputs = ["bars/{symbol}"], DatasetNamespace = "file:///bars")]
    public partial IReadOnlyList<int> Load(string symbol);

    /// <summary>Counts bars, asynchronously.</summary>
    [TrackLineage(OperationType.Read, Inputs = ["bars/{symbol}"], DatasetNamespace = "file:///bars")]
    public static partial Task<int> CountAsync(string symbol);

    private static async Task<int> CountAsyncCore(string symbol)
    {
        await Task.Yield();
        lock (_bars)
        {
            return _bars[symbol].Count;
        }
    }

    private void SaveCore(IReadOnlyList<int> bars, string symbol)
    {
        lock (_bars)
        {
            _bars[symbol] = [.. bars];
        }
    }

    private IReadOnlyList<int> LoadCore(string symbol)
    {
        lock (_bars)
        {
            return _bars.TryGetValue(symbol, out var bars) ? bars : throw new KeyNotFoundException($"no bars for {symbol}");
        }
    }
}
