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

    public static Option<string?> Output() => new("--output", "-o") { Description = "Write to this file instead of standard output." };
}
