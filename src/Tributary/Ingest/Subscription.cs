namespace Tributary.Ingest;

/// <summary>A listener of a <see cref="LineageIngestor"/>; disposing it stops deliveries.</summary>
internal sealed class Subscription : IDisposable
{
    private readonly Action<Subscription> _unsubscribe;

    public Subscription(Action<IngestedEvent> listener, long replayedThrough, Action<Subscription> unsubscribe)
    {
        Listener = listener;
        ReplayedThrough = replayedThrough;
        _unsubscribe = unsubscribe;
    }

    public Action<IngestedEvent> Listener { get; }

    /// <summary>Runs for each live event before it is delivered, outside the delivery order; null for none.</summary>
    public Action<IngestedEvent>? Prepare { get; init; }

    // Events up to here reached the listener through replay; live deliveries of them are skipped.
    public long ReplayedThrough { get; }

    public void Dispose() => _unsubscribe(this);
}
