using Tributary.Model;
using Tributary.Storage;

namespace Tributary.Tracking;

/// <summary>
/// Hands events to a lineage store in the same process, with no network or file in between; the store writes
/// them and decides durability. The transport does not own the store: disposing the tracker leaves the store open.
/// </summary>
public sealed class StoreTransport : ILineageTransport
{
    private readonly ILineageStore _store;

    /// <summary>Creates a transport appending to <paramref name="store"/>.</summary>
    public StoreTransport(ILineageStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Appends the event to the store; completes once the store says it is durable.</summary>
    public ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken) =>
        _store.AppendAsync(lineageEvent, cancellationToken);
}
