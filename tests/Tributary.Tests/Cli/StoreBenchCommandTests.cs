using System.Globalization;
using System.Text.RegularExpressions;
using Tributary.Tests.Storage;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

public sealed class StoreBenchCommandTests
{
    [Fact]
    public async Task Bench_store_prints_every_figure_beside_its_ceiling_at_a_tiny_scale()
    {
        // Runs the real command line as child processes (ingest, upstream, serve) on 200 events; no timing is asserted.
        var (code, output, error) = await CliRunner.RunAsync("bench", "store", "--events", "200", "--jobs", "50", "--queries", "2", "--timeout", "300");

        Assert.True(code == 0, error + output);
        Assert.Matches(new Regex(@"^store\.workload +200 events \(100 runs of 50 jobs\), 52 datasets, 8 columns each: [0-9.]+ MB NDJSON", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^store\.query\.cli .* [0-9]+ nodes, [0-9]+ edges;", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^store\.ceiling\.parse +[0-9.]+ s +JsonDocument\.Parse", RegexOptions.Multiline), output);
        foreach (var figure in new[] { "store.process.start", "store.ingest", "store.query.cli", "store.serve.first_answer" })
        {
            Assert.Matches(new Regex($@"^{Regex.Escape(figure)} +[0-9.]+ s +ceiling [0-9.]+ s parse +ratio +[0-9.]+x ", RegexOptions.Multiline), output);
        }

        Assert.Matches(new Regex(@"^store\.serve\.first_answer .*, median of 2 starts \(min [0-9.]+ s, max [0-9.]+ s\);", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^store\.serve\.rss +[0-9]+ MB +ceiling [0-9.]+ MB NDJSON +ratio +[0-9.]+x .*[0-9]+ bytes per node, [0-9]+ per edge", RegexOptions.Multiline), output);
        Assert.Contains("200 accepted, 0 duplicates, 0 rejected", output, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"kept /"), output);
    }

    [Fact]
    public async Task Bench_ingest_prints_the_door_and_the_fastest_of_its_runs_beside_the_parse_ceiling_at_a_tiny_scale()
    {
        // The real command line as child processes on 200 events of each size, two runs each; no timing is asserted.
        var (code, output, error) = await CliRunner.RunAsync("bench", "ingest", "--events", "200", "--jobs", "20", "--runs", "2", "--timeout", "300");

        Assert.True(code == 0, error + output);
        Assert.Matches(new Regex(@"^ingest\.realistic\.workload +100 runs of 20 jobs over [0-9,]+ datasets", RegexOptions.Multiline), output);
        foreach (var size in new[] { "realistic", "small" })
        {
            Assert.Matches(new Regex($@"^ingest\.{size}\.ceiling\.parse +[0-9,]+ events/s +JsonDocument\.Parse of every event on [0-9]+ cores", RegexOptions.Multiline), output);
            Assert.Matches(new Regex($@"^ingest\.{size}\.door +[0-9,]+ events/s +ceiling [0-9,]+ events/s parse \(all cores\) +ratio [0-9.]+x .*the first pass in this process: 200 accepted, 0 duplicates, 0 rejected", RegexOptions.Multiline), output);
            Assert.Matches(new Regex($@"^ingest\.{size}\.door\.warm +[0-9,]+ events/s +ceiling [0-9,]+ events/s parse \(all cores\) +ratio [0-9.]+x .*the best of passes 2-3 \([0-9.]+ / [0-9.]+ s\)", RegexOptions.Multiline), output);
            Assert.Matches(new Regex($@"^ingest\.{size}\.door\.graph\.warm +[0-9,]+ events/s +ceiling [0-9,]+ events/s parse \(all cores\) +ratio [0-9.]+x .*the door with the store's graph following it .*the best of passes 2-3 \([0-9.]+ / [0-9.]+ s; its checkpoint [0-9.]+ s; (server|workstation) collector, (non-)?concurrent\): 200 accepted, 0 duplicates, 0 rejected", RegexOptions.Multiline), output);
            var cli = new Regex($@"^ingest\.{size}\.cli +([0-9,]+) events/s +ceiling [0-9,]+ events/s parse \(all cores\) +ratio [0-9.]+x .*, fastest of 2 runs \(([0-9.]+) / ([0-9.]+) s(; the fastest used ([0-9.]+) s of CPU, [0-9.]+ of [0-9]+ cores)?\): 200 accepted, 0 duplicates, 0 rejected", RegexOptions.Multiline).Match(output);
            Assert.True(cli.Success, output);

            // And where the fastest run's time went, as the child's --timings said it.
            Assert.Matches(new Regex($@"^ingest\.{size}\.cli .*0 rejected.*; its timings: process start to command [0-9.]+ s, opening [0-9.]+ s, reading and applying [0-9.]+ s, ending \(checkpoint\) [0-9.]+ s; [0-9.]+ s in all\. CPU [0-9.]+ s .*compiling [0-9.]+ s", RegexOptions.Multiline), output);

            // Where the kernel counts children's CPU (Linux), the run says how much it used. (No upper bound here: the
            // count covers every child this process reaped meanwhile, and other tests run theirs alongside; the bench
            // runs one child at a time.)
            Assert.Equal(OperatingSystem.IsLinux(), cli.Groups[4].Success);
            if (cli.Groups[4].Success)
            {
                Assert.True(double.Parse(cli.Groups[5].Value, CultureInfo.InvariantCulture) > 0, output);
            }

            // The figure is the faster run's (the times are printed to a hundredth of a second).
            var rate = double.Parse(cli.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var fastest = Math.Min(double.Parse(cli.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(cli.Groups[3].Value, CultureInfo.InvariantCulture));
            Assert.InRange(rate * fastest, 200 * 0.95, 200 * 1.05);
            // 2 more events and then 1 into 200 are short tails: the checkpoint stays where the first run left it.
            Assert.Matches(new Regex($@"^ingest\.{size}\.cli\.more +[0-9.]+ s .* of 2 more events into the store just written \(200 events; .*, a short tail: the checkpoint left at #200, the 2 events after it replayed by each query: 2 accepted, 0 duplicates, 0 rejected", RegexOptions.Multiline), output);
            Assert.Matches(new Regex($@"^ingest\.{size}\.cli\.few +[0-9.]+ s .* of 1 more events into the store just written \(202 events; .*, a short tail: the checkpoint left at #200, the 3 events after it replayed by each query: 1 accepted, 0 duplicates, 0 rejected", RegexOptions.Multiline), output);
        }
    }

    [Fact]
    public async Task Bench_server_leaves_out_events_the_server_would_refuse_and_finds_the_store_holding_exactly_what_was_acknowledged()
    {
        var folder = Directory.CreateTempSubdirectory("tributary-bench-events-");
        try
        {
            const string Valid = """{"eventType":"COMPLETE","eventTime":"2026-01-01T00:00:00Z","run":{"runId":"3f5e8a62-1d7b-4c3e-9a55-0b6f2d8e1c11"},"job":{"namespace":"bench","name":"JOB"},"inputs":[{"namespace":"db","name":"in_JOB"}],"outputs":[{"namespace":"db","name":"out_JOB"}],"producer":"https://example.com/producer","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent"}""";
            string[] lines = [Valid.Replace("JOB", "a", StringComparison.Ordinal), Valid.Replace("JOB", "b", StringComparison.Ordinal), Valid.Replace("\"name\":\"JOB\"", "\"name\":\"\"", StringComparison.Ordinal)];
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "events.ndjson"), string.Join('\n', lines));

            // A second of each mode with four clients: no timing is asserted, only what the command reports and checks.
            var (code, output, error) = await CliRunner.RunAsync("bench", "server", "--events", folder.FullName, "--seconds", "1", "--warmup", "0", "--clients", "4", "--batch", "10");

            Assert.True(code == 0, error + output);
            Assert.Contains("2 event templates from 1 files (1 events left out", output, StringComparison.Ordinal);
            Assert.Equal(2, Regex.Matches(output, @"^  background: [0-9]+ compactions into the lake \([0-9]+ rewrote the projection tables\), [0-9.]+ s; [0-9]+ graph checkpoints$", RegexOptions.Multiline).Count);
            Assert.Matches(new Regex(@"^  events batch: [0-9,]+ events/s = [0-9.]+x the parse ceiling of [0-9,]+ events/s \(target: at least 0\.2x\)$", RegexOptions.Multiline), output);
            Assert.DoesNotContain("realistic", output, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^store: [0-9,]+ events; acknowledged [0-9,]+; missing 0; unacknowledged extra 0$", RegexOptions.Multiline), output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bench_server_by_default_posts_issue_11s_realistic_events_and_then_the_real_corpus_each_beside_its_own_ceiling()
    {
        // A second of each mode with four clients: no timing is asserted, only which workloads ran and what was checked.
        var (code, output, error) = await CliRunner.RunAsync("bench", "server", "--seconds", "1", "--warmup", "0", "--clients", "4", "--batch", "10");

        Assert.True(code == 0, error + output);
        Assert.Contains("realistic: 20000 event templates from 1 files: 20,000 generated realistic events", output, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^corpus: [0-9]+ event templates from [0-9]+ files", RegexOptions.Multiline), output);
        foreach (var workload in new[] { "realistic", "corpus" })
        {
            Assert.Matches(new Regex($@"^  {workload} ceiling: JsonDocument\.Parse of the same events on all [0-9]+ cores .*: [0-9,]+ events/s before the runs, [0-9,]+ after; the higher counts$", RegexOptions.Multiline), output);
            Assert.Matches(new Regex($@"^  {workload} single: [0-9,]+ events/s = [0-9.]+x the parse ceiling of [0-9,]+ events/s \(target: at least 10,000 events/s\)$", RegexOptions.Multiline), output);
            Assert.Matches(new Regex($@"^  {workload} batch: [0-9,]+ events/s = [0-9.]+x the parse ceiling of [0-9,]+ events/s \(target: at least 0\.2x\)$", RegexOptions.Multiline), output);
        }

        // The realistic workload runs first: its figures come before the corpus's.
        Assert.True(output.IndexOf("  realistic batch:", StringComparison.Ordinal) < output.IndexOf("  corpus single:", StringComparison.Ordinal), output);
        Assert.Matches(new Regex(@"^store: [0-9,]+ events; acknowledged [0-9,]+; missing 0; unacknowledged extra 0$", RegexOptions.Multiline), output);
    }

    [Fact]
    public async Task Bench_ingest_rejects_no_runs_and_no_jobs()
    {
        var (code, _, error) = await CliRunner.RunAsync("bench", "ingest", "--events", "10", "--runs", "0");
        var (jobsCode, _, jobsError) = await CliRunner.RunAsync("bench", "ingest", "--events", "10", "--jobs", "0");

        Assert.Equal(1, code);
        Assert.Contains("--runs >= 1", error, StringComparison.Ordinal);
        Assert.Equal(1, jobsCode);
        Assert.Contains("--jobs >= 1", jobsError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_workload_is_the_same_bytes_for_the_same_seed()
    {
        var folder = Directory.CreateTempSubdirectory("tributary-workload-");
        try
        {
            string Write(int seed, string name)
            {
                var path = Path.Combine(folder.FullName, name);
                new global::Tributary.Cli.Commands.StoreWorkload(120, 30, seed).WriteNdjson(path);
                return path;
            }

            var first = File.ReadAllBytes(Write(3, "a.ndjson"));
            Assert.Equal(first, File.ReadAllBytes(Write(3, "b.ndjson")));
            Assert.NotEqual(first, File.ReadAllBytes(Write(4, "c.ndjson")));
            Assert.Equal(120, File.ReadAllLines(Path.Combine(folder.FullName, "a.ndjson")).Length);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Bench_store_rejects_a_store_without_events()
    {
        var (code, _, error) = await CliRunner.RunAsync("bench", "store", "--events", "1");

        Assert.Equal(1, code);
        Assert.Contains("--events >= 2", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest", "1/0/0/0/0x8000000/0//0/1000")]
    [InlineData("serve", "1/0///0x100000//0x10000000//")]
    [InlineData("lineage", "//0/0/////")]
    public async Task A_bench_child_gets_the_collector_and_tiering_the_tributary_script_gives_its_command(string command, string expected)
    {
        string[] names = ["DOTNET_gcServer", "DOTNET_GCDynamicAdaptationMode", "DOTNET_TieredPGO", "DOTNET_TC_CallCountingDelayMs", "DOTNET_GCLOHThreshold", "DOTNET_TC_QuickJit", "DOTNET_GCgen0size", "DOTNET_gcConcurrent", "DOTNET_TC_CallCountThreshold"];
        Assert.All(names, name => Assert.True(Environment.GetEnvironmentVariable(name) is null, $"{name} is set where the tests run; an explicit setting wins, so this test needs it unset"));
        // A shell stands in for the command line: it prints what the child was given, the command being its $0.
        var child = new Tributary.Cli.Commands.StoreBenchCommand.TributaryExecutable("/bin/sh", ["-c", "echo " + string.Join("/", names.Select(n => "$" + n))]);

        var result = await child.RunAsync([command], Path.GetTempPath(), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(expected, result.Output.Trim());
    }

    public static TheoryData<string> IngestInputs() => ["small", "large", "stdin", "store-and-small", "folder", "missing"];

    [Theory]
    [MemberData(nameof(IngestInputs))]
    public async Task A_bench_ingest_child_goes_without_tiering_exactly_where_the_tributary_script_would(string input)
    {
        Assert.True(Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is null, "DOTNET_TieredCompilation is set where the tests run; an explicit setting wins");
        var folder = Directory.CreateTempSubdirectory("tributary-tiering-").FullName;
        try
        {
            var small = Path.Combine(folder, "small.ndjson");
            await File.WriteAllBytesAsync(small, StoreEvents.Small(0));
            var large = Path.Combine(folder, "large.ndjson");
            using (var file = File.Create(large))
            {
                file.SetLength(129L << 20); // sparse: its length is what counts
            }

            string[] arguments = input switch
            {
                "small" => ["ingest", small, "--timings"],
                "large" => ["ingest", large],
                "stdin" => ["ingest", "-"],
                "store-and-small" => ["ingest", "--store", folder, small],
                "folder" => ["ingest", Path.Combine(folder, "events")],
                _ => ["ingest", Path.Combine(folder, "missing.ndjson")],
            };
            Directory.CreateDirectory(Path.Combine(folder, "events"));
            File.Copy(small, Path.Combine(folder, "events", "a.ndjson"));
            var child = new Tributary.Cli.Commands.StoreBenchCommand.TributaryExecutable("/bin/sh", ["-c", "echo \"$DOTNET_TieredCompilation\""]);

            var given = (await child.RunAsync(arguments, folder, TimeSpan.FromSeconds(30), CancellationToken.None)).Output.Trim();

            // The script's own rule, run by bash on the same arguments.
            var script = await File.ReadAllTextAsync(Path.Combine(TestData.Repository, "tributary"));
            var function = script[script.IndexOf("small_ingest() {", StringComparison.Ordinal)..];
            function = function[..(function.IndexOf("\n}\n", StringComparison.Ordinal) + 3)];
            var bash = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in (string[])["-c", function + "if small_ingest \"$@\"; then echo 0; fi", "bash", .. arguments[1..]])
            {
                bash.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(bash)!;
            var scriptSays = (await process.StandardOutput.ReadToEndAsync()).Trim();
            await process.WaitForExitAsync();

            Assert.Equal(input is "small" or "store-and-small" or "folder" ? "0" : "", given);
            Assert.Equal(given, scriptSays);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
