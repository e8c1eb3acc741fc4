using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Delivers lineage events somewhere: a console, a file, an OpenLineage HTTP endpoint, a store. A transport has
/// one job: send the event or throw. The tracker calls it from its background queue, one event at a time, and turns
/// exceptions into <see cref="TrackerOptions.OnFailure"/> reports, so a transport never needs to catch its own errors.
/// </summary>
public interface ILineageTransport
{
    /// <summary>Sends one event; completes when the event is delivered and throws when it could not be.</summary>
    ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken);
}
