using System.CommandLine;
using Tributary.Alerts;
using Tributary.Cli.Output;
using Tributary.Json;

namespace Tributary.Cli.Commands;

/// <summary><c>alerts log</c>: every incident alert in the store's outbox and how delivering it went.</summary>
internal static class AlertCommands
{
    public static Command Create()
    {
        var command = new Command("alerts", "Incident alerts sent to webhooks (configure them on the server: `serve --webhook URL`, settings Tributary:Alerts:Webhooks, or /api/v1/alerts/webhooks).");
        command.Subcommands.Add(Log());
        return command;
    }

    private static Command Log()
    {
        var store = CommonOptions.Store();
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("log", "The delivery log: each alert with its incident, change, target, attempts, last error, and when it was delivered. Reads the outbox only, so it works while a server holds the store.") { store, format, output };
        CommandAction.Set(command, (result, _) =>
        {
            var directory = result.GetValue(store)!;
            CommonOptions.RequireNotAFile(directory);
            if (!Directory.Exists(directory))
            {
                throw new CliException($"no lineage store at '{Path.GetFullPath(directory)}'");
            }

            var log = AlertDispatcher.ReadLog(directory);
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), log, QueryJsonContext.Default.IReadOnlyListAlertDelivery, list =>
            {
                var table = new Tabular("key", "incident", "change", "url", "status", "attempts", "last error", "delivered")
                {
                    Title = $"{list.Count(d => d.DeliveredAt is not null)} delivered, {list.Count(d => d.NextAttemptAt is not null)} pending, {list.Count(d => d.Dropped is not null)} dropped",
                };
                foreach (var d in list)
                {
                    table.Add(d.Key, d.Incident, d.Change, d.Url.AbsoluteUri, d.Status, d.Attempts, d.Dropped ?? d.LastError, d.DeliveredAt);
                }

                return table;
            });
            return Task.CompletedTask;
        });
        return command;
    }
}
