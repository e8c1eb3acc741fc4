using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Tributary.Cli.Output;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Query;
using Tributary.Server.Postgres;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench postgres --connection "Host=…"</c>: ingests a synthetic graph into PostgreSQL through the ingest
/// door (events/s: the first events one transaction each, the rest with group commit, beside the all-core
/// <c>JsonDocument.Parse</c> rate of the same events as the ceiling; then a second store instance and graph catching up
/// on what the group commit wrote, as a follower), then runs the same depth-20 upstream question two ways — our in-memory graph query and a
/// Marquez-style <c>WITH RECURSIVE</c> over the job inputs/outputs table — and prints both and their ratio.
/// </summary>
internal static class PostgresBenchCommand
{
    // Marquez walks job inputs/outputs with a recursive CTE; UNION drops repeated (dataset, depth) rows.
    private const string RecursiveUpstream = """
        WITH RECURSIVE upstream(namespace, name, depth) AS (
            SELECT @namespace::text, @name::text, 0
          UNION
            SELECT i.dataset_namespace, i.dataset_name, u.depth + 1
            FROM upstream u
            JOIN edges o ON o.direction = 'out' AND o.dataset_namespace = u.namespace AND o.dataset_name = u.name
            JOIN edges i ON i.direction = 'in' AND i.job_namespace = o.job_namespace AND i.job_name = o.job_name
            WHERE u.depth < @depth
        )
        SELECT count(*) FROM (SELECT DISTINCT namespace, name FROM upstream) reached
        """;

    public static Command Create()
    {
        var connection = new Option<string>("--connection") { Description = "Npgsql connection string of an empty database to load.", Required = true };
        var jobs = new Option<int>("--jobs") { Description = "Jobs in the synthetic graph.", DefaultValueFactory = _ => 10_000 };
        var datasets = new Option<int>("--datasets") { Description = "Datasets.", DefaultValueFactory = _ => 30_000 };
        var edges = new Option<int>("--edges") { Description = "Table-level edges.", DefaultValueFactory = _ => 100_000 };
        var queries = new Option<int>("--queries") { Description = "Upstream queries per method.", DefaultValueFactory = _ => 50 };
        var command = new Command("postgres", "PostgreSQL ingest events/s, and our depth-20 upstream query beside a Marquez-style recursive SQL query, as a ratio.")
        {
            connection, jobs, datasets, edges, queries,
        };
        CommandAction.Set(command, (result, ct) => RunAsync(
            result.GetValue(connection)!, result.GetValue(jobs), result.GetValue(datasets), result.GetValue(edges), result.GetValue(queries), result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task RunAsync(string connectionString, int jobs, int datasets, int edges, int queries, TextWriter output, CancellationToken ct)
    {
        if (jobs < 1 || datasets < jobs || edges < 0 || queries < 1)
        {
            throw new CliException("need --jobs >= 1, --datasets >= --jobs, --edges >= 0 and --queries >= 1");
        }

        var events = SyntheticGraph.Generate(jobs, datasets, edges, columnsPerDataset: 0, seed: 11).ToList();
        await using var store = await PostgresLineageStore.OpenAsync(connectionString, ct);
        if (store.Count > 0)
        {
            throw new CliException("the database already holds lineage events; give an empty database so the figures mean something");
        }

        // The same run measures three figures: the one-transaction-per-event mode on the first events, group commit
        // on the rest, and the ceiling both are quoted against (all cores parsing the same lines with JsonDocument).
        var lines = events.Select(LineageJson.SerializeToUtf8Bytes).ToArray();
        var sample = Math.Min(2_000, lines.Length / 10);
        var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: ct);
        store.OneTransactionPerEvent = true;
        var watch = Stopwatch.StartNew();
        var single = await ingestor.IngestManyAsync(Join(lines, 0, sample), cancellationToken: ct);
        var singleRate = single.Accepted / watch.Elapsed.TotalSeconds;
        Line(output, "postgres.ingest.per-event", $"{singleRate:F0} events/s ({single.Accepted} events in {watch.Elapsed.TotalSeconds:F2} s, one transaction each, the comparison)");

        // A follower, as a second server on the same database would be: its own store instance and graph, opened now (it
        // reads the events above as it opens). It is not run while the group commit is timed: the one-transaction-per-event
        // phase ran without one, and on a machine of two cores a follower applying thousands of events a second took
        // about a tenth of the group commit's rate away from the process writing (5,005-5,301 against 5,478-6,020 events/s,
        // 2026-12-07), which would compare the two modes under different loads. It then catches up on what the group
        // commit wrote the way a running follower does (reading past what it applied, in batches), timed on its own:
        // it keeps up when it applies faster than the ingest writes.
        await using var followerStore = await PostgresLineageStore.OpenAsync(connectionString, ct);
        using var follower = await LineageReplica.OpenAsync(followerStore, cancellationToken: ct);
        store.OneTransactionPerEvent = false;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        watch.Restart();
        var summary = await ingestor.IngestManyAsync(Join(lines, sample, lines.Length), cancellationToken: ct);
        var ingestTime = watch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var groupRate = summary.Accepted / ingestTime.TotalSeconds;
        Line(output, "postgres.ingest", $"{groupRate:F0} events/s ({summary.Accepted} events in {ingestTime.TotalSeconds:F2} s, group commit with projections: {store.GroupCommits} transactions of {store.GroupedEvents / (double)Math.Max(store.GroupCommits, 1):F0} events on average), {groupRate / Math.Max(singleRate, 1e-9):F1}x one transaction per event");
        // The door and the store in this process: how much of the 2 cores it left PostgreSQL.
        Line(output, "postgres.ingest.cpu", $"this process used {cpu.TotalSeconds / ingestTime.TotalSeconds * 100:F0}% of a core while ingesting ({cpu.TotalMilliseconds / summary.Accepted * 1000:F0} us per event)");

        var written = store.Count;
        var from = follower.AppliedThrough;
        watch.Restart();
        while (follower.AppliedThrough < written)
        {
            if (await follower.CatchUpAsync(ct) == 0)
            {
                throw new CliException($"the follower stopped at sequence {follower.AppliedThrough} of {written}");
            }
        }

        var followed = watch.Elapsed;
        var followRate = (written - from) / followed.TotalSeconds;
        Line(output, "postgres.follower", $"{followRate:F0} events/s (a second store instance and graph caught up on the {written - from} events the group commit wrote in {followed.TotalSeconds:F2} s), {followRate / Math.Max(groupRate, 1e-9):F2}x the ingest rate");

        watch.Restart();
        Parallel.For(0, lines.Length, i =>
        {
            using var parsed = System.Text.Json.JsonDocument.Parse(lines[i]);
        });
        var parseRate = lines.Length / watch.Elapsed.TotalSeconds;
        Line(output, "postgres.ingest.ceiling", $"{parseRate:F0} events/s (JsonDocument.Parse of the same events on {Environment.ProcessorCount} cores); group commit is {groupRate / parseRate:F3}x of it");

        using var graph = LineageGraph.From(events);
        var engine = new LineageQueryEngine(graph, new LineageQueryOptions { MaxNodes = int.MaxValue });
        var random = new Random(11);
        var picks = Enumerable.Range(0, queries).Select(_ => SyntheticGraph.Dataset(random.Next(datasets))).ToList();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        var ours = new double[picks.Count];
        var sql = new double[picks.Count];
        var mismatches = 0;
        for (var i = 0; i < picks.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var result = engine.Upstream(NodeId.From(picks[i]), 20);
            ours[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var reached = result.Nodes.Count(n => n.Kind == NodeKind.Dataset);

            start = Stopwatch.GetTimestamp();
            await using var command = dataSource.CreateCommand(RecursiveUpstream);
            command.Parameters.AddWithValue("namespace", picks[i].Namespace);
            command.Parameters.AddWithValue("name", picks[i].Name);
            command.Parameters.AddWithValue("depth", 20);
            var counted = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            sql[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            mismatches += counted == reached ? 0 : 1;
        }

        Array.Sort(ours);
        Array.Sort(sql);
        Line(output, "upstream.depth20.graph", $"p50 {ours[ours.Length / 2]:F3} ms, max {ours[^1]:F3} ms over {queries} queries (no node budget)");
        Line(output, "upstream.depth20.sql", $"p50 {sql[sql.Length / 2]:F3} ms, max {sql[^1]:F3} ms (WITH RECURSIVE over edges)");
        Line(output, "upstream.depth20.ratio", $"{sql[sql.Length / 2] / Math.Max(ours[ours.Length / 2], 1e-6):F1}x faster in memory at p50; {queries - mismatches} of {queries} answers reached the same datasets");
    }

    private static byte[] Join(byte[][] lines, int from, int to)
    {
        using var buffer = new MemoryStream();
        for (var i = from; i < to; i++)
        {
            buffer.Write(lines[i]);
            buffer.WriteByte((byte)'\n');
        }

        return buffer.ToArray();
    }

    private static void Line(TextWriter output, string name, string value) => output.WriteLine($"{name,-26} {value}");
}
