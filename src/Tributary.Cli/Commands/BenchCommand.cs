using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Tributary.Cli.Output;
using Tributary.Server;
using Tributary.Server.Load;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench server</c>: the server load test. Starts a server on a fresh temporary store, has 32 clients
/// post real events over loopback (first a warm-up that is printed but not counted, then 30 seconds one per request
/// and 30 seconds in batches), prints events/s and p50/p99 latency, and checks that the store holds exactly the
/// acknowledged events, the warm-up's included.
/// </summary>
internal static class BenchCommand
{
    public static Command CreateServer()
    {
        var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 32 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds per mode.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds of single posts first, printed but not counted: a long-running server's rate is its rate once warm (code compiled to its final tier, buffers and caches grown). 0 for none.", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "Events per batch request.", DefaultValueFactory = _ => 100 };
        var events = new Option<string?>("--events") { Description = "A folder of event files to use as templates (default: every concrete event of the shared test data)." };
        var server = new Command("server", "Load-test the HTTP collector over loopback and verify the store holds exactly what was acknowledged.")
        {
            clients, seconds, warmup, batch, events,
        };
        CommandAction.Set(server, (result, ct) => RunServerAsync(
            result.GetValue(clients), TimeSpan.FromSeconds(result.GetValue(seconds)), TimeSpan.FromSeconds(result.GetValue(warmup)), result.GetValue(batch), result.GetValue(events), result.InvocationConfiguration, ct));
        return server;
    }

    private static async Task<int> RunServerAsync(int clients, TimeSpan duration, TimeSpan warmup, int batch, string? events, InvocationConfiguration io, CancellationToken ct)
    {
        var files = events is null ? EventTemplates.ConcreteCorpusFiles(DefaultTestData()) : [.. EventFiles.In(events)];
        var templates = EventTemplates.FromFiles(files);
        if (templates.Count == 0)
        {
            io.Error.WriteLine("tributary bench server: no RunEvents found to use as templates.");
            return 2;
        }

        var store = Path.Combine(Path.GetTempPath(), $"tributary-bench-{Guid.NewGuid():N}");
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var refused = templates.Refused == 0 ? "" : $" ({templates.Refused} events left out: the server would refuse them, or they repeat another)";
        io.Output.WriteLine($"{templates.Count} event templates from {files.Count} files{refused}; store {store}; {url}");
        var ceiling = ParseCeiling(templates);
        io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ceiling: JsonDocument.Parse of the same events on all {Environment.ProcessorCount} cores ({BenchCeilings.Passes}): {ceiling:N0} events/s"));
        // Every single post waits for a group commit: the disk's fsync latency for a group of the size 32 clients make
        // bounds their rate however cheap the CPU side gets, so it is printed beside it.
        var sampled = 0L;
        for (var i = 0; i < templates.Count; i++)
        {
            sampled += templates.Make(i, Guid.NewGuid()).Length;
        }

        var group = (int)(sampled / templates.Count * Math.Max(clients / 2, 1));
        var fsync = BenchCeilings.FsyncLatency(Path.GetTempPath(), group);
        io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"disk: fsync of a {group / 1024:N0} KB group (half the clients' events) takes {fsync.TotalMilliseconds:0.00} ms (median of 50); {clients} clients waiting on alternate groups can post at most ~{clients / (2 * fsync.TotalSeconds):N0} events/s one per request"));
        var builder = LineageServer.CreateBuilder([], new Dictionary<string, string?> { ["Tributary:Store"] = store, ["urls"] = url.ToString().TrimEnd('/'), ["Logging:LogLevel:Default"] = "Warning" });
        var app = LineageServer.Build(builder);
        await app.StartAsync(ct);
        var lineage = app.Services.GetRequiredService<Tributary.Server.Hosting.LineageService>();
        var acknowledged = new List<Guid>();
        try
        {
            if (warmup > TimeSpan.Zero)
            {
                var warm = await LoadTest.RunAsync(url, templates, new LoadTestOptions { Clients = clients, Duration = warmup, BatchSize = 1 }, ct);
                acknowledged.AddRange(warm.Acknowledged);
                io.Output.WriteLine($"warm-up (not counted): {warm}");
            }

            foreach (var size in new[] { 1, batch })
            {
                var (compactionsBefore, checkpointsBefore) = (lineage.Compactions, lineage.CheckpointsWritten);
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var (gen0, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());
                var run = await LoadTest.RunAsync(url, templates, new LoadTestOptions { Clients = clients, Duration = duration, BatchSize = size }, ct);
                var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
                (gen0, gen2, paused) = (GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2, GC.GetTotalPauseDuration() - paused);
                acknowledged.AddRange(run.Acknowledged);
                io.Output.WriteLine(run.ToString());
                // CPU per event holds still when other work shares the cores, where the rate does not: it says whether
                // a change made the collector cheaper, and cores busy says whether the rate was bound by CPU or by waits.
                io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  cpu: {cpu.TotalMicroseconds / Math.Max(run.Acknowledged.Count, 1):0} µs per event, server and clients together (this process); {cpu / run.Elapsed:0.00} of {Environment.ProcessorCount} cores busy; {gen0:N0} collections, {gen2:N0} of them full, {paused.TotalMilliseconds:N0} ms paused in all"));
                // Background work the server did meanwhile shares the cores with the clients' requests.
                var compactions = lineage.Compactions;
                io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  background: {compactions.Count - compactionsBefore.Count} compactions into the lake ({compactions.WithProjections - compactionsBefore.WithProjections} rewrote the projection tables), {(compactions.Elapsed - compactionsBefore.Elapsed).TotalSeconds:0.0} s; {lineage.CheckpointsWritten - checkpointsBefore} graph checkpoints"));
                var target = size == 1 ? "at least 10,000 events/s" : "at least 0.2x";
                io.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(size == 1 ? "single" : "batch")}: {run.EventsPerSecond:N0} events/s = {run.EventsPerSecond / ceiling:0.000}x the parse ceiling (target: {target})"));
            }
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        var stored = await StoreCheck.RunIdsAsync(store, ct);
        var missing = acknowledged.Count(id => !stored.Contains(id));
        var extra = stored.Count - (acknowledged.Count - missing);
        io.Output.WriteLine($"store: {stored.Count:N0} events; acknowledged {acknowledged.Count:N0}; missing {missing}; unacknowledged extra {extra}");
        Directory.Delete(store, recursive: true);
        return missing == 0 && extra == 0 ? 0 : 1;
    }

    // The all-core JsonDocument.Parse rate of events made from the same templates the clients send: the ceiling the
    // collector's rates are printed beside.
    private static double ParseCeiling(EventTemplates templates)
    {
        using var content = new MemoryStream();
        const int count = 20_000;
        for (var i = 0; i < count; i++)
        {
            content.Write(templates.Make(i, Guid.NewGuid()));
            content.WriteByte((byte)'\n');
        }

        var bytes = content.ToArray();
        var elapsed = BenchCeilings.ParseAllCores(bytes, BenchCeilings.Lines(bytes));
        return count / Math.Max(elapsed.TotalSeconds, 1e-9);
    }

    private static string DefaultTestData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tributary.slnx")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
            }
        }

        throw new CliException("give --events FOLDER: the shared test data was not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
