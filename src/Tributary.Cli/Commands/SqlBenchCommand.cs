using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tributary.Cli.Output;
using Tributary.Ingest;
using Tributary.Server.Load;
using Tributary.Sql;
using Tributary.Storage;

namespace Tributary.Cli.Commands;

/// <summary>
/// <c>tributary bench sql</c>: issue 10's wide-SQL figures. For each column count, the analysis of the statement on its
/// own (tokenize, parse, resolve, build the facet; best of three) beside tokenizing alone (one pass over the text: the
/// floor of any analysis), then the event ingested through the ingest
/// door with the graph following (durable, derived, applied) while a small event is ingested meanwhile, whose latency
/// shows whether the wide one held anybody up. The last line compares time per column across the sizes: 1.0 is linear.
/// </summary>
internal static class SqlBenchCommand
{
    public static Command Create()
    {
        var columns = new Option<int[]>("--columns")
        {
            Description = "Column counts to measure.", DefaultValueFactory = _ => [10_000, 50_000, 100_000], AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("sql", "Issue 10's wide-SQL figures: deriving column lineage from one statement of 10k, 50k and 100k columns, alone and through the ingest door.")
        {
            columns,
        };
        CommandAction.Set(command, (result, ct) => RunAsync(result.GetValue(columns) ?? [], result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static async Task RunAsync(int[] sizes, TextWriter output, CancellationToken ct)
    {
        if (sizes.Length == 0 || Array.Exists(sizes, s => s < 1))
        {
            throw new CliException("need --columns with one or more counts >= 1");
        }

        var perColumn = new List<(int Columns, double Microseconds)>();
        foreach (var size in sizes)
        {
            var bytes = WideSqlEvent.Create(size, Guid.NewGuid());
            var sql = WideSqlEvent.Sql(size);
            var floor = Best(3, () => Tributary.Sql.Parsing.Tokenizer.Run(sql, Tributary.Sql.Parsing.DialectInfo.For(SqlDialect.PostgreSql)));
            var analysis = Best(3, () => SqlLineage.Analyze(sql, new SqlAnalysisOptions { Dialect = SqlDialect.PostgreSql, Semantics = SqlSemantics.Script }).ToColumnLineageFacets(WideSqlEvent.Namespace));
            perColumn.Add((size, analysis.TotalMilliseconds * 1000 / size));
            Line(output, Invariant($"sql.analyze.{size}"), Invariant(
                $"{analysis.TotalSeconds:F3} s = {analysis.TotalMilliseconds * 1000 / size:F1} µs per column ({bytes.Length / 1048576.0:F2} MB event); floor: tokenizing the SQL alone {floor.TotalMilliseconds:F1} ms, ratio {analysis / floor:F1}"));

            var (ingest, meanwhile, fields) = await IngestAsync(bytes, ct);
            Line(output, Invariant($"sql.ingest.{size}"), Invariant(
                $"{ingest.TotalSeconds:F3} s through the ingest door (fsynced, derived, applied: {fields} fields in the graph); a small event ingested meanwhile took {meanwhile.TotalMilliseconds:F0} ms"));
        }

        var first = perColumn[0];
        var last = perColumn[^1];
        Line(output, "sql.linearity", Invariant(
            $"time per column at {last.Columns} columns / at {first.Columns}: {last.Microseconds / first.Microseconds:F2} (1.0 is linear; {last.Columns / first.Columns}x the columns took {last.Microseconds * last.Columns / (first.Microseconds * first.Columns):F1}x the time)"));
    }

    private static async Task<(TimeSpan Ingest, TimeSpan Meanwhile, long Fields)> IngestAsync(byte[] wide, CancellationToken ct)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tributary-bench-sql-{Guid.NewGuid():N}");
        try
        {
            await using var store = EmbeddedLineageStore.Open(directory);
            var ingestor = await LineageIngestor.OpenAsync(store, cancellationToken: ct);
            using var replica = await LineageReplica.OpenAsync(store, cancellationToken: ct);
            await replica.FollowAsync(ingestor, ct);
            await ingestor.Ready;
            var small = WideSqlEvent.Create(3, Guid.NewGuid(), "small_insert");
            await ingestor.IngestAsync(WideSqlEvent.Create(3, Guid.NewGuid(), "warm_up"), ct); // the first ingest pays for JIT and the store's first fsync

            var watch = Stopwatch.StartNew();
            var wideTask = ingestor.IngestAsync(wide, ct).AsTask();
            await Task.Delay(20, ct);
            var meanwhile = Stopwatch.StartNew();
            var smallResult = await ingestor.IngestAsync(small, ct);
            var smallTime = meanwhile.Elapsed;
            var wideResult = await wideTask;
            var elapsed = watch.Elapsed;
            if (wideResult.Outcome != IngestOutcome.Accepted || smallResult.Outcome != IngestOutcome.Accepted)
            {
                throw new CliException($"the bench events were not accepted: {wideResult.Outcome}, {smallResult.Outcome}");
            }

            return (elapsed, smallTime, replica.Graph.FieldCount);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static TimeSpan Best(int runs, Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    private static void Line(TextWriter output, string name, string value) => output.WriteLine($"{name,-26} {value}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
