using System.CommandLine;
using System.Globalization;
using Tributary.Cli.Output;
using Tributary.Json;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Cli.Commands;

/// <summary><c>stale</c>, <c>stats</c>, <c>volume</c> and <c>failures</c>: how the pipelines behave over time.</summary>
internal static class OperationsCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Stale();
        yield return Stats();
        yield return Volume();
        yield return Failures();
    }

    internal static Option<string?> Now() => new("--now") { Description = "Treat this ISO-8601 time as now (default: the current time)." };

    internal static DateTimeOffset NowValue(ParseResult result, Option<string?> option) => ParseTime(result.GetValue(option), "--now") ?? DateTimeOffset.UtcNow;

    internal static DateTimeOffset? ParseTime(string? text, string option) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw new CliException($"{option} '{text}' is not an ISO-8601 time such as 2025-01-17T08:00:00Z");

    private static Command Stale()
    {
        var store = CommonOptions.Store();
        var hours = CommonOptions.Hours("--hours", "Stale when not written for this many hours.");
        var now = Now();
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("stale", "Datasets not updated within N hours.") { store, hours, now, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var threshold = CommonOptions.HoursValue(result, hours);
            var stale = session.Engine.Stale(TimeSpan.FromHours(threshold), ParseTime(result.GetValue(now), "--now") ?? session.Moment ?? DateTimeOffset.UtcNow);
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), stale, QueryJsonContext.Default.IReadOnlyListStaleDataset, list =>
            {
                var table = new Tabular("dataset", "last written", "last seen", "age") { Title = $"{list.Count} stale dataset(s) (not written for {result.GetValue(hours)} h)" };
                foreach (var s in list)
                {
                    table.Add(s.Dataset, s.LastWritten, s.LastSeen, s.Age);
                }

                return table;
            });
        });
        return command;
    }

    private static Command Stats()
    {
        var store = CommonOptions.Store();
        var by = new Option<string>("--by") { Description = "Group by job or operation type.", DefaultValueFactory = _ => "job" };
        by.AcceptOnlyFromAmong("job", "operation");
        var operation = new Option<string?>("--operation") { Description = "Only runs of this operation type (READ, WRITE, TRANSFORM, ...)." };
        var since = new Option<string?>("--since") { Description = "Only runs started at or after this ISO-8601 time." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("stats", "Operation performance: count, mean, p50, p95 and max duration, error rate, by job or operation type.") { store, by, operation, since, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            OperationType? type = null;
            if (result.GetValue(operation) is { } op)
            {
                type = Enum.TryParse<OperationType>(op, ignoreCase: true, out var parsed) && !int.TryParse(op, CultureInfo.InvariantCulture, out _)
                    ? parsed
                    : throw new CliException($"--operation '{op}' is not one of {string.Join(", ", Enum.GetNames<OperationType>()).ToUpperInvariant()}");
            }

            var session = await CommandAction.OpenAsync(result, store, ct);
            var grouping = result.GetValue(by) == "operation" ? PerformanceGrouping.OperationType : PerformanceGrouping.Job;
            var stats = session.Engine.PerformanceStats(grouping, type, ParseTime(result.GetValue(since), "--since"));
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), stats, QueryJsonContext.Default.IReadOnlyListPerformanceStats, list =>
            {
                var table = new Tabular(grouping == PerformanceGrouping.Job ? "job" : "operation", "runs", "failed", "mean ms", "p50 ms", "p95 ms", "max ms", "error rate");
                foreach (var s in list)
                {
                    table.Add(s.Key, s.Count, s.Failed, s.MeanMs, s.P50Ms, s.P95Ms, s.MaxMs, $"{s.ErrorRate:P1}");
                }

                return table;
            });
        });
        return command;
    }

    private static Command Volume()
    {
        var store = CommonOptions.Store();
        var bucket = new Option<double>("--bucket-hours") { Description = "Bucket width in hours.", DefaultValueFactory = _ => 24 };
        var from = new Option<string?>("--from") { Description = "Start of the window (ISO-8601)." };
        var to = new Option<string?>("--to") { Description = "End of the window (ISO-8601)." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("volume", "Volume flow: rows and bytes in and out per job and dataset, over time.") { store, bucket, from, to, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            if (result.GetValue(bucket) <= 0)
            {
                throw new CliException("--bucket-hours must be more than zero");
            }

            var session = await CommandAction.OpenAsync(result, store, ct);
            var report = session.Engine.VolumeFlow(TimeSpan.FromHours(result.GetValue(bucket)), ParseTime(result.GetValue(from), "--from"), ParseTime(result.GetValue(to), "--to"));
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), report, QueryJsonContext.Default.VolumeFlowReport, r =>
            {
                var table = new Tabular("node", "bucket start", "runs", "rows in", "bytes in", "rows out", "bytes out");
                foreach (var b in r.Jobs.Concat(r.Datasets))
                {
                    table.Add(b.Node, b.Start, b.Runs, b.RowsIn, b.BytesIn, b.RowsOut, b.BytesOut);
                }

                return table;
            });
        });
        return command;
    }

    private static Command Failures()
    {
        var store = CommonOptions.Store();
        var since = new Option<string?>("--since") { Description = "Only runs started at or after this ISO-8601 time." };
        var format = CommonOptions.Format("table", "table", "json", "csv");
        var output = CommonOptions.Output();
        var command = new Command("failures", "Failed operations with their errors.") { store, since, format, output };
        CommandAction.Set(command, async (result, ct) =>
        {
            var session = await CommandAction.OpenAsync(result, store, ct);
            var runs = session.Engine.FailedRuns(ParseTime(result.GetValue(since), "--since"));
            Render.Write(result.InvocationConfiguration, result.GetValue(format)!, result.GetValue(output), runs, QueryJsonContext.Default.IReadOnlyListRunInfo, list =>
            {
                var table = new Tabular("run", "job", "state", "started", "error") { Title = $"{list.Count} failed run(s)" };
                foreach (var r in list)
                {
                    table.Add(r.Id, r.Job, r.State, r.StartedAt, r.ErrorMessage);
                }

                return table;
            });
        });
        return command;
    }
}
