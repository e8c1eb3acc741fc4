namespace Tributary.Ingest;

/// <summary>
/// Something kept current from the store's events by a <see cref="LineageReplica"/>: the graph is one, the server's
/// live stream another. The replica calls <see cref="Apply"/> once per stored event, never concurrently.
/// </summary>
public interface ILineageProjection
{
    /// <summary>Applies one event (normalised, with column lineage derived from SQL where the producer sent none).</summary>
    void Apply(IngestedEvent ingested);
}
