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
        HttpRequest request, LineageService lineage, DecompressionGate gate, CancellationToken cancellationToken)
    {
        var (body, refused) = await ReadBodyAsync(request, lineage, gate, lineage.Options.MaxEventBytes, cancellationToken);
        using var _ = body;
        if (refused is not null)
        {
            return refused;
        }

        var result = await lineage.Ingestor.IngestAsync(body!.Content, cancellationToken);
        return result.Outcome switch
        {
            IngestOutcome.Accepted => TypedResults.Created((string?)null, EventAccepted.From(result)),
            IngestOutcome.Duplicate => TypedResults.Ok(EventAccepted.From(result)),
            _ => Problems.InvalidEvent(result.Errors),
        };
    }

    internal static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> PostBatchAsync(
        HttpRequest request, LineageService lineage, DecompressionGate gate, CancellationToken cancellationToken)
    {
        var (body, refused) = await ReadBodyAsync(request, lineage, gate, lineage.Options.MaxBatchBytes, cancellationToken);
        using var _ = body;
        if (refused is not null)
        {
            return refused;
        }

        var content = body!.Content;
        var first = content.Span.TrimStart(" \t\r\n\uFEFF"u8);
        if (first.IsEmpty || first[0] != (byte)'[')
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid batch", "$: a batch is a JSON array of events.", [new LineageError("$", "a batch is a JSON array of events")]);
        }

        // The answer is bounded whatever the batch: its first failures in full (a few errors each), the rest counted.
        var failed = new List<FailedEvent>();
        var failures = 0;
        var firstErrors = new List<LineageError>();
        var allErrors = 0;
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
                failures++;
                allErrors += result.Errors.Count;
                if (firstErrors.Count < ErrorBudget.MaxErrors)
                {
                    firstErrors.AddRange(result.Errors.Take(ErrorBudget.MaxErrors - firstErrors.Count));
                }

                if (failed.Count < ErrorBudget.MaxFailedEvents)
                {
                    failed.Add(ErrorBudget.Failed(result.Index, result.Errors));
                }
            }
        }, cancellationToken);

        // Nothing stored at all (malformed JSON, or every event invalid) is a bad request, not a partial success.
        if (received > 0 && failures == received)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid batch", received == 1 ? ErrorBudget.Text(firstErrors[0]) : $"none of the {received} events is valid; the first problem is at {ErrorBudget.Text(firstErrors[0])}", firstErrors, allErrors - firstErrors.Count);
        }

        var response = new BatchResponse(
            failures == 0 ? "success" : "partial_success",
            new BatchSummary(received, received - failures, failures, 0, failures, duplicates),
            failed)
        {
            Failed_events_omitted = failures - failed.Count,
        };
        return TypedResults.Ok(response);
    }

    /// <summary>The body of a write, or the answer that refuses it: a read-only store, or a body too large, too slow or badly encoded.</summary>
    internal static async Task<(RequestBody.Body? Body, ProblemHttpResult? Refused)> ReadBodyAsync(
        HttpRequest request, LineageService lineage, DecompressionGate gate, int limit, CancellationToken cancellationToken)
    {
        if (ReadOnly(request.HttpContext, lineage) is { } readOnly)
        {
            return (null, readOnly);
        }

        var body = await RequestBody.ReadAsync(request, limit, gate, cancellationToken);
        if (body.Status == RequestBody.Status.Ok)
        {
            return (body, null);
        }

        using (body)
        {
            return (null, BodyProblem(request.HttpContext, body));
        }
    }

    internal static ProblemHttpResult? ReadOnly(HttpContext context, LineageService lineage)
    {
        if (lineage.ReadOnlyReason is not { } reason)
        {
            return null;
        }

        context.Response.Headers.RetryAfter = "60";
        return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Store read-only", reason);
    }

    internal static ProblemHttpResult BodyProblem(HttpContext context, RequestBody.Body body)
    {
        switch (body.Status)
        {
            case RequestBody.Status.TooLarge:
                return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", body.Detail);
            case RequestBody.Status.UnsupportedEncoding:
                return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported content encoding", body.Detail);
            case RequestBody.Status.Busy:
                context.Response.Headers.RetryAfter = "5";
                return Problems.Of(StatusCodes.Status503ServiceUnavailable, "Busy decompressing", body.Detail);
            case RequestBody.Status.ClientError when body.StatusCode == StatusCodes.Status408RequestTimeout:
                context.Response.Headers.Connection = "close";
                return Problems.Of(StatusCodes.Status408RequestTimeout, "Request body too slow", body.Detail);
            case RequestBody.Status.BadEncoding:
                return Problems.Of(StatusCodes.Status400BadRequest, "Bad content encoding", body.Detail);
            default:
                return Problems.BadRequest(body.Detail);
        }
    }
}
