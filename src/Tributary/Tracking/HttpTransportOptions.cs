namespace Tributary.Tracking;

/// <summary>Where and how <see cref="HttpTransport"/> posts events; the settings OpenLineage's HTTP transport has.</summary>
public sealed class HttpTransportOptions
{
    /// <summary>The lineage server's base URL, for example <c>http://localhost:5000</c>. Required; absolute http or https.</summary>
    public required Uri Url { get; init; }

    /// <summary>The path appended to <see cref="Url"/>. Default: <c>/api/v1/lineage</c>, the OpenLineage and Marquez path.</summary>
    public string Endpoint { get; init; } = "/api/v1/lineage";

    /// <summary>The API key sent as <c>Authorization: Bearer &lt;key&gt;</c>. Default: null, no authorization header.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Compress request bodies with gzip (<c>Content-Encoding: gzip</c>). Default: false.</summary>
    public bool Gzip { get; init; }

    /// <summary>How long one attempt may take before it counts as a network error. Default: 5 seconds.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many times a failed attempt (5xx answer, network error or timeout) is retried; 4xx answers are never retried. Default: 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>The wait before the first retry; each further retry waits twice as long. Default: 500 milliseconds.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Extra headers sent with every request. Default: none.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The URL events are posted to: <see cref="Url"/> with <see cref="Endpoint"/> appended after exactly one <c>/</c>.</summary>
    public Uri LineageUri
    {
        get
        {
            var builder = new UriBuilder(Url);
            builder.Path = builder.Path.TrimEnd('/') + "/" + Endpoint.TrimStart('/');
            return builder.Uri;
        }
    }
}
