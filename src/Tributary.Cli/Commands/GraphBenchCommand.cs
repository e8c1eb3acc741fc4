using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tributary.Cli.Output;
using Tributary.Export;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Query;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench</c>: generates a synthetic lineage graph at a chosen scale and measures durable ingest,
/// reopen, depth-20 upstream/downstream, impact and path queries, and memory per edge. One line per figure, so
/// runs can be compared.
/// </summary>
internal static class GraphBenchCommand
{
    public static Command Create()
    {
        var jobs = new Option<int>("--jobs") { Description = "Jobs in the synthetic graph.", DefaultValueFactory = _ => 100_000 };
        var datasets = new Option<int>("--datasets") { Description = "Datasets in the synthetic graph.", DefaultValueFactory = _ => 300_000 };
        var edges = new Option<int>("--edges") { Description = "Table-level edges (reads + writes).", DefaultValueFactory = _ => 1_000_000 };
        var columns = new Option<int>("--columns") { Description = "Columns per dataset (with column lineage).", DefaultValueFactory = _ => 10 };
        var queries = new Option<int>("--queries") { Description = "Queries per kind for the latency percentiles.", DefaultValueFactory = _ => 1_000 };
        var reopenEvents = new Option<int>("--reopen-events") { Description = "Small events written and reopened for the reopen figure (0 to skip).", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 7 };
        var command = new Command("bench", "Macro benchmarks: durable ingest, reopen, graph queries and memory at a chosen scale.")
        {
            jobs, datasets, edges, columns, queries, reopenEvents, seed,
            BenchCommand.CreateServer(),
            StoreBenchCommand.Create(),
            IngestBenchCommand.Create(),
            PostgresBenchCommand.Create(),
            SqlBenchCommand.Create(),
            EventsBenchCommand.Create(),
        };
        CommandAction.Set(command, (result, ct) => RunAsync(
            result.GetValue(jobs), result.GetValue(datasets), result.GetValue(edges), result.GetValue(columns), result.GetValue(queries),
            result.GetValue(reopenEvents), result.GetValue(seed), result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task RunAsync(int jobs, int datasets, int edges, int columns, int queries, int reopenEvents, int seed, TextWriter output, CancellationToken ct)
    {
        if (jobs < 1 || datasets < jobs || edges < 0 || columns < 0 || queries < 1 || reopenEvents < 0)
        {
            throw new CliException("need --jobs >= 1, --datasets >= --jobs, and --edges, --columns, --queries, --reopen-events >= 0");
        }

        var root = Path.Combine(Path.GetTempPath(), $"tributary-bench-{Guid.NewGuid():N}");
        try
        {
            await GraphFiguresAsync(Path.Combine(root, "graph"), jobs, datasets, edges, columns, queries, seed, output, ct);

            // The reopen figures come after the synthetic graph is collected, so they time one store's open, not the
            // collector working through a gigabyte graph nothing uses any more.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            if (reopenEvents > 0)
            {
                await ReopenFiguresAsync(Path.Combine(root, "reopen"), reopenEvents, output, ct);
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task GraphFiguresAsync(string graphStore, int jobs, int datasets, int edges, int columns, int queries, int seed, TextWriter output, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var events = SyntheticGraph.Generate(jobs, datasets, edges, columns, seed).Select(e => LineageJson.SerializeToUtf8Bytes(e)).ToList();
        Line(output, "scale", $"{jobs} jobs, {datasets} datasets, {edges} edges, {columns} columns per dataset = {events.Count} events, {events.Sum(e => (long)e.Length) / 1048576.0:F1} MB (generated in {watch.Elapsed.TotalSeconds:F1} s)");

        var ingest = await StoreBenchmark.MeasureBatchIngestAsync(graphStore, events, ct);
        Line(output, "ingest.durable", $"{ingest.EventsPerSecond:F0} events/s ({ingest.Events} events in {ingest.Elapsed.TotalSeconds:F2} s, validated, deduplicated, fsynced)");
        events.Clear();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        watch.Restart();
        var session = await LineageSession.OpenAsync(graphStore, ct);
        var reopen = watch.Elapsed;
        var graph = session.Graph;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Line(output, "reopen.graph", $"{reopen.TotalSeconds:F2} s for {session.Events} events into {graph.DatasetCount} datasets, {graph.JobCount} jobs, {graph.FieldCount} fields, {graph.EdgeCount} edges");
        Line(output, "memory.per_edge", $"{(after - before) / (double)Math.Max(1, graph.EdgeCount):F0} bytes ({(after - before) / 1048576.0:F0} MB for the whole graph)");

        var engine = session.Engine;
        var random = new Random(seed);
        var picks = Enumerable.Range(0, queries).Select(_ => NodeId.From(SyntheticGraph.Dataset(random.Next(datasets)))).ToList();
        var upstream = Percentiles(output, "query.upstream.depth20", picks, n => engine.Upstream(n, 20).Partial);

        // The same queries as of a random moment between when each dataset was first seen and the graph's last event,
        // beside the figure above as the ceiling: an answer as of any moment should cost at most twice one now.
        var last = graph.TimeRange!.Value.Last;
        var asOf = picks.Select(n => graph.GetDataset(n.AsDataset())!.FirstSeen is var first
            ? (Node: n, Moment: first + ((last - first) * random.NextDouble()))
            : default).ToList();
        // A graph loaded from its checkpoint keeps most records in it until an answer needs them; as-of walks read the
        // few facts they need of a job or run in place, but the first answer to reach a record still pays for finding
        // it. The first pass over the queries is printed as the cold figure; the one compared with the ceiling is the
        // second pass over the same queries (fresh engines), as a serving graph answers.
        var cold = Percentiles(output, "query.upstream.asof.cold", asOf, q => engine.AsOf(q.Moment).Upstream(q.Node, 20).Partial, quiet: true, warmUp: 0);
        Line(output, "query.upstream.asof.cold", string.Create(CultureInfo.InvariantCulture,
            $"{cold.Text}; the first as-of pass over records no answer had read yet (ratio p50 {cold.P50 / upstream.P50:F2}, p99 {cold.P99 / upstream.P99:F2} to the current-time query)"));
        var past = Percentiles(output, "query.upstream.asof", asOf, q => engine.AsOf(q.Moment).Upstream(q.Node, 20).Partial, quiet: true);
        Line(output, "query.upstream.asof", string.Create(CultureInfo.InvariantCulture,
            $"{past.Text}; ceiling 2 x the current-time query: p50 {2 * upstream.P50:F3} ms, p99 {2 * upstream.P99:F3} ms (ratio p50 {past.P50 / upstream.P50:F2}, p99 {past.P99 / upstream.P99:F2})"));
        Percentiles(output, "query.downstream.depth20", picks, n => engine.Downstream(n, 20).Partial);
        Percentiles(output, "query.impact.depth20", picks.Take(Math.Max(1, queries / 10)).ToList(), n => engine.Impact(n, 20).Partial);
        var pairs = picks.Take(Math.Max(1, queries / 10)).Select(n => (From: n, To: engine.Downstream(n, 6).Nodes.LastOrDefault(x => x.Id.Kind == NodeKind.Dataset)?.Id ?? n)).ToList();
        Percentiles(output, "query.path", pairs, p => engine.TraceDataFlow(p.From, p.To, maxPaths: 10, maxLength: 12).Partial);
    }

    private static async Task ReopenFiguresAsync(string reopenStore, int reopenEvents, TextWriter output, CancellationToken ct)
    {
        var small = StoreBenchmark.SyntheticEvents(reopenEvents);
        var load = await StoreBenchmark.MeasureBatchIngestAsync(reopenStore, small, ct);
        Line(output, "ingest.durable.small", $"{load.EventsPerSecond:F0} events/s ({load.Events} events of {small.Average(e => e.Length):F0} bytes)");
        small.Clear();
        var storeOnly = await StoreBenchmark.MeasureReopenAsync(reopenStore, ct);
        Line(output, "reopen.store", $"{storeOnly.Elapsed.TotalSeconds:F2} s for {storeOnly.Events} events (records verified)");
        var watch = Stopwatch.StartNew();
        var full = await LineageSession.OpenAsync(reopenStore, ct);
        var replay = watch.Elapsed;
        Line(output, "reopen.graph.small", $"{replay.TotalSeconds:F2} s for {full.Events} events (no checkpoint: read, parse, project into the graph, then write the checkpoint)");
        watch.Restart();
        var checkpointed = await LineageSession.OpenAsync(reopenStore, ct);
        Line(output, "reopen.checkpoint.small", $"{watch.Elapsed.TotalSeconds:F2} s for {checkpointed.Events} events from the graph checkpoint ({checkpointed.Replica.Opening.Replayed} replayed after it); ceiling: the full replay above, ratio {watch.Elapsed / replay:F3}");

        await using (var embedded = EmbeddedLineageStore.Open(reopenStore))
        {
            await EventsBenchCommand.PagesAsync(output, "events.page.log", embedded, ct);
            watch.Restart();
            var compacted = await embedded.CompactAsync(new LakeProjectionExporter(full.Graph), cancellationToken: ct);
            Line(output, "compact.lake", $"{watch.Elapsed.TotalSeconds:F2} s to move {compacted.Appended} events into the lake ({compacted.DroppedFromLog} dropped from the log)");
            await EventsBenchCommand.PagesAsync(output, "events.page.lake", embedded, ct);
            await EventsBenchCommand.EndToEndAsync(output, embedded, ct);
        }

        watch.Restart();
        var fromLake = await LineageSession.OpenAsync(reopenStore, ct);
        Line(output, "reopen.lake", $"{watch.Elapsed.TotalSeconds:F2} s for {fromLake.Events} events after compaction into the lake (the checkpoint still covers them: {fromLake.Replica.Opening.Replayed} replayed)");
    }

    // Times the query over the inputs after a warm-up and prints its percentiles (unless quiet); returns them too.
    private static (double P50, double P99, string Text) Percentiles<T>(TextWriter output, string name, IReadOnlyList<T> inputs, Func<T, bool> query, bool quiet = false, int warmUp = 20)
    {
        foreach (var input in inputs.Take(Math.Min(warmUp, inputs.Count)))
        {
            query(input);
        }

        var times = new double[inputs.Count];
        var cpu = new double[inputs.Count];
        var partial = 0;
        var collections = GC.CollectionCount(0);
        for (var i = 0; i < inputs.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var startCpu = CpuClocks.ThreadNanoseconds();
            partial += query(inputs[i]) ? 1 : 0;
            cpu[i] = (CpuClocks.ThreadNanoseconds() - startCpu) / 1e6;
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        collections = GC.CollectionCount(0) - collections;
        Array.Sort(times);
        Array.Sort(cpu);

        // On a shared machine the wall time includes waits for a core; the thread's CPU time (collections it triggers
        // included) is what the query itself costs, so both are printed.
        var onCpu = CpuClocks.ThreadClockAvailable
            ? string.Create(CultureInfo.InvariantCulture, $"; the query thread's CPU time p50 {At(cpu, 0.50):F3} ms, p99 {At(cpu, 0.99):F3} ms; {collections} gen0 collections")
            : "";
        var text = string.Create(CultureInfo.InvariantCulture, $"p50 {At(times, 0.50):F3} ms, p99 {At(times, 0.99):F3} ms, max {times[^1]:F3} ms over {times.Length} queries ({partial} cut short by the node budget){onCpu}");
        if (!quiet)
        {
            Line(output, name, text);
        }

        return (At(times, 0.50), At(times, 0.99), text);
    }

    private static double At(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static void Line(TextWriter output, string name, string value) => output.WriteLine($"{name,-26} {value}");
}
