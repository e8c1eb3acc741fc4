using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tributary.Cli.Ingestion;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Ingest;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench ingest</c>: issue 11's door figures. For realistic events (<see cref="StoreWorkload"/>, 8-column
/// lineage) and small ones (<see cref="StoreBenchmark.SyntheticEvents"/>) it writes the NDJSON, measures the ceilings
/// on the same bytes in the same run — <c>JsonDocument.Parse</c> on every core and on one, and the disk's fsync'd
/// sequential write — then times the ingest door in this process (parse, validate, normalise, deduplicate, append,
/// fsync), the door with the store's graph following it and its checkpoint written (as <c>tributary ingest</c> does,
/// in this process), and the real <c>tributary ingest</c> as a child process, the fastest of a few runs, then that
/// command again with 1% more events into the store it filled, as a daily ingest adds to a store, and then 0.1% more (a
/// short tail, which leaves the checkpoint as it is).
/// </summary>
internal static class IngestBenchCommand
{
    private const double Target = 0.25;
    private const int GroupBytes = 4 << 20; // the store writer's default group (FileLineageStoreOptions.MaxBatchBytes)
    private const int DoorPasses = 3; // the first cold, the best of the others warm

    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Events of each size.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the realistic events.", DefaultValueFactory = _ => 11 };
        var jobs = new Option<int?>("--jobs") { Description = "Jobs the realistic events' runs are spread over (default: half the events, so each job runs once and nearly every event grows the graph; fewer jobs run each more often, as a day of scheduled pipelines does)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds the `tributary ingest` child may take before it is killed and the bench fails.", DefaultValueFactory = _ => 1200 };
        var runs = new Option<int>("--runs") { Description = "Runs of `tributary ingest` of each size, each a new process into a new store; the fastest is the figure, as a ceiling is its fastest pass.", DefaultValueFactory = _ => 3 };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary folder (the NDJSON files and the stores) and print its path." };
        var command = new Command("ingest", "Issue 11's figures: the ingest door and `tributary ingest`, realistic (about 3.4 KB) and small (about 450 B) events, beside the all-core JsonDocument.Parse rate and the fsync'd sequential write rate of the same bytes.")
        {
            events, seed, jobs, timeout, runs, keep,
        };
        CommandAction.Set(command, (result, ct) => RunAsync(result.GetValue(events), result.GetValue(seed), result.GetValue(jobs), TimeSpan.FromSeconds(result.GetValue(timeout)), result.GetValue(runs), result.GetValue(keep), result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task RunAsync(int events, int seed, int? jobs, TimeSpan timeout, int runs, bool keep, TextWriter output, CancellationToken ct)
    {
        if (events < 2 || timeout <= TimeSpan.Zero || runs < 1 || jobs < 1)
        {
            throw new CliException("need --events >= 2, --jobs >= 1, --timeout >= 1 and --runs >= 1");
        }

        var root = Path.Combine(Path.GetTempPath(), $"tributary-bench-ingest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            Line(output, "ingest.machine", Invariant($"{Environment.ProcessorCount} cores, load average {LoadAverage()} at the start"));
            var realistic = Path.Combine(root, "realistic.ndjson");
            var workload = new StoreWorkload(events, jobs ?? Math.Max(1, events / 2), seed);
            var (_, datasets) = workload.WriteNdjson(realistic);
            Line(output, "ingest.realistic.workload", Invariant($"{workload.Runs:N0} runs of {workload.JobsUsed:N0} jobs over {datasets:N0} datasets (a START and a COMPLETE each)"));
            var more = Math.Max(1, events / 100);
            var realisticMore = Path.Combine(root, "realistic-more.ndjson");
            new StoreWorkload(more, Math.Max(1, more / 2), seed + 1).WriteNdjson(realisticMore);
            var few = Math.Max(1, events / 1000);
            var realisticFew = Path.Combine(root, "realistic-few.ndjson");
            new StoreWorkload(few, Math.Max(1, few / 2), seed + 2).WriteNdjson(realisticFew);
            await MeasureAsync("realistic", realistic, [realisticMore, realisticFew], root, timeout, runs, output, ct);

            var small = Path.Combine(root, "small.ndjson");
            var smallMore = Path.Combine(root, "small-more.ndjson");
            var smallFew = Path.Combine(root, "small-few.ndjson");
            WriteSmall(small, [(smallMore, more), (smallFew, few)], events);
            await MeasureAsync("small", small, [smallMore, smallFew], root, timeout, runs, output, ct);
            Line(output, "ingest.machine", Invariant($"load average {LoadAverage()} at the end"));
        }
        finally
        {
            if (keep)
            {
                output.WriteLine($"kept {root}");
            }
            else
            {
                StoreBenchCommand.TryDelete(root);
            }
        }
    }

    // The small events as NDJSON: the first `events` in `path`, then as many as each later file is given, in turn.
    private static void WriteSmall(string path, (string Path, int Count)[] later, int events)
    {
        var all = StoreBenchmark.SyntheticEvents(events + later.Sum(l => l.Count));
        WriteNdjson(path, all.Take(events));
        var from = events;
        foreach (var (laterPath, count) in later)
        {
            WriteNdjson(laterPath, all.Skip(from).Take(count));
            from += count;
        }
    }

    private static void WriteNdjson(string path, IEnumerable<byte[]> events)
    {
        using var file = File.Create(path);
        foreach (var e in events)
        {
            file.Write(e);
            file.WriteByte((byte)'\n');
        }
    }

    private static async Task MeasureAsync(string name, string path, string[] laterPaths, string root, TimeSpan timeout, int runs, TextWriter output, CancellationToken ct)
    {
        var content = await File.ReadAllBytesAsync(path, ct);
        var lines = BenchCeilings.Lines(content);
        var count = lines.Count;
        Line(output, $"ingest.{name}.events", Invariant($"{count} events, {content.Length / 1048576.0:F1} MB NDJSON, {content.Length / (double)count:F0} bytes per event"));

        var allCores = Rate(count, BenchCeilings.ParseAllCores(content, lines));
        var oneCore = Rate(count, BenchCeilings.ParseOneCore(content, lines));
        Line(output, $"ingest.{name}.ceiling.parse", Invariant($"{allCores,10:N0} events/s  JsonDocument.Parse of every event on {Environment.ProcessorCount} cores ({BenchCeilings.Passes}); one core {oneCore:N0} events/s"));
        var write = BenchCeilings.FsyncedWrite(root, content, GroupBytes);
        Line(output, $"ingest.{name}.ceiling.fsync", Invariant($"{Rate(count, write),10:N0} events/s  the same bytes written sequentially, fsync per {GroupBytes >> 20} MB group: {content.Length / 1048576.0 / write.TotalSeconds:F0} MB/s"));
        GC.Collect();

        // The door first as a fresh process meets it (its code not yet compiled to its final tier), then warm, as a
        // server or an SDK that has ingested for a while meets it: the best of two more passes, each into a new store.
        // The gap between the two is what a short-lived process pays to start; the gap between the warm door and
        // `tributary ingest` below is that plus the graph it builds and the checkpoint it writes.
        var door = new List<TimeSpan>(DoorPasses);
        IngestSummary? summary = null;
        for (var pass = 0; pass < DoorPasses; pass++)
        {
            var store = Path.Combine(root, $"{name}-door{pass}");
            await using (var file = FileLineageStore.Open(store))
            {
                var ingestor = await LineageIngestor.OpenAsync(file, cancellationToken: ct);
                var start = Stopwatch.GetTimestamp();
                summary = await ingestor.IngestManyAsync(content, cancellationToken: ct);
                door.Add(Stopwatch.GetElapsedTime(start));
            }

            StoreBenchCommand.TryDelete(store);
            GC.Collect();
        }

        Figure(output, $"ingest.{name}.door", Rate(count, door[0]), allCores, Invariant($"LineageIngestor.IngestManyAsync into a FileLineageStore, the first pass in this process: {summary}, validated, normalised, deduplicated, fsynced"));
        var warm = door.Skip(1).Min();
        Figure(output, $"ingest.{name}.door.warm", Rate(count, warm), allCores, Invariant($"the same, warm: the best of passes 2-{DoorPasses} ({string.Join(" / ", door.Skip(1).Select(t => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))} s), each into a new store"));
        content = [];
        GC.Collect();

        // Then what `tributary ingest` does in its process, warm: the same door with the store's graph following it and
        // the graph's checkpoint written at the end (IngestTarget, the command's own path), from the file. Beside the
        // warm door this is the graph's share; beside the command below, what a new process pays to start cold.
        var graphed = new List<(TimeSpan All, TimeSpan Checkpoint)>(DoorPasses - 1);
        for (var pass = 0; pass < DoorPasses; pass++)
        {
            var store = Path.Combine(root, $"{name}-graph{pass}");
            var start = Stopwatch.GetTimestamp();
            await using (var target = await IngestTarget.OpenAsync(store, server: null, apiKey: null, ct))
            {
                target.ExpectBytes(new FileInfo(path).Length);
                await using (var file = EventInput.OpenFile(path))
                {
                    summary = await target.IngestManyAsync(file, null, turn: null, ct);
                }

                var ending = Stopwatch.GetTimestamp();
                await target.CompleteAsync(ct);
                if (pass > 0)
                {
                    // The first pass compiles the graph's code; the door's passes above compiled the rest.
                    graphed.Add((Stopwatch.GetElapsedTime(start), Stopwatch.GetElapsedTime(ending)));
                }
            }

            StoreBenchCommand.TryDelete(store);
            GC.Collect();
        }

        var best = graphed.MinBy(p => p.All);
        var passes = string.Join(" / ", graphed.Select(p => p.All.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)));
        Figure(output, $"ingest.{name}.door.graph.warm", Rate(count, best.All), allCores, Invariant(
            $"the door with the store's graph following it and its checkpoint written at the end, as `tributary ingest` does, in this process, warm: the best of passes 2-{DoorPasses} ({passes} s; its checkpoint {best.Checkpoint.TotalSeconds:F2} s; {Collector()}): {summary}"));

        // Each run a new process into a new store; the fastest is kept (and its store filled further below), as a
        // ceiling is its fastest pass: on a shared machine one run of the same build varies by a fifth.
        var tributary = StoreBenchCommand.TributaryExecutable.Find();
        var times = new List<TimeSpan>(runs);
        StoreBenchCommand.ChildResult? cli = null;
        var cliStore = Path.Combine(root, name + "-cli");
        for (var run = 0; run < runs; run++)
        {
            var attempt = Path.Combine(root, $"{name}-cli-run{run}");
            var result = await tributary.RunAsync(["ingest", path, "--store", attempt, "--timings"], root, timeout, ct);
            times.Add(result.Elapsed);
            if (cli is null || result.Elapsed < cli.Elapsed)
            {
                StoreBenchCommand.TryDelete(cliStore);
                Directory.Move(attempt, cliStore);
                cli = result;
            }
            else
            {
                StoreBenchCommand.TryDelete(attempt);
            }
        }

        var each = string.Join(" / ", times.Select(t => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)));
        // Its CPU says whether the run was bound by the cores (busy near all of them) or by waits.
        var cpu = cli!.Cpu is { } used ? Invariant($"; the fastest used {used.TotalSeconds:F2} s of CPU, {used / cli.Elapsed:F2} of {Environment.ProcessorCount} cores") : "";
        Figure(output, $"ingest.{name}.cli", Rate(count, cli.Elapsed), allCores, Invariant($"`tributary ingest {Path.GetFileName(path)} --store DIR` (process start, graph following, checkpoint written), fastest of {runs} runs ({each} s{cpu}): {SummaryOf(cli)}{TimingsOf(cli)}"));

        // Then more events into the store just filled, as a daily `tributary ingest` adds to a store: beyond the events
        // themselves it pays for opening the store (the digests it holds, its checkpoint) and writing the checkpoint
        // again, on top of the loaded one (1% more); then a short tail (0.1% more), for which the checkpoint stays as
        // it is and the queries after replay those events instead (LineageReplicaOptions.ShortTail).
        var stored = (long)count;
        foreach (var (laterPath, label) in new[] { (laterPaths[0], "more"), (laterPaths[1], "few") })
        {
            var laterCount = BenchCeilings.Lines(await File.ReadAllBytesAsync(laterPath, ct)).Count;
            var added = await tributary.RunAsync(["ingest", laterPath, "--store", cliStore, "--timings"], root, timeout, ct);
            stored += laterCount;
            var through = Graph.LineageGraph.PeekCheckpointThrough(Path.Combine(cliStore, LineageReplicaOptions.CheckpointFileName));
            var checkpoint = through == stored
                ? "its checkpoint written again"
                : Invariant($"a short tail: the checkpoint left at #{through}, the {stored - through} events after it replayed by each query");
            Line(output, $"ingest.{name}.cli.{label}", Invariant($"{added.Elapsed.TotalSeconds,8:F2} s     `tributary ingest {Path.GetFileName(laterPath)} --store DIR` of {laterCount} more events into the store just written ({stored - laterCount} events; the first {count} took {cli.Elapsed.TotalSeconds:F2} s), {checkpoint}: {SummaryOf(added)}{TimingsOf(added)}"));
        }
    }

    // Where the fastest run's time went, as its --timings said it (its process's own clocks), escaped for the terminal.
    private static string TimingsOf(StoreBenchCommand.ChildResult child) =>
        child.Error.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("timings: ", StringComparison.Ordinal)) is { } said
            ? "; its " + VisibleText.Escape(said)
            : "";

    // What `tributary ingest` said it did (its last line, less where it put the events), escaped for the terminal.
    private static string SummaryOf(StoreBenchCommand.ChildResult child)
    {
        var said = child.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
        return VisibleText.Escape(said.Split(" into ")[0]);
    }

    private static void Figure(TextWriter output, string name, double rate, double ceiling, string details) =>
        Line(output, name, Invariant($"{rate,10:N0} events/s  ceiling {ceiling:N0} events/s parse (all cores)  ratio {rate / ceiling:F3}x ({(rate / ceiling >= Target ? "meets" : "below")} the {Target}x target)  {details}"));

    // The graph's collections cost what its collector makes them cost: this process's is said beside the pass, as the
    // `tributary` script gives `ingest` its own (server, non-concurrent; DOTNET_gcServer=1 DOTNET_gcConcurrent=0 run
    // the bench with it).
    private static string Collector() =>
        (System.Runtime.GCSettings.IsServerGC ? "server" : "workstation") + " collector, "
        + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? "non-concurrent" : "concurrent");

    private static double Rate(int events, TimeSpan elapsed) => events / Math.Max(elapsed.TotalSeconds, 1e-9);

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static void Line(TextWriter output, string name, string value) => output.WriteLine($"{name,-30} {value}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
