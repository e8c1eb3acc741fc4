using System.CommandLine;
using Tributary.Cli.Ingestion;
using Tributary.Cli.Output;
using Tributary.Incidents;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Cli.Commands;

/// <summary><c>incidents</c> (what is wrong with the data, and who to tell) and <c>incident ID</c> (one in full, or <c>incident resolve ID</c>).</summary>
internal static class IncidentCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return List();
        yield return Show();
    }

    private static Command List()
    {
        var store = CommonOptions.Store();
        var open = new Option<bool>("--open") { Description = "Only incidents that are still open." };
        var severity = new Option<string?>("--severity") { Description = "Only incidents of at least this severity: low, medium, high or critical." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("incidents", "Data-quality incidents: failed checks and tests, failed runs, volume drops and breaking schema changes, with root cause and owners to notify.") { store, open, severity, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var filter = new IncidentFilter { Open = result.GetValue(open) ? true : null, MinSeverity = ParseSeverity(result.GetValue(severity)) };
            var session = await CommandAction.OpenAsync(result, store, ct);
            var incidents = session.Engine.Incidents(filter);
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), incidents, QueryJsonContext.Default.IReadOnlyListIncident, list =>
            {
                var table = new Tabular("id", "status", "severity", "node", "check", "opened", "root cause", "notify")
                {
                    Title = $"{list.Count(i => i.Status == IncidentStatus.Open)} open, {list.Count(i => i.Status == IncidentStatus.Resolved)} resolved incidents",
                };
                foreach (var i in list)
                {
                    table.Add(i.Id, Text(i.Status), Text(i.Severity), i.Node, i.Column is null ? i.Check : $"{i.Check} on {i.Column}", i.OpenedAt,
                        i.RootCauses is [var top, ..] ? top.Node : "", string.Join(", ", i.Owners.Select(o => o.Name)));
                }

                return table;
            });
        });
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The incident's id, as `tributary incidents` lists it (inc-…)." };
        var store = CommonOptions.Store();
        var format = CommonOptions.Format("text", "text", "json");
        var output = CommonOptions.Output();
        var command = new Command("incident", "One incident in full: the problem, its root-cause candidates with evidence, the downstream impact and the owners to notify.") { id, store, format, output };
        command.Subcommands.Add(Resolve());
        CommandAction.Set(command, async (result, ct) =>
        {
            var incidentId = ParseId(result.GetValue(id)!);
            var session = await CommandAction.OpenAsync(result, store, ct);
            var incident = session.Engine.Incident(incidentId) ?? throw new CliException($"the store has no incident {incidentId}; `tributary incidents` lists them");
            if (result.GetValue(format) == "json")
            {
                Render.Write(result.InvocationConfiguration, "json", result.GetValue(output), incident, QueryJsonContext.Default.Incident, _ => new Tabular());
                return;
            }

            Render.WithWriter(result.InvocationConfiguration, result.GetValue(output), w => Write(incident, w));
        });
        return command;
    }

    private static Command Resolve()
    {
        var id = new Argument<string>("id") { Description = "The incident to resolve (inc-…)." };
        var by = new Option<string?>("--by") { Description = "Who resolves it (default: the user name)." };
        var note = new Option<string?>("--note") { Description = "Why it is resolved." };
        var store = CommonOptions.Store();
        var command = new Command("resolve", "Resolve an incident by hand. The resolution is stored as an event, so it survives restarts and replays; a later failure opens a new incident. (A running server: POST /api/v1/incidents/ID/resolve.)") { id, by, note, store };
        CommandAction.Set(command, async (result, ct) =>
        {
            var incidentId = ParseId(result.GetValue(id)!);
            var session = await CommandAction.OpenAsync(result, store, ct);
            var incident = session.Engine.Incident(incidentId) ?? throw new CliException($"the store has no incident {incidentId}; `tributary incidents` lists them");
            if (incident.Status == IncidentStatus.Resolved)
            {
                throw new CliException($"{incidentId} is already resolved ({incident.Resolution!.Reason}); nothing was stored");
            }

            var resolvedBy = result.GetValue(by) ?? Environment.UserName;
            var resolution = IncidentResolutions.Event(incidentId, incident.Node, resolvedBy, result.GetValue(note), DateTimeOffset.UtcNow);
            await using var target = await IngestTarget.OpenAsync(result.GetValue(store)!, null, null, ct);
            var summary = await target.IngestAsync([resolution], ct);
            await target.CompleteAsync(ct);
            if (summary.Rejected.Count > 0)
            {
                throw new CliException($"the resolution was refused: {summary.Rejected[0]}");
            }

            result.InvocationConfiguration.Output.WriteLine($"resolved {incidentId} ({target.Destination})");
        });
        return command;
    }

    private static void Write(Incident i, TextWriter w)
    {
        w.WriteLine($"{i.Id}  {Text(i.Status)}  {Text(i.Severity)}  {Text(i.Kind)}");
        w.WriteLine(i.Summary);
        w.WriteLine();
        w.WriteLine($"node:        {i.Node}");
        w.WriteLine($"check:       {i.Check}{(i.Column is null ? "" : " on " + i.Column)}");
        w.WriteLine($"problem:     {i.Description}");
        w.WriteLine($"opened:      {i.OpenedAt:u} (run {i.FirstRun}{(i.Job is { } job ? " of " + job : "")})");
        w.WriteLine($"last seen:   {i.LastSeenAt:u} (run {i.LastRun}), {i.Occurrences} occurrence(s)");
        if (i.Resolution is { } r)
        {
            w.WriteLine($"resolved:    {r.At:u} {(r.ByHand ? "by " + (r.By ?? "hand") + ": " : "")}{r.Reason}");
        }

        w.WriteLine("root cause candidates:");
        var rank = 1;
        foreach (var c in i.RootCauses)
        {
            w.WriteLine($"  {rank++}. {c.Node} (depth {c.Depth}, score {c.Score}): {string.Join("; ", c.Evidence.Select(e => e.Description))}");
        }

        if (i.RootCauses.Count == 0)
        {
            w.WriteLine("  none upstream shows a problem");
        }

        w.WriteLine($"downstream datasets: {(i.DownstreamDatasets.Count == 0 ? "none" : string.Join(", ", i.DownstreamDatasets))}");
        w.WriteLine($"downstream jobs:     {(i.DownstreamJobs.Count == 0 ? "none" : string.Join(", ", i.DownstreamJobs))}");
        w.WriteLine("notify:");
        foreach (var o in i.Owners)
        {
            w.WriteLine($"  {o.Name}{(o.Type is null ? "" : $" ({o.Type})")}: {string.Join(", ", o.Owns)}");
        }

        if (i.Owners.Count == 0)
        {
            w.WriteLine("  nobody (no owners recorded)");
        }
    }

    private static IncidentId ParseId(string text) =>
        IncidentId.TryParse(text, out var id) ? id : throw new CliException($"'{text}' is not an incident id; ids look like inc-0123456789abcdef (see `tributary incidents`)");

    private static IncidentSeverity? ParseSeverity(string? text) => text is null ? null
        : Enum.TryParse<IncidentSeverity>(text, ignoreCase: true, out var severity) && Enum.IsDefined(severity) && !char.IsDigit(text[0]) ? severity
        : throw new CliException($"--severity '{text}' is not one of low, medium, high, critical");

    private static string Text<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
