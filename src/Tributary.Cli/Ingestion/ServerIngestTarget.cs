using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Tracking;

namespace Tributary.Cli.Ingestion;

/// <summary>
/// Sends events to a lineage server's batch collector (<c>POST {url}/api/v1/lineage/batch</c>, with
/// <c>Authorization: Bearer</c> when an API key is given), in batches of at most 500 events and 4 MB. Each event
/// is read here first, so one that does not read is reported as <c>tributary ingest</c> reports it and never spoils
/// a batch; the server's answer gives the duplicates and each rejected event with its JSON paths.
/// </summary>
internal sealed class ServerIngestTarget : IngestTarget
{
    private const int MaxBatchEvents = 500;
    private const int MaxBatchBytes = 4 << 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient _http;
    private readonly Uri _batch;
    private readonly string _server;

    private ServerIngestTarget(HttpClient http, Uri batch, string server, string destination)
    {
        _http = http;
        _batch = batch;
        _server = server;
        Destination = destination;
    }

    /// <inheritdoc />
    public override string Destination { get; }

    /// <summary>
    /// A target for the server at <paramref name="url"/>; <paramref name="storeDirectory"/> is the store it was found
    /// through (for the summary line), or null when <c>--server</c> named it. A URL that is not absolute http(s) is a <see cref="CliException"/>.
    /// </summary>
    public static ServerIngestTarget Create(string url, string? apiKey, string? storeDirectory)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"'{url}' is not a server address; give one like --server http://127.0.0.1:5000");
        }

        var server = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var batch = new HttpTransportOptions { Url = uri, Endpoint = "/api/v1/lineage/batch" }.LineageUri;
        var http = new HttpClient { Timeout = Timeout };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        var destination = storeDirectory is null ? $"into the server at {server}" : $"into {storeDirectory} through the server at {server}";
        return new ServerIngestTarget(http, batch, server, destination);
    }

    /// <inheritdoc />
    public override async Task<IngestSummary> IngestManyAsync(Stream content, Action<int>? progress, IngestTurn? turn, CancellationToken cancellationToken)
    {
        // The server stores what it is sent as it arrives: inputs posted at the same time may interleave there, as two
        // clients' would. The turn is only passed on.
        turn?.Pass();
        var total = new IngestSummary();
        var rejected = new List<IngestResult>();
        var batch = new List<Pending>();
        var bytes = 0L;
        await foreach (var slice in EventStreamSplitter.SlicesAsync(content, standardJson: true, LineageIngestorOptions.Default.MaxEventBytes, cancellationToken))
        {
            var read = EventSplitter.Read(slice, LineageReadOptions.Strict);
            if (read.Event is null)
            {
                rejected.Add(new IngestResult(IngestOutcome.Rejected, read.Index, read.Line, read.Raw) { Errors = read.Errors, Warnings = read.Warnings });
                progress?.Invoke(read.Raw.Length + 1);
                continue;
            }

            if (batch.Count > 0 && (batch.Count == MaxBatchEvents || bytes + read.Raw.Length > MaxBatchBytes))
            {
                total += await SendAsync(batch, progress, cancellationToken);
                batch.Clear();
                bytes = 0;
            }

            batch.Add(new Pending(read.Raw, read.Index, read.Line, slice.Path, read.Warnings));
            bytes += read.Raw.Length + 1;
        }

        if (batch.Count > 0)
        {
            total += await SendAsync(batch, progress, cancellationToken);
        }

        total += new IngestSummary { Rejected = rejected };
        return total with { Rejected = [.. total.Rejected.OrderBy(r => r.Index)] };
    }

    /// <inheritdoc />
    public override async Task<IngestSummary> IngestAsync(IReadOnlyList<LineageEvent> events, CancellationToken cancellationToken)
    {
        var total = new IngestSummary();
        var batch = new List<Pending>();
        var bytes = 0L;
        for (var i = 0; i < events.Count; i++)
        {
            var raw = LineageJson.SerializeToUtf8Bytes(events[i]);
            if (batch.Count > 0 && (batch.Count == MaxBatchEvents || bytes + raw.Length > MaxBatchBytes))
            {
                total += await SendAsync(batch, null, cancellationToken);
                batch.Clear();
                bytes = 0;
            }

            batch.Add(new Pending(raw, i, 1, default, []));
            bytes += raw.Length + 1;
        }

        return batch.Count > 0 ? total + await SendAsync(batch, null, cancellationToken) : total;
    }

    /// <inheritdoc />
    public override IReadOnlyList<string> Warnings => [];

    /// <inheritdoc />
    public override Task CompleteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IngestSummary> SendAsync(List<Pending> batch, Action<int>? progress, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        body.WriteByte((byte)'[');
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                body.WriteByte((byte)',');
            }

            body.Write(batch[i].Raw.Span);
        }

        body.WriteByte((byte)']');
        using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };

        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(_batch, content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"cannot reach the lineage server at {_server}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"the lineage server at {_server} did not answer within {Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            switch (response.StatusCode)
            {
                case HttpStatusCode.OK:
                    progress?.Invoke(batch.Sum(p => p.Raw.Length + 1));
                    return Summarise(batch, answer);
                case HttpStatusCode.BadRequest when batch.Count > 1 && Errors(answer).Count > 0:
                    // No event of the batch was valid (so nothing was stored), and the answer lists the errors without
                    // always saying whose: send the events one by one to know which error is which event's.
                    var each = new IngestSummary();
                    foreach (var pending in batch)
                    {
                        each += await SendAsync([pending], progress, cancellationToken);
                    }

                    return each;
                case HttpStatusCode.BadRequest when Errors(answer) is { Count: > 0 } errors:
                    progress?.Invoke(batch[0].Raw.Length + 1);
                    return new IngestSummary { Rejected = [Rejection(batch[0], errors)] };
                case HttpStatusCode.RequestEntityTooLarge when batch.Count > 1:
                    var half = batch.Count / 2;
                    return await SendAsync(batch[..half], progress, cancellationToken) + await SendAsync(batch[half..], progress, cancellationToken);
                case HttpStatusCode.RequestEntityTooLarge:
                    progress?.Invoke(batch[0].Raw.Length + 1);
                    return new IngestSummary { Rejected = [Rejection(batch[0], [new LineageError("$", $"the event is larger than the server at {_server} accepts")])] };
                case HttpStatusCode.Unauthorized when _http.DefaultRequestHeaders.Authorization is null:
                    throw new CliException($"the lineage server at {_server} needs an API key: pass --api-key KEY or set {ApiKeyVariable}");
                case HttpStatusCode.Unauthorized:
                    throw new CliException($"the lineage server at {_server} does not know the API key given (from --api-key or {ApiKeyVariable})");
                case HttpStatusCode.Forbidden:
                    throw new CliException($"the lineage server at {_server} does not let this API key send events; use a key with write access");
                case HttpStatusCode.ServiceUnavailable:
                    throw new CliException($"the lineage server at {_server} cannot reach its store right now (503); try again shortly");
                default:
                    throw new CliException($"the lineage server at {_server} answered {(int)response.StatusCode} {response.ReasonPhrase}{Detail(answer)}; is that address a Tributary server?");
            }
        }
    }

    private IngestSummary Summarise(List<Pending> batch, byte[] answer)
    {
        int duplicates;
        var rejected = new List<IngestResult>();
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            duplicates = root.GetProperty("summary").TryGetProperty("duplicates", out var d) ? d.GetInt32() : 0;
            foreach (var failed in root.GetProperty("failed_events").EnumerateArray())
            {
                var index = failed.GetProperty("index").GetInt32();
                var errors = failed.TryGetProperty("errors", out var list)
                    ? list.EnumerateArray().Select(e => new LineageError(e.GetProperty("path").GetString() ?? "$", e.GetProperty("message").GetString() ?? "")).ToList()
                    : [new LineageError("$", failed.GetProperty("reason").GetString() ?? "rejected")];
                if (index >= 0 && index < batch.Count)
                {
                    rejected.Add(Rejection(batch[index], errors));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CliException($"the lineage server at {_server} answered the batch with something other than a batch response; is that address a Tributary server?");
        }

        // The events the server took (accepted or duplicates) are the ones it did not name as failed; what this side's
        // reading warned about them is said as ingesting into a store says it.
        var warned = new List<WarnedEvent>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Warnings.Count > 0 && !rejected.Exists(r => r.Index == batch[i].Index))
            {
                warned.Add(new WarnedEvent(batch[i].Index, batch[i].Line, batch[i].Warnings));
            }
        }

        return new IngestSummary
        {
            Accepted = batch.Count - rejected.Count - duplicates, Duplicates = duplicates, Rejected = rejected,
            Warned = warned.Count, WarnedEvents = warned.Count > IngestSummary.WarnedKept ? warned[..IngestSummary.WarnedKept] : warned,
        };
    }

    // Where the server names an error's place in the batch ($[i]...), name its place in the file instead, as ingesting
    // the file locally does: $... for a line of NDJSON or a single event, $[n]... for the n-th event of an array,
    // $.events[n]... in an events list.
    private static IngestResult Rejection(Pending pending, IReadOnlyList<LineageError> errors) =>
        new(IngestOutcome.Rejected, pending.Index, pending.Line, pending.Raw)
        {
            Errors = [.. errors.Select(e => BatchIndex(e.Path) is null ? e : e with
            {
                Path = pending.Path.ToString() + e.Path[(e.Path.IndexOf(']', StringComparison.Ordinal) + 1)..],
            })],
        };

    private static int? BatchIndex(string path)
    {
        if (!path.StartsWith("$[", StringComparison.Ordinal))
        {
            return null;
        }

        var end = path.IndexOf(']', StringComparison.Ordinal);
        return end > 2 && int.TryParse(path.AsSpan(2, end - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static List<LineageError> Errors(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? [.. errors.EnumerateArray().Select(e => new LineageError(e.GetProperty("path").GetString() ?? "$", e.GetProperty("message").GetString() ?? ""))]
                : [];
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string Detail(byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text ? ": " + text : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private readonly record struct Pending(ReadOnlyMemory<byte> Raw, int Index, int Line, ItemPath Path, IReadOnlyList<LineageError> Warnings);
}
