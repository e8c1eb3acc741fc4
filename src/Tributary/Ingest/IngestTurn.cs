namespace Tributary.Ingest;

/// <summary>
/// A place in a line of inputs ingested at the same time. An input's events are checked for duplicates and appended
/// only once the input before it has handed all of its events to the store (not once they are durable, so their
/// appends still share group commits): the store then holds them in the order the inputs were given, and when two
/// inputs hold the same event the earlier one stores it.
/// </summary>
internal sealed class IngestTurn
{
    private readonly Task _before;
    private readonly TaskCompletionSource _handedOver = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private IngestTurn(Task before) => _before = before;

    /// <summary>The turn of the first input, which waits for nothing.</summary>
    public static IngestTurn First() => new(Task.CompletedTask);

    /// <summary>The turn of the input after this one.</summary>
    public IngestTurn Next() => new(_handedOver.Task);

    /// <summary>Completes when the input before has handed over its events (or stopped).</summary>
    internal Task Before => _before;

    /// <summary>Says this input has handed over its events, or stopped; saying it again does nothing.</summary>
    internal void Pass() => _handedOver.TrySetResult();
}
