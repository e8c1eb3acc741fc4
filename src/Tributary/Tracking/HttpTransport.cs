using System.IO.Compression;
using System.Net.Http.Headers;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Posts each event as JSON to an OpenLineage endpoint (Marquez, Tributary's server, any OpenLineage collector),
/// as OpenLineage producers do: <c>POST url + /api/v1/lineage</c>, <c>Authorization: Bearer &lt;api key&gt;</c>,
/// optional gzip, a timeout per attempt, and retries with exponential backoff on 5xx answers and network errors.
/// A 4xx answer means the event or the credentials are wrong, so it fails at once.
/// </summary>
public sealed class HttpTransport : ILineageTransport, IDisposable
{
    private static readonly MediaTypeHeaderValue _json = new("application/json") { CharSet = "utf-8" };

    private readonly HttpTransportOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly Uri _uri;

    /// <summary>
    /// Creates a transport. Pass an <paramref name="httpClient"/> to reuse one (its own timeout should be infinite or
    /// longer than <see cref="HttpTransportOptions.Timeout"/>); by default the transport creates and owns one.
    /// Throws <see cref="ArgumentException"/> when the URL is not an absolute http(s) URL.
    /// </summary>
    public HttpTransport(HttpTransportOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Url.IsAbsoluteUri || options.Url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The lineage URL '{options.Url}' is not an absolute http(s) URL, for example http://localhost:5000.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetries, 0, "options.MaxRetries");
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero, "options.Timeout");
        _options = options;
        _uri = options.LineageUri;
        _ownsClient = httpClient is null;
        _client = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Posts the event, retrying 5xx answers, network errors and timeouts up to <see cref="HttpTransportOptions.MaxRetries"/>
    /// times. Throws <see cref="HttpRequestException"/> (with the status code and the start of the answer) or
    /// <see cref="TimeoutException"/> when the event was not accepted.
    /// </summary>
    public async ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        var body = Body(lineageEvent);
        var backoff = _options.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await PostAsync(body, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < _options.MaxRetries && IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
            }
        }
    }

    /// <summary>Disposes the HTTP client when the transport created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException { StatusCode: { } status } => (int)status >= 500,
        HttpRequestException or TimeoutException or IOException => true,
        _ => false,
    };

    private byte[] Body(LineageEvent lineageEvent)
    {
        var json = LineageJson.SerializeToUtf8Bytes(lineageEvent);
        if (!_options.Gzip)
        {
            return json;
        }

        using var compressed = new MemoryStream(json.Length / 4 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return compressed.ToArray();
    }

    private async Task PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = _json;
        if (_options.Gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"POST {_uri} got no answer within {_options.Timeout.TotalSeconds:0.###} s.");
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var answer = await ReadStartAsync(response, attempt.Token).ConfigureAwait(false);
            throw new HttpRequestException(
                $"POST {_uri} answered {(int)response.StatusCode} {response.ReasonPhrase}{(answer.Length > 0 ? ": " + answer : "")}",
                null,
                response.StatusCode);
        }
    }

    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length <= 500 ? text.Trim() : text[..500].Trim() + "…";
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }
}
