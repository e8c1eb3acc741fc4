using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Server.Api;
using Tributary.Server.Hosting;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// OpenMetadata's OpenLineage receiver (<c>/api/v1/openlineage/lineage</c> and <c>/batch</c>) in front of the same
/// ingest door as Tributary's collector: the events are stored as sent, START and RUNNING ones too (they carry
/// lineage and run state), and the answer is OpenMetadata's. A batch is <c>{"events": [...]}</c>, OpenMetadata's
/// body, not the OpenLineage spec's bare array.
/// </summary>
internal static class OpenMetadataReceiver
{
    /// <summary>The largest <c>{"events": [...]}</c> body taken, in bytes of (decompressed) JSON; it is parsed whole.</summary>
    public const int MaxWholeBatchBytes = 64 << 20;

    public static async Task<Results<Ok<OpenLineageResponse>, BadRequest<OpenLineageResponse>, ProblemHttpResult>> PostEventAsync(
        HttpRequest request, LineageService lineage, DecompressionGate gate, CancellationToken cancellationToken)
    {
        var (body, refused) = await OpenLineageApi.ReadBodyAsync(request, lineage, gate, lineage.Options.MaxEventBytes, cancellationToken);
        using var _ = body;
        if (refused is not null)
        {
            return refused;
        }

        var counter = new EdgeCounter();
        var result = await lineage.Ingestor.IngestAsync(body!.Content, cancellationToken);
        if (result.Outcome == IngestOutcome.Rejected)
        {
            return TypedResults.BadRequest(new OpenLineageResponse("failure") { Message = Reason(result) });
        }

        var created = result.Outcome == IngestOutcome.Accepted ? counter.Created(result.Event) : 0;
        return TypedResults.Ok(new OpenLineageResponse("success")
        {
            Message = result.Outcome == IngestOutcome.Accepted ? $"Stored as event #{result.Sequence}." : $"Already stored as event #{result.Sequence}; nothing changed.",
            LineageEdgesCreated = created,
        });
    }

    public static async Task<Results<Ok<OpenLineageResponse>, BadRequest<OpenLineageResponse>, ProblemHttpResult>> PostBatchAsync(
        HttpRequest request, LineageService lineage, DecompressionGate gate, CancellationToken cancellationToken)
    {
        // This body is parsed whole to find its "events", so it is held whole: it keeps a bound of its own, while the
        // collector's bare arrays, which are streamed, may be as large as MaxBatchBytes.
        var (body, refused) = await OpenLineageApi.ReadBodyAsync(request, lineage, gate, Math.Min(lineage.Options.MaxBatchBytes, MaxWholeBatchBytes), cancellationToken);
        using var _ = body;
        if (refused is not null)
        {
            return refused;
        }

        ReadOnlyMemory<byte> events;
        try
        {
            using var document = JsonDocument.Parse(body!.Content);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return Problems.BadRequest("$.events: an OpenMetadata batch is {\"events\": [event, ...]} (the OpenLineage spec's bare array goes to /api/v1/lineage/batch).");
            }

            // The array's own bytes, so each event is stored exactly as it was sent.
            events = System.Text.Encoding.UTF8.GetBytes(list.GetRawText());
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not JSON: {ex.Message}");
        }

        var counter = new EdgeCounter();
        var failed = new List<OpenLineageFailedEvent>();
        var received = 0;
        var created = 0;
        await lineage.Ingestor.IngestManyAsync(events, result =>
        {
            received++;
            if (result.Outcome == IngestOutcome.Rejected)
            {
                if (failed.Count < ErrorBudget.MaxFailedEvents)
                {
                    failed.Add(new OpenLineageFailedEvent(result.Index, Reason(result).Replace($"$[{result.Index}]", $"$.events[{result.Index}]", StringComparison.Ordinal), false));
                }
            }
            else if (result.Outcome == IngestOutcome.Accepted)
            {
                created += counter.Created(result.Event);
            }
        }, cancellationToken);

        var status = failed.Count == 0 ? "success" : failed.Count == received ? "failure" : "partial_success";
        var response = new OpenLineageResponse(status)
        {
            Message = $"{received - failed.Count} of {received} events stored.",
            Summary = new ProcessingSummary(received, received - failed.Count, failed.Count, 0),
            FailedEvents = failed,
            LineageEdgesCreated = created,
        };
        return failed.Count > 0 && failed.Count == received ? TypedResults.BadRequest(response) : TypedResults.Ok(response);
    }

    private static string Reason(IngestResult result) =>
        result.Errors.Count == 0 ? "the event is not valid" : string.Join("; ", result.Errors.Take(ErrorBudget.MaxErrors).Select(ErrorBudget.Text));

    // OpenMetadata counts the table-to-table edges an event makes; here, the distinct input → output pairs (through
    // the event's job) of the events stored now. A duplicate makes none.
    private sealed class EdgeCounter
    {
        private readonly HashSet<(DatasetId, JobId, DatasetId)> _seen = [];

        public int Created(LineageEvent? lineageEvent)
        {
            var (job, inputs, outputs) = lineageEvent switch
            {
                RunEvent run => (run.Job.Id, run.Inputs.Select(i => i.Id).ToList(), run.Outputs.Select(o => o.Id).ToList()),
                JobEvent jobEvent => (jobEvent.Job.Id, jobEvent.Inputs.Select(i => i.Id).ToList(), jobEvent.Outputs.Select(o => o.Id).ToList()),
                _ => (default(JobId), [], []),
            };
            var created = 0;
            foreach (var input in inputs)
            {
                foreach (var output in outputs)
                {
                    if (_seen.Add((input, job, output)))
                    {
                        created++;
                    }
                }
            }

            return created;
        }
    }
}
