using Tributary.Tracking;

namespace Tributary.Tests.Tracking;

[CollectionDefinition(nameof(GlobalTrackerTests), DisableParallelization = true)]
public sealed class GlobalTrackerCollection;

[Collection(nameof(GlobalTrackerTests))]
public sealed class GlobalTrackerTests
{
    [Fact]
    public async Task The_global_tracker_is_disabled_until_set_and_reset_when_the_set_tracker_is_disposed()
    {
        Assert.Same(LineageTracker.Disabled, LineageTracker.Global);
        var tracker = Trackers.InMemory(out var transport);

        LineageTracker.Global = tracker;
        using (LineageTracker.Global.StartRun(Trackers.Job))
        {
        }

        await tracker.DisposeAsync();
        Assert.Same(LineageTracker.Disabled, LineageTracker.Global);
        Assert.Equal(2, transport.Events.Count);
    }

    [Fact]
    public void The_global_tracker_cannot_be_set_to_null()
    {
        var error = Assert.Throws<ArgumentNullException>(() => LineageTracker.Global = null!);

        Assert.Contains("LineageTracker.Disabled", error.Message);
    }
}
