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

    /// <summary>
    /// <c>--as-of TIME</c> of every query command: answer from the graph as it stood then (an ISO 8601 time, or a
    /// run id for the moment that run ended). <see cref="Output.CommandAction.OpenAsync"/> reads it by name.
    /// </summary>
    public static Option<string?> AsOf() => new(AsOfName)
    {
        Description = "Answer as the lineage stood at this moment: an ISO 8601 time (2025-01-03T08:00:00Z; a date is its midnight UTC) or a run id (the moment that run ended).",
    };

    /// <summary>The name of the <see cref="AsOf"/> option.</summary>
    public const string AsOfName = "--as-of";

    public static Option<string?> Output() => new("--output", "-o") { Description = "Write to this file instead of standard output." };

    /// <summary>A number of hours, such as <c>--hours</c>: read with <see cref="HoursValue"/>, which refuses a negative one.</summary>
    public static Option<double> Hours(string name, string description) => new(name) { Description = description, DefaultValueFactory = _ => 24 };

    /// <summary>The value of an hours option; a negative or non-finite number is a <see cref="CliException"/> saying what to give.</summary>
    public static double HoursValue(ParseResult result, Option<double> option)
    {
        var hours = result.GetValue(option);
        return double.IsFinite(hours) && hours >= 0 ? hours
            : throw new CliException($"{option.Name} {hours.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a number of hours; give 0 or more, such as {option.Name} 24");
    }

    /// <summary>
    /// Refuses a store path that is not a lineage store (a file, or a folder without one) with a
    /// <see cref="CliException"/> that says how to make one.
    /// </summary>
    public static void RequireStore(string storeDirectory)
    {
        RequireNotAFile(storeDirectory);
        if (!Storage.FileLineageStore.Exists(storeDirectory))
        {
            throw new CliException($"no lineage store at '{Path.GetFullPath(storeDirectory)}'; create one with `tributary ingest <files> --store {storeDirectory}` or `tributary demo --out {storeDirectory}`");
        }
    }

    /// <summary>Refuses a store path that names a file: a store is a folder.</summary>
    public static void RequireNotAFile(string storeDirectory)
    {
        if (File.Exists(storeDirectory))
        {
            throw new CliException($"'{Path.GetFullPath(storeDirectory)}' is a file, not a lineage store; give --store the store's folder (a new folder is created by `tributary ingest <files> --store DIR`)");
        }
    }
}
