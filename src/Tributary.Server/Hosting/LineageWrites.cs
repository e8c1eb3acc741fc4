using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Server.Hosting;

/// <summary>
/// The write calls of the peer APIs (OpenMetadata's AddLineage and DELETE, Marquez's soft deletes and tags) as
/// OpenLineage events through the same ingest door as every producer's: durable before the answer, deduplicated,
/// replayed after a restart, followed by other servers on PostgreSQL, and visible to every query, export and the UI.
/// </summary>
internal static class LineageWrites
{
    /// <summary>The producer of the events the server writes for these calls.</summary>
    public const string Producer = "urn:tributary:server:api-write";

    /// <summary>A JobEvent that drops <paramref name="job"/> as of <paramref name="time"/> (<see cref="JobLifecycleFacet"/>).</summary>
    public static JobEvent DropJob(JobId job, DateTimeOffset time)
    {
        using var json = JsonDocument.Parse("""{"lifecycleStateChange":"DROP"}""");
        var facet = new RawFacet(json.RootElement.Clone()) { Producer = Producer };
        return new JobEvent
        {
            EventTime = time,
            Producer = Producer,
            Job = new Job(job) { Facets = FacetSet.Empty.With(JobLifecycleFacet.Key, facet) },
        };
    }

    /// <summary>A DatasetEvent that drops <paramref name="dataset"/> as of <paramref name="time"/> (the standard lifecycleStateChange facet).</summary>
    public static DatasetEvent DropDataset(DatasetId dataset, DateTimeOffset time) => new()
    {
        EventTime = time,
        Producer = Producer,
        Dataset = new Dataset(dataset)
        {
            Facets = FacetSet.Empty.With(LifecycleStateChangeDatasetFacet.Key, new LifecycleStateChangeDatasetFacet("DROP") { Producer = Producer }),
        },
    };

    /// <summary>Stores the event; null when it was stored (or already was), the problem otherwise.</summary>
    public static async Task<ProblemHttpResult?> IngestAsync(LineageService lineage, LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        if (lineage.ReadOnlyReason is { } reason)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Store read-only", reason);
        }

        var result = await lineage.Ingestor.IngestAsync(lineageEvent, cancellationToken);
        return result.Outcome == IngestOutcome.Rejected ? Problems.InvalidEvent(result.Errors) : null;
    }
}
