using Tributary.Ingest;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Hands events to a lineage store in the same process through the ingest door (validation, normalisation,
/// deduplication, durable append), with no network or file in between. The transport does not own the ingestor
/// or its store: disposing the tracker leaves them open.
/// </summary>
public sealed class StoreTransport : ILineageTransport
{
    private readonly LineageIngestor _ingestor;

    /// <summary>Creates a transport that ingests into the store behind <paramref name="ingestor"/>.</summary>
    public StoreTransport(LineageIngestor ingestor)
    {
        ArgumentNullException.ThrowIfNull(ingestor);
        _ingestor = ingestor;
    }

    /// <summary>Ingests the event; completes once it is durable (or was already stored), and throws when it is rejected.</summary>
    public async ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        var result = await _ingestor.IngestAsync(lineageEvent, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == IngestOutcome.Rejected)
        {
            throw new InvalidOperationException("the store rejected the event: " + string.Join("; ", result.Errors));
        }
    }
}
