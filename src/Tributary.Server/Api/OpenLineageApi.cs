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

    // A batch up to this size is read whole into one exact array; a larger (or compressed, or unsized) one is streamed
    // through the door as it arrives, so a batch of any size holds the door's bounded chunks, not its own bytes.
    private const int WholeBatchBytes = 1 << 20;

    internal static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> PostBatchAsync(
        HttpRequest request, LineageService lineage, DecompressionGate gate, CancellationToken cancellationToken)
    {
        if (ReadOnly(request.HttpContext, lineage) is { } readOnly)
        {
            return readOnly;
        }

        var limit = lineage.Options.MaxBatchBytes;
        using var body = await RequestBody.OpenAsync(request, limit, WholeBatchBytes, gate, cancellationToken);
        if (body.Status != RequestBody.Status.Ok)
        {
            return BodyProblem(request.HttpContext, body);
        }

        var tally = new BatchTally();
        try
        {
            var first = body.Streamed is { } streamed
                ? await streamed.FirstByteAsync(cancellationToken)
                : body.Content.Span.TrimStart(" \t\r\n\uFEFF"u8) is { IsEmpty: false } content ? content[0] : -1;
            if (first != '[')
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "Invalid batch", "$: a batch is a JSON array of events.", [new LineageError("$", "a batch is a JSON array of events")]);
            }

            await (body.Streamed is { } stream
                ? lineage.Ingestor.IngestManyAsync(stream, tally.Add, cancellationToken)
                : lineage.Ingestor.IngestManyAsync(body.Content, tally.Add, cancellationToken));
        }
        catch (Exception ex) when (RequestBody.Failure(ex, request, limit) is { } failure)
        {
            // Events before the failure went in (each on its own, as in any batch); sending the batch again stores the
            // rest, and the ones already stored count as duplicates.
            using (failure)
            {
                var problem = BodyProblem(request.HttpContext, failure);
                problem.ProblemDetails.Detail += tally.Stored == 0
                    ? " Nothing was stored."
                    : $" The {tally.Stored} events before that point were stored; sending the batch again stores the rest (those count as duplicates).";
                return problem;
            }
        }

        return tally.Answer();
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
