using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class CallerCostTests
{
    [Fact]
    public async Task Tracking_a_run_allocates_under_2_KB_on_the_callers_thread()
    {
        await using var tracker = LineageTracker.Create(new TrackerOptions { Transport = new InMemoryTransport(), QueueCapacity = 100_000 });
        var job = new JobId("bench", "join_prices");
        DatasetId orders = Trackers.Orders, prices = Trackers.Prices, report = Trackers.Report;
        TrackOne(tracker, job, orders, prices, report);
        const int runs = 1_000;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < runs; i++)
        {
            TrackOne(tracker, job, orders, prices, report);
        }

        var perRun = (GC.GetAllocatedBytesForCurrentThread() - before) / runs;
        await tracker.FlushAsync();
        Assert.InRange(perRun, 1, 2_048);
        Assert.Equal(0, tracker.DroppedEvents);
    }

    private static void TrackOne(LineageTracker tracker, JobId job, DatasetId first, DatasetId second, DatasetId output)
    {
        using var run = tracker.StartRun(job, OperationType.Join);
        run.AddInput(first).AddInput(second).AddOutput(output);
        run.SetOutputRecordCount(output, 1_000);
        run.Complete();
    }
}
