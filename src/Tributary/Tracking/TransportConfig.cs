namespace Tributary.Tracking;

/// <summary>
/// The <c>transport</c> section of the configuration, with OpenLineage's keys: where events go. Values are kept as
/// written so <see cref="LineageConfig.Validate"/> can quote them back in its messages.
/// </summary>
public sealed record TransportConfig
{
    /// <summary><c>console</c>, <c>http</c>, <c>file</c> or <c>noop</c>. Default: null, meaning http when a URL is set, otherwise console.</summary>
    public string? Type { get; init; }

    /// <summary>The lineage server's base URL for the http transport (<c>OPENLINEAGE_URL</c>). Default: null.</summary>
    public string? Url { get; init; }

    /// <summary>The path posted to under <see cref="Url"/> (<c>OPENLINEAGE_ENDPOINT</c>). Default: null, meaning <c>/api/v1/lineage</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The API key sent as a bearer token (<c>OPENLINEAGE_API_KEY</c>, <c>transport.auth.apiKey</c>). Default: null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The auth type; only <c>api_key</c> is understood. Default: null, meaning api_key when a key is set.</summary>
    public string? AuthType { get; init; }

    /// <summary><c>gzip</c> to compress request bodies, or <c>none</c>. Default: null, meaning none.</summary>
    public string? Compression { get; init; }

    /// <summary>The HTTP timeout per attempt, in seconds, as written. Default: null, meaning 5 seconds.</summary>
    public string? Timeout { get; init; }

    /// <summary>The file the file transport appends to (<c>log_file_path</c>). Default: null, meaning <c>events.ndjson</c> under the base path.</summary>
    public string? Path { get; init; }

    /// <summary>Describes the transport with the API key masked, so logs never show it.</summary>
    public override string ToString() =>
        $"TransportConfig {{ Type = {Type}, Url = {Url}, Endpoint = {Endpoint}, ApiKey = {(ApiKey is null ? "" : "***")}, Compression = {Compression}, Timeout = {Timeout}, Path = {Path} }}";
}
