namespace Tributary.Tracking;

// Validation: every problem, each saying which setting, what is wrong with it and how to fix it.
public sealed partial record LineageConfig
{
    private static readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal)
    {
        ["base_path"] = "LINEAGE_BASE_PATH",
        ["max_graph_nodes"] = "LINEAGE_MAX_GRAPH_NODES",
        ["operation_retention_hours"] = "LINEAGE_OPERATION_RETENTION_HOURS",
        ["namespace"] = "OPENLINEAGE_NAMESPACE",
        ["transport.type"] = "OPENLINEAGE__TRANSPORT__TYPE",
        ["transport.url"] = "OPENLINEAGE_URL",
        ["transport.endpoint"] = "OPENLINEAGE_ENDPOINT",
        ["transport.api_key"] = "OPENLINEAGE_API_KEY",
        ["transport.auth_type"] = "OPENLINEAGE__TRANSPORT__AUTH__TYPE",
        ["transport.compression"] = "OPENLINEAGE__TRANSPORT__COMPRESSION",
        ["transport.timeout"] = "OPENLINEAGE__TRANSPORT__TIMEOUT",
        ["transport.path"] = "OPENLINEAGE__TRANSPORT__LOG_FILE_PATH",
    };

    /// <summary>
    /// Every problem with this configuration, in words a user can act on (which setting, what is wrong, where it
    /// came from and what to set instead); empty when the configuration is usable.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>(ReadProblems);
        if (MaxGraphNodes < 1)
        {
            problems.Add($"max_graph_nodes is {MaxGraphNodes}; it must be at least 1; {Fix("max_graph_nodes", "1000")}.");
        }

        if (OperationRetentionHours < 0)
        {
            problems.Add($"operation_retention_hours is {OperationRetentionHours}; it must be 0 (keep every operation) or more; {Fix("operation_retention_hours", "168")}.");
        }

        if (string.IsNullOrWhiteSpace(Namespace))
        {
            problems.Add($"namespace is empty; {Fix("namespace", "default")}.");
        }

        var type = EffectiveTransportType();
        var writesFiles = EnablePersistence || (type == "file" && Transport.Path is null);
        if (writesFiles && (string.IsNullOrWhiteSpace(BasePath) || BasePath.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            problems.Add($"base_path '{BasePath}' is not a usable folder, and events are kept under it; {Fix("base_path", "./data/lineage")}.");
        }

        switch (type)
        {
            case "http":
                ValidateHttp(problems);
                break;
            case "file" when Transport.Path is not null && (Transport.Path.Trim().Length == 0 || Transport.Path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0):
                problems.Add($"transport.path '{Transport.Path}' is not a usable file path; {Fix("transport.path", "./lineage/events.ndjson")}.");
                break;
            case "console" or "file" or "noop":
                break;
            default:
                problems.Add($"transport.type '{Transport.Type}' is not supported; {Fix("transport.type", "http")} (or console, file, noop).");
                break;
        }

        if (type is "console" or "file" && Transport.Url is not null)
        {
            problems.Add($"transport.url is set ({Source("transport.url") ?? "transport.url"}) but transport.type is {type} ({Source("transport.type") ?? "transport.type"}), so the URL would be ignored; set the type to http or remove the URL.");
        }

        return problems;
    }

    private void ValidateHttp(List<string> problems)
    {
        if (Transport.Url is null)
        {
            problems.Add($"transport.type is http but no URL is set; {Fix("transport.url", "http://localhost:5000")}.");
        }
        else if (!Uri.TryCreate(Transport.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            problems.Add($"transport.url '{Transport.Url}' is not an absolute http(s) URL; {Fix("transport.url", "http://localhost:5000")}.");
        }

        if (Transport.Endpoint is { } endpoint && (endpoint.Contains("://", StringComparison.Ordinal) || endpoint.Any(char.IsWhiteSpace) || endpoint.Contains('?', StringComparison.Ordinal)))
        {
            problems.Add($"transport.endpoint '{endpoint}' is not a path; {Fix("transport.endpoint", "/api/v1/lineage")}.");
        }

        if (Transport.Compression is { } compression && compression.Trim().ToLowerInvariant() is not ("gzip" or "none" or ""))
        {
            problems.Add($"transport.compression '{compression}' is not supported; {Fix("transport.compression", "gzip")} (or none).");
        }

        if (Transport.Timeout is { } timeout && ParseSeconds(timeout) is not (> 0 and < 86_400))
        {
            problems.Add($"transport.timeout '{timeout}' is not a number of seconds between 0 and 86400; {Fix("transport.timeout", "5")}.");
        }

        if (Transport.AuthType is { } auth && !string.Equals(auth.Trim(), "api_key", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"transport.auth.type '{auth}' is not supported; {Fix("transport.auth_type", "api_key")} and give the key in OPENLINEAGE_API_KEY.");
        }
        else if (Transport.AuthType is not null && string.IsNullOrWhiteSpace(Transport.ApiKey))
        {
            problems.Add($"transport.auth.type is api_key but no key is set; {Fix("transport.api_key", "<your api key>")}.");
        }
    }

    // One exception listing every problem, for the constructors and registrations that cannot go on without a valid configuration.
    internal void ThrowIfInvalid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The lineage configuration is not valid:" + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", problems), "config");
        }
    }

    private string? Source(string setting) => Sources.GetValueOrDefault(setting);

    // "set OPENLINEAGE_URL to e.g. ..." when the value came from a variable or nowhere, "change X in file to e.g. ..." when from a file.
    private string Fix(string setting, string example) => Source(setting) switch
    {
        { } label when label.Contains(" in ", StringComparison.Ordinal) => $"change {label} to e.g. {example}",
        { } variable => $"set {variable} to e.g. {example}",
        null => $"set {_variables.GetValueOrDefault(setting, setting)} to e.g. {example}",
    };
}
