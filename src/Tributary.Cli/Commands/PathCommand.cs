using System.CommandLine;
using Tributary.Cli.Output;
using Tributary.Json;

namespace Tributary.Cli.Commands;

/// <summary><c>tributary path &lt;from&gt; &lt;to&gt;</c>: how data flows between two nodes (all simple paths, shortest first).</summary>
internal static class PathCommand
{
    public static Command Create()
    {
        var from = new Argument<string>("from") { Description = "Where the data starts." };
        var to = new Argument<string>("to") { Description = "Where it ends up." };
        var store = CommonOptions.Store();
        var maxPaths = new Option<int>("--max-paths") { Description = "At most this many paths.", DefaultValueFactory = _ => 100 };
        var maxLength = new Option<int>("--max-length") { Description = "At most this many edges per path.", DefaultValueFactory = _ => 20 };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("path", "Trace data flow between two nodes: every simple path, shortest first, bounded.") { from, to, store, maxPaths, maxLength, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var trace = session.Engine.TraceDataFlow(session.Resolve(result.GetValue(from)!), session.Resolve(result.GetValue(to)!), Math.Max(1, result.GetValue(maxPaths)), Math.Max(1, result.GetValue(maxLength)));
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), trace, QueryJsonContext.Default.DataFlowTrace, t =>
            {
                var table = new Tabular("#", "length", "path") { Title = $"{t.Paths.Count} path(s) from {t.From} to {t.To}{(t.Partial ? " (partial)" : "")}" };
                var i = 1;
                foreach (var p in t.Paths)
                {
                    table.Add(i++, p.Length, string.Join(" -> ", p.Nodes));
                }

                return table;
            });
        });
        return command;
    }
}
