namespace Tributary.Cli.Demo;

/// <summary>
/// The demo's simulated clock: it replays three nightly pipeline runs in a second, so run times and durations are
/// set by the demo (from the rows each step handles) instead of by how fast this machine is.
/// </summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset to) => _now = to;
}
