using Tributary.Model;

namespace Tributary.Storage;

/// <summary>
/// Where events are kept: an append-only, durable record of every accepted OpenLineage event. Every producer
/// (SDK, HTTP, files, dbt, SQL capture) reaches a store through the same ingest path.
/// </summary>
public interface ILineageStore : IAsyncDisposable
{
    /// <summary>Appends an event; the returned task completes only once the event is durable.</summary>
    ValueTask AppendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken = default);
}
