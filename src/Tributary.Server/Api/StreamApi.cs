using System.Buffers;
using System.Text;
using System.Text.Json;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// Server-sent events of every accepted event (<c>GET /api/v1/stream</c>): one <c>lineage</c> message per event
/// with its sequence as the SSE id, a summary of what it touched (not the whole event, which may be megabytes),
/// and a comment every 15 seconds so proxies keep the connection open. With API keys on, a browser opens it with a
/// short-lived token from <c>/api/v1/stream/token</c> (see <see cref="StreamTokens"/>).
/// </summary>
internal static class StreamApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/stream", StreamAsync).WithTags("Live stream")
            .WithSummary("Server-sent events: one 'lineage' message per accepted event, with its sequence, type, time, job, run and datasets.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        app.MapGet("/api/v1/stream/token", (StreamTokens tokens) =>
        {
            var (token, expires) = tokens.Issue();
            return TypedResults.Ok(new StreamToken(token, expires));
        }).WithTags("Live stream")
            .WithSummary("A token that opens the stream for a minute as /api/v1/stream?access_token=…, for clients that cannot send a header (a browser's EventSource).");
        return app;
    }

    internal static async Task StreamAsync(HttpContext context, EventStream stream, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var (reader, leave) = stream.Listen();
        using (leave)
        {
            await response.WriteAsync(": tributary live stream\nretry: 2000\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    beat.CancelAfter(Heartbeat);
                    bool more;
                    try
                    {
                        more = await reader.WaitToReadAsync(beat.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        continue;
                    }

                    if (!more)
                    {
                        break;
                    }

                    while (reader.TryRead(out var ingested))
                    {
                        await response.Body.WriteAsync(Message(ingested), cancellationToken);
                    }

                    await response.Body.FlushAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client went away: nothing to report.
            }
        }
    }

    internal static byte[] Message(IngestedEvent ingested)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", ingested.Sequence);
            json.WriteString("ingestTime", ingested.IngestTime);
            json.WriteString("eventTime", ingested.Event.EventTime);
            switch (ingested.Event)
            {
                case RunEvent run:
                    json.WriteString("kind", "RunEvent");
                    json.WriteString("eventType", run.EventType?.ToString().ToUpperInvariant());
                    json.WriteString("run", run.Run.RunId.ToString());
                    json.WriteString("job", NodeId.From(run.Job.Id).ToString());
                    Datasets(json, "inputs", run.Inputs.Select(i => i.Id));
                    Datasets(json, "outputs", run.Outputs.Select(o => o.Id));
                    break;
                case JobEvent job:
                    json.WriteString("kind", "JobEvent");
                    json.WriteString("job", NodeId.From(job.Job.Id).ToString());
                    Datasets(json, "inputs", job.Inputs.Select(i => i.Id));
                    Datasets(json, "outputs", job.Outputs.Select(o => o.Id));
                    break;
                case DatasetEvent dataset:
                    json.WriteString("kind", "DatasetEvent");
                    Datasets(json, "outputs", [dataset.Dataset.Id]);
                    break;
            }

            json.WriteEndObject();
        }

        // JSON never contains a raw newline, so the payload is one SSE data line.
        var head = Encoding.UTF8.GetBytes($"id: {ingested.Sequence}\nevent: lineage\ndata: ");
        return [.. head, .. buffer.WrittenSpan, (byte)'\n', (byte)'\n'];
    }

    private static void Datasets(Utf8JsonWriter json, string name, IEnumerable<DatasetId> datasets)
    {
        json.WriteStartArray(name);
        foreach (var dataset in datasets)
        {
            json.WriteStringValue(NodeId.From(dataset).ToString());
        }

        json.WriteEndArray();
    }
}

/// <summary>A short-lived token for the live stream.</summary>
/// <param name="Token">Pass it as <c>/api/v1/stream?access_token=</c>.</param>
/// <param name="ExpiresAt">When it stops opening the stream (connections already open stay open).</param>
public sealed record StreamToken(string Token, DateTimeOffset ExpiresAt);
