using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>Keeps every event it is sent in a list, in order: for tests, and for hosts that inspect their own lineage.</summary>
public sealed class InMemoryTransport : ILineageTransport
{
    private readonly List<LineageEvent> _events = [];
    private readonly Lock _lock = new();

    /// <summary>A snapshot of the events received so far, oldest first.</summary>
    public IReadOnlyList<LineageEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>A snapshot of the run events received so far, oldest first.</summary>
    public IReadOnlyList<RunEvent> RunEvents => [.. Events.OfType<RunEvent>()];

    /// <summary>Adds the event to the list.</summary>
    public ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        lock (_lock)
        {
            _events.Add(lineageEvent);
        }

        return default;
    }

    /// <summary>Forgets the events received so far.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _events.Clear();
        }
    }
}
