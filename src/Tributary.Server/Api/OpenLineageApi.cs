using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>The OpenLineage collector: what an OpenLineage producer's HTTP transport posts to.</summary>
internal static class OpenLineageApi
{
    public static IEndpointRouteBuilder MapOpenLineageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/lineage").WithTags("OpenLineage collector");
        api.MapPost("", PostEventAsync)
            .WithSummary("Accepts one OpenLineage event (RunEvent, DatasetEvent or JobEvent); gzip bodies welcome.")
            .Accepts<object>("application/json");
        api.MapPost("/batch", PostBatchAsync)
            .WithSummary("Accepts a JSON array of events; each one is accepted or rejected on its own (partial_success).")
            .Accepts<object[]>("application/json");
        return app;
    }

    internal static async Task<Results<Created<EventAccepted>, Ok<EventAccepted>, ProblemHttpResult>> PostEventAsync(
        HttpRequest request, LineageService lineage, CancellationToken cancellationToken)
    {
        var (status, content, detail) = await RequestBody.ReadAsync(request, lineage.Options.MaxEventBytes, cancellationToken);
        if (status != RequestBody.Status.Ok)
        {
            return BodyProblem(status, detail);
        }

        var result = await lineage.Ingestor.IngestAsync(content, cancellationToken);
        return result.Outcome switch
        {
            IngestOutcome.Accepted => TypedResults.Created((string?)null, EventAccepted.From(result)),
            IngestOutcome.Duplicate => TypedResults.Ok(EventAccepted.From(result)),
            _ => Problems.InvalidEvent(result.Errors),
        };
    }

    internal static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> PostBatchAsync(
        HttpRequest request, LineageService lineage, CancellationToken cancellationToken)
    {
        var (status, content, detail) = await RequestBody.ReadAsync(request, lineage.Options.MaxBatchBytes, cancellationToken);
        if (status != RequestBody.Status.Ok)
        {
            return BodyProblem(status, detail);
        }

        var first = content.Span.TrimStart(" \t\r\n\uFEFF"u8);
        if (first.IsEmpty || first[0] != (byte)'[')
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid batch", "$: a batch is a JSON array of events.", [new LineageError("$", "a batch is a JSON array of events")]);
        }

        var failed = new List<FailedEvent>();
        var received = 0;
        var duplicates = 0;
        await lineage.Ingestor.IngestManyAsync(content, result =>
        {
            received++;
            if (result.Outcome == IngestOutcome.Duplicate)
            {
                duplicates++;
            }
            else if (result.Outcome == IngestOutcome.Rejected)
            {
                var errors = result.Errors.Select(e => new ProblemError(e.Path, e.Message)).ToArray();
                failed.Add(new FailedEvent(result.Index, string.Join("; ", errors.Select(e => e.Path + ": " + e.Message)), false, errors));
            }
        }, cancellationToken);

        // Nothing stored at all (malformed JSON, or every event invalid) is a bad request, not a partial success.
        if (received > 0 && failed.Count == received)
        {
            var errors = failed.SelectMany(f => f.Errors).Select(e => new LineageError(e.Path, e.Message)).ToList();
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid batch", received == 1 ? errors[0].ToString() : $"none of the {received} events is valid; the first problem is at {errors[0]}", errors);
        }

        var response = new BatchResponse(
            failed.Count == 0 ? "success" : "partial_success",
            new BatchSummary(received, received - failed.Count, failed.Count, 0, failed.Count, duplicates),
            failed);
        return TypedResults.Ok(response);
    }

    private static ProblemHttpResult BodyProblem(RequestBody.Status status, string detail) => status switch
    {
        RequestBody.Status.TooLarge => Problems.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail),
        RequestBody.Status.UnsupportedEncoding => Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding", detail),
        _ => Problems.BadRequest(detail),
    };
}
