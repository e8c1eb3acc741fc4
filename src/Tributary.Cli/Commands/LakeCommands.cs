using System.CommandLine;
using System.Globalization;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Storage;
using Tributary.Storage.Lake;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary compact</c> (moves the store's log into its Parquet lake, <c>lake/</c>, applies retention and drops
/// the log segments the lake covers) and <c>tributary export lake DIR</c> (writes a lake from a store).
/// </summary>
internal static class LakeCommands
{
    public static Command Compact()
    {
        var store = CommonOptions.Store();
        var retainDays = RetainDays();
        var command = new Command("compact", "Compact the store's durable log into its Parquet lake (lake/), drop raw events older than --retain-days (keeping what is current), and delete the log segments the lake covers.")
        {
            store, retainDays,
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var directory = result.GetValue(store)!;
            var days = RetainDaysValue(result, retainDays);
            CommonOptions.RequireStore(directory);
            await using var embedded = OpenForWriting(directory);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var replica = await LineageReplica.OpenAsync(embedded, LineageReplicaOptions.ForStore(directory), cancellationToken: ct);
            var graph = replica.Graph;
            var done = await embedded.CompactAsync(new LakeProjectionExporter(graph), days, cancellationToken: ct);
            await replica.TryWriteCheckpointAsync(ct);
            result.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"compacted {Path.GetFullPath(directory)}: {done.Appended} events appended to the lake (now through #{done.LakeThrough}), {done.Expired} expired by retention, {done.DroppedFromLog} dropped from the log, in {watch.Elapsed.TotalSeconds:F1} s"));
        });
        return command;
    }

    public static Command ExportLake()
    {
        var target = new Argument<string>("dir") { Description = "The folder to write the lake to (created if missing; an existing lake is brought up to date)." };
        var store = CommonOptions.Store();
        var command = new Command("lake", "Write a Hive-partitioned Parquet lake (lineage_events, lineage_operations, lineage_nodes, lineage_relationships) from the store.")
        {
            target, store,
        };
        CommandAction.Set(command, async (result, ct) =>
        {
            var directory = result.GetValue(store)!;
            CommonOptions.RequireStore(directory);
            await using var embedded = EmbeddedLineageStore.Open(directory, new FileLineageStoreOptions { ReadOnly = true });
            using var replica = await LineageReplica.OpenAsync(embedded, LineageReplicaOptions.ForStore(directory), cancellationToken: ct);
            var graph = replica.Graph;
            var lake = new LineageMetadataRepository(result.GetValue(target)!);
            var appended = await lake.CompactAsync(embedded, new LakeProjectionExporter(graph), ct);
            result.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {lake.Root}: {appended} events appended (through #{lake.EventsThrough}), {graph.DatasetCount} datasets, {graph.JobCount} jobs, {graph.EdgeCount} edges"));
        });
        return command;
    }

    /// <summary>The <c>--retain-days</c> option: keep raw events this many days (default: keep them all).</summary>
    public static Option<int?> RetainDays() => new("--retain-days")
    {
        Description = "Drop raw events older than this many days from the lake (each job's and dataset's latest run is kept). Default: keep everything.",
    };

    /// <summary>The value of <c>--retain-days</c>; under one day is a <see cref="CliException"/> saying what to give.</summary>
    public static int? RetainDaysValue(ParseResult result, Option<int?> option) => result.GetValue(option) switch
    {
        null => null,
        >= 1 and var days => days,
        var days => throw new CliException(RetainDaysProblem(days.Value)),
    };

    /// <summary>What is wrong with a <c>--retain-days</c> under one day, and what to give instead.</summary>
    public static string RetainDaysProblem(int days) =>
        $"--retain-days {days} would drop every raw event; keep at least 1 day (for example --retain-days 90), or leave the option out to keep everything";

    private static EmbeddedLineageStore OpenForWriting(string directory)
    {
        try
        {
            return EmbeddedLineageStore.Open(directory);
        }
        catch (StoreLockedException)
        {
            var full = Path.GetFullPath(directory);
            throw new CliException(Tributary.Server.Hosting.ServerRegistration.FindRunning(full) is { } running
                ? $"the store {full} is served at {running.Url} (process {running.Pid}), which compacts it itself (settings Tributary:CompactEveryEvents and CompactEveryMinutes); stop that server to compact it now"
                : $"the store {full} is in use by another process (an ingest or a compaction); wait for it to finish and run this again");
        }
        catch (IOException ex)
        {
            throw new CliException(ex.Message);
        }
    }
}
