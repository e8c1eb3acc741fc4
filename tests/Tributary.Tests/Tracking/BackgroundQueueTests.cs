using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class BackgroundQueueTests
{
    private static DatasetEvent Event(string name) =>
        new() { EventTime = Trackers.Start, Producer = "test", Dataset = new Dataset(new DatasetId("test", name)) };

    [Fact]
    public async Task A_full_queue_drops_the_newest_events_counts_them_and_reports_once()
    {
        var transport = new GatedTransport();
        var failures = new List<TrackingFailure>();
        await using var tracker = LineageTracker.Create(new TrackerOptions { Transport = transport, QueueCapacity = 2, OnFailure = failures.Add });

        tracker.Emit(Event("a"));
        await transport.FirstSendStarted.Task;
        tracker.Emit(Event("b"));
        tracker.Emit(Event("c"));
        tracker.Emit(Event("d"));
        tracker.Emit(Event("e"));
        transport.Open();
        await tracker.FlushAsync();

        Assert.Equal(["a", "b", "c"], transport.Delivered.Events.Cast<DatasetEvent>().Select(e => e.Dataset.Id.Name));
        Assert.Equal(2, tracker.DroppedEvents);
        var failure = Assert.Single(failures);
        Assert.Equal(2, failure.LostEvents);
        Assert.Contains("queue was full (2 events)", failure.Message);
    }

    [Fact]
    public async Task In_audit_mode_a_full_queue_throws_instead_of_dropping()
    {
        var transport = new GatedTransport();
        await using var tracker = LineageTracker.Create(new TrackerOptions { Transport = transport, QueueCapacity = 1, ThrowOnFailure = true });

        tracker.Emit(Event("a"));
        await transport.FirstSendStarted.Task;
        tracker.Emit(Event("b"));
        var error = Assert.Throws<LineageTrackingException>(() => tracker.StartRun(Trackers.Job));
        transport.Open();

        Assert.Contains("queue is full", error.Message);
        Assert.Null(LineageTracker.CurrentRun);
        Assert.Equal(0, tracker.DroppedEvents);
    }

    [Fact]
    public async Task Disposing_the_tracker_delivers_everything_queued()
    {
        var transport = new GatedTransport();
        var tracker = LineageTracker.Create(new TrackerOptions { Transport = transport });
        for (var i = 0; i < 100; i++)
        {
            using var run = tracker.StartRun(new JobId("test", "job" + i));
            run.Complete();
        }

        transport.Open();
        await tracker.DisposeAsync();

        Assert.Equal(200, transport.Delivered.Events.Count);
        Assert.Equal(200, tracker.SentEvents);
    }

    [Fact]
    public async Task Shutdown_gives_up_on_a_hung_transport_after_the_timeout_and_reports_the_loss()
    {
        var failures = new List<TrackingFailure>();
        var tracker = LineageTracker.Create(new TrackerOptions { Transport = new HangingTransport(), ShutdownTimeout = TimeSpan.FromMilliseconds(50), OnFailure = failures.Add });
        tracker.Emit(Event("a"));
        tracker.Emit(Event("b"));

        await tracker.DisposeAsync();

        Assert.Equal(2, failures.Sum(f => f.LostEvents));
        Assert.Equal(2, tracker.FailedEvents);
    }

    [Fact]
    public async Task Transport_failures_never_reach_the_host_and_go_to_on_failure()
    {
        var failures = new List<TrackingFailure>();
        await using var tracker = LineageTracker.Create(new TrackerOptions { Transport = new FailingTransport(), OnFailure = failures.Add });

        await using (var run = tracker.StartRun(Trackers.Job))
        {
            await run.CompleteAsync();
        }

        await tracker.FlushAsync();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.IsType<IOException>(f.Exception));
        Assert.IsType<RunEvent>(failures[0].Event);
        Assert.Equal(2, tracker.FailedEvents);
    }

    [Fact]
    public async Task A_throwing_failure_handler_does_not_stop_the_queue()
    {
        var transport = new InMemoryTransport();
        var composite = new CompositeTransport([new FailingTransport(), transport]);
        await using var tracker = LineageTracker.Create(new TrackerOptions { Transport = composite, OnFailure = _ => throw new InvalidOperationException("handler bug") });

        tracker.Emit(Event("a"));
        tracker.Emit(Event("b"));
        await tracker.FlushAsync();

        Assert.Equal(2, transport.Events.Count);
    }

    [Fact]
    public async Task In_audit_mode_complete_async_throws_when_the_event_is_not_delivered()
    {
        var tracker = LineageTracker.Create(new TrackerOptions { Transport = new FailingTransport(), ThrowOnFailure = true, OnFailure = _ => { } });
        var run = tracker.StartRun(Trackers.Job);

        var error = await Assert.ThrowsAsync<LineageTrackingException>(() => run.CompleteAsync().AsTask());
        var startFailure = await Assert.ThrowsAsync<LineageTrackingException>(() => tracker.FlushAsync());

        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(RunState.Complete, ((RunEvent)error.Failures[0].Event!).EventType);
        Assert.Equal(RunState.Start, ((RunEvent)Assert.Single(startFailure.Failures).Event!).EventType);
        await tracker.DisposeAsync();
    }

    [Fact]
    public async Task In_audit_mode_disposal_throws_for_failures_not_yet_thrown()
    {
        var tracker = LineageTracker.Create(new TrackerOptions { Transport = new FailingTransport(), ThrowOnFailure = true, OnFailure = _ => { } });
        using (tracker.StartRun(Trackers.Job))
        {
        }

        var error = await Assert.ThrowsAsync<LineageTrackingException>(() => tracker.DisposeAsync().AsTask());

        Assert.Equal(2, error.Failures.Count);
    }

    [Fact]
    public async Task Events_finished_after_disposal_are_dropped_without_throwing()
    {
        var tracker = Trackers.InMemory(out var transport);
        var run = tracker.StartRun(Trackers.Job);
        await tracker.DisposeAsync();

        run.Complete();

        Assert.Single(transport.Events);
        Assert.Equal(1, tracker.DroppedEvents);
    }
}
