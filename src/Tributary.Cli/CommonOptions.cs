using System.CommandLine;
using Tributary.Storage;

namespace Tributary.Cli;

/// <summary>
/// The options shared by commands. Environment: <c>TRIBUTARY_STORE</c> sets the default store folder
/// (otherwise <c>./.tributary</c>); <c>NO_COLOR</c> turns colours off.
/// </summary>
internal static class CommonOptions
{
    public static Option<string> Store() => new("--store")
    {
        Description = "The lineage store folder.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TRIBUTARY_STORE") is { Length: > 0 } s ? s : FileLineageStore.DefaultDirectory,
    };

    public static Option<string> Format(string defaultFormat, params string[] formats)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output format: " + string.Join(", ", formats) + ".",
            DefaultValueFactory = _ => defaultFormat,
        };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <summary>
    /// <c>--server URL</c> of <c>ingest</c> and <c>import</c>: send the events to that lineage server instead of
    /// writing the store (without it, a store a running server holds is written through that server).
    /// </summary>
    public static Option<string?> Server() => new("--server")
    {
        Description = "Send the events to the lineage server at this address (e.g. http://127.0.0.1:5000) instead of writing the store. " +
            "Without it, a store that a running `tributary serve` holds is written through that server.",
    };

    /// <summary><c>--api-key KEY</c>: the key a server with API keys needs; default the <c>TRIBUTARY_API_KEY</c> environment variable.</summary>
    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = "The API key for a server that requires one (default: the TRIBUTARY_API_KEY environment variable).",
    };

    public static Option<string?> Output() => new("--output", "-o") { Description = "Write to this file instead of standard output." };
}
