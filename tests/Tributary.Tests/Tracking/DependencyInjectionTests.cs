using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tributary.Diagnostics;
using Tributary.Model;
using Tributary.Query;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

/// <summary>Automatic tracking through dependency injection, debug logging and telemetry.</summary>
// Trackers made here become the global tracker, which GlobalTrackerTests checks; the collection keeps them apart.
[Collection(nameof(GlobalTrackerTests))]
public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task A_repository_registered_in_the_container_is_tracked_with_no_change_where_it_is_called()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEquityBarRepository, EquityBarRepository>();
        services.AddSingleton<IUntracked, Untracked>();
        services.AddLineageTracking(LineageConfig.Default);
        await using var provider = services.BuildServiceProvider();

        var repo = provider.GetRequiredService<IEquityBarRepository>();
        repo.SaveDailyBars([new EquityBar(new DateOnly(2024, 1, 15), 1, 2, 0.5m, 1.5m, 100)], "AAPL");
        var tracker = provider.GetRequiredService<LineageTracker>();

        Assert.Same(tracker, LineageTracker.Global);
        Assert.IsType<Untracked>(provider.GetRequiredService<IUntracked>());
        var saved = Assert.Single(tracker.Operations.Values);
        Assert.Equal("EquityBarRepository.SaveDailyBars", saved.Job.Name);
        Assert.Equal(1, saved.OutputRecordCount);
        Assert.Equal(["equity_bars/AAPL"], new LineageQueryEngine(tracker).FindDataSources(sourceType: "repository").Select(d => d.Id.Name));
    }

    [Fact]
    public async Task Repository_settings_track_every_operation_and_switch_volume_tracking_off()
    {
        var config = LineageConfig.Default with
        {
            RepositorySettings = new Dictionary<string, RepositorySettings> { ["Untracked"] = new() { TrackAllOperations = true, EnableVolumeTracking = false } },
        };
        var services = new ServiceCollection();
        services.AddScoped<IUntracked>(_ => new Untracked());
        services.AddLineageTracking(config);
        await using var provider = services.BuildServiceProvider();

        using (var scope = provider.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<IUntracked>().LoadAll();
        }

        var run = Assert.Single(provider.GetRequiredService<LineageTracker>().Operations.Values);
        Assert.Equal("Untracked.LoadAll", run.Job.Name);
        Assert.Equal(OperationType.Read, run.OperationType);
    }

    [Fact]
    public async Task Repositories_are_left_alone_when_repository_tracking_is_off()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEquityBarRepository, EquityBarRepository>();
        services.AddLineageTracking(LineageConfig.Default with { TrackRepositoryOperations = false });
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<EquityBarRepository>(provider.GetRequiredService<IEquityBarRepository>());
    }

    [Fact]
    public async Task The_tracker_logs_runs_at_debug_under_the_tributary_category()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var tracker = new LineageTracker(LineageConfig.Default, loggerFactory: factory);

        tracker.Track(Trackers.Job, () => 1, OperationType.Transform);
        await tracker.FlushAsync();

        Assert.All(logs.Entries, e => Assert.Equal("Tributary", e.Category));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Message.StartsWith("Lineage tracker started: lineage kept in InMemoryLineageStore", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("of job trading:daily_bars started (Transform)", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Message.Contains("of job trading:daily_bars ended: Complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_emitted_ingested_and_query_times_are_measured_for_opentelemetry()
    {
        var measured = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == LineageTelemetry.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (measured) { measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value; } });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (measured) { measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + 1; } });
        listener.Start();
        await using var tracker = new LineageTracker(LineageConfig.Default);

        tracker.Track(Trackers.Job, () => 1, OperationType.Transform, inputs: [Trackers.Orders]);
        new LineageQueryEngine(tracker).GetDataLineage(NodeId.From(Trackers.Orders));

        lock (measured)
        {
            // Other tests run trackers at the same time, so these are lower bounds.
            Assert.True(measured.GetValueOrDefault("tributary.events.emitted") >= 2);
            Assert.True(measured.GetValueOrDefault("tributary.events.ingested") >= 2);
            Assert.True(measured.GetValueOrDefault("tributary.query.duration") >= 1);
        }
    }

    /// <summary>A repository interface without [TrackLineage]: tracked only when its settings say so.</summary>
    public interface IUntracked
    {
        IReadOnlyList<int> LoadAll();
    }

    private sealed class Untracked : IUntracked
    {
        public IReadOnlyList<int> LoadAll() => [1, 2, 3];
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public List<(string Category, LogLevel Level, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new ListLogger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (provider.Entries)
                {
                    provider.Entries.Add((category, logLevel, formatter(state, exception)));
                }
            }
        }
    }
}
