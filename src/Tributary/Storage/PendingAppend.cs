namespace Tributary.Storage;

/// <summary>An append waiting in the group-commit queue; its task completes once the record is durable.</summary>
internal sealed class PendingAppend
{
    public PendingAppend(ReadOnlyMemory<byte> raw, long eventTicks, EventDigest digest)
    {
        Raw = raw;
        EventTicks = eventTicks;
        Digest = digest;
    }

    public ReadOnlyMemory<byte> Raw { get; }

    public long EventTicks { get; }

    public EventDigest Digest { get; }

    // Continuations run on the thread pool, never on the writer thread, so a slow caller cannot stall the next fsync.
    public TaskCompletionSource<StoredEvent> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
