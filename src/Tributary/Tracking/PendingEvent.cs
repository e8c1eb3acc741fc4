using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// One entry of the tracker's queue. The caller's thread writes only this small struct: a run transition (the scope,
/// the new state, the time and how many inputs, outputs and facets the scope had at that moment), a ready event, or
/// a flush marker. The background thread turns transitions into <see cref="RunEvent"/>s, so building and serializing
/// events never costs the host's hot path.
/// </summary>
internal readonly struct PendingEvent
{
    private PendingEvent(RunScope? scope, RunState state, DateTimeOffset time, Exception? error, LineageEvent? ready, TaskCompletionSource? signal)
    {
        Scope = scope;
        State = state;
        Time = time;
        Error = error;
        Ready = ready;
        Signal = signal;
        if (scope is not null)
        {
            Inputs = scope.InputCount;
            Outputs = scope.OutputCount;
            RunFacets = scope.RunFacetCount;
            JobFacets = scope.JobFacetCount;
        }
    }

    public RunScope? Scope { get; }

    public RunState State { get; }

    public DateTimeOffset Time { get; }

    public int Inputs { get; }

    public int Outputs { get; }

    public int RunFacets { get; }

    public int JobFacets { get; }

    /// <summary>The exception of a FAIL transition.</summary>
    public Exception? Error { get; }

    /// <summary>An event built by the caller (<see cref="LineageTracker.Emit"/>), sent as it is.</summary>
    public LineageEvent? Ready { get; }

    /// <summary>Completed once the entry is handled: delivered (or failed) for events, reached for flush markers.</summary>
    public TaskCompletionSource? Signal { get; }

    public bool IsFlushMarker => Scope is null && Ready is null;

    public static PendingEvent Transition(RunScope scope, RunState state, DateTimeOffset time, Exception? error, TaskCompletionSource? signal) =>
        new(scope, state, time, error, null, signal);

    public static PendingEvent Event(LineageEvent ready, TaskCompletionSource? signal) => new(null, default, default, null, ready, signal);

    public static PendingEvent FlushMarker(TaskCompletionSource signal) => new(null, default, default, null, null, signal);
}
