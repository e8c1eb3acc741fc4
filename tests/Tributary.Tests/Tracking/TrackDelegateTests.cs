using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

public sealed class TrackDelegateTests
{
    private static readonly JobId ProcessData = new("default", "process_data");

    [Fact]
    public async Task A_tracked_function_returns_its_result_and_completes_with_its_record_count()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        int[] input = [1, 2, 3];

        var doubled = tracker.Track(ProcessData, () => input.Select(x => x * 2).ToArray(), OperationType.Transform, inputs: [Trackers.Orders], outputs: [Trackers.Report]);

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal([2, 4, 6], doubled);
        Assert.Equal([RunState.Start, RunState.Complete], events.Select(e => e.EventType!.Value));
        Assert.Equal(3, events[1].Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task A_tracked_action_that_throws_fails_the_run_and_rethrows()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        Assert.Throws<FormatException>(() => tracker.Track(ProcessData, () => throw new FormatException("bad row 3")));

        var fail = (await tracker.RunEventsAsync(transport))[1];
        Assert.Equal("bad row 3", fail.Run.Facets.Get<ErrorMessageRunFacet>()!.Message);
    }

    [Fact]
    public async Task The_body_sees_its_run_as_the_current_run()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        tracker.Track(ProcessData, () => LineageTracker.CurrentRun!.SetInputRecordCount(Trackers.Orders, 42));

        var complete = (await tracker.RunEventsAsync(transport))[1];
        Assert.Equal(42, complete.Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task An_async_body_is_tracked_until_its_task_finishes()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var release = new TaskCompletionSource<IReadOnlyList<int>>(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = tracker.TrackAsync(ProcessData, () => release.Task, OperationType.Read, inputs: [Trackers.Orders]);
        await tracker.FlushAsync();
        var beforeFinish = transport.RunEvents.Count;
        release.SetResult([1, 2]);
        await call;

        var events = await tracker.RunEventsAsync(transport);
        Assert.Equal(1, beforeFinish);
        Assert.Equal(2, events[1].Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
    }

    [Fact]
    public async Task A_faulted_async_body_fails_the_run()
    {
        await using var tracker = Trackers.InMemory(out var transport);

        await Assert.ThrowsAsync<TimeoutException>(() => tracker.TrackAsync(ProcessData, async () =>
        {
            await Task.Yield();
            throw new TimeoutException("source timed out");
        }));

        Assert.Equal(RunState.Fail, (await tracker.RunEventsAsync(transport))[1].EventType);
    }

    [Fact]
    public async Task An_async_lambda_given_to_track_is_still_tracked_to_completion()
    {
        await using var tracker = Trackers.InMemory(out var transport);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = tracker.Track(ProcessData, async () => await release.Task);
        await tracker.FlushAsync();
        var beforeFinish = transport.RunEvents.Count;
        release.SetResult();
        await call;

        Assert.Equal(1, beforeFinish);
        Assert.Equal(RunState.Complete, (await tracker.RunEventsAsync(transport))[1].EventType);
    }
}
