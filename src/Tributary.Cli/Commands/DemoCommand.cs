using System.CommandLine;
using Tributary.Cli.Demo;
using Tributary.Cli.Output;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary demo [--out DIR]</c>: runs the retail pipeline and the trading example, then shows what lineage answers.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the demo's store, report.html, lineage.dot and events.ndjson.", DefaultValueFactory = _ => "tributary-demo" };
        var command = new Command("demo", "Run the retail pipeline (three nightly runs) and the trading example with the SDK, then show lineage, impact, root cause and PII flow.") { output };
        CommandAction.Set(command, (result, ct) => new DemoRunner(result.GetValue(output)!, result.InvocationConfiguration.Output).RunAsync(ct));
        return command;
    }
}
