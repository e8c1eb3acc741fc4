using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tributary.Cli.Commands;
using Tributary.Cli.Ingestion;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Server;
using Tributary.Server.Hosting;
using Tributary.Server.Load;
using Tributary.Storage;
using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

public sealed class IngestCommandTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"tributary-ingest-{Guid.NewGuid():N}");

    [Fact]
    public async Task Ingesting_a_folder_accepts_its_events_and_a_second_time_counts_duplicates()
    {
        var dir = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");

        var first = await CliRunner.RunAsync("ingest", dir, "--store", _store);
        var second = await CliRunner.RunAsync("ingest", dir, "--store", _store);

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("9 accepted, 0 duplicates, 0 rejected (9 inputs)", first.Output, StringComparison.Ordinal);
        Assert.StartsWith("0 accepted, 9 duplicates, 0 rejected", second.Output, StringComparison.Ordinal);
        await using var store = FileLineageStore.Open(_store, new FileLineageStoreOptions { ReadOnly = true });
        Assert.Equal(9, store.Count);
    }

    [Fact]
    public async Task Ingesting_with_timings_says_on_standard_error_where_the_time_went_and_leaves_the_summary_as_it_is()
    {
        var dir = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");

        var (code, output, error) = await CliRunner.RunAsync("ingest", dir, "--store", _store, "--timings");

        Assert.Equal(0, code);
        Assert.StartsWith("9 accepted, 0 duplicates, 0 rejected (9 inputs)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("timings", output, StringComparison.Ordinal);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Matches(
            @"^timings: process start to command \d+\.\d\d s, opening \d+\.\d\d s, reading and applying \d+\.\d\d s, ending \(checkpoint\) \d+\.\d\d s; \d+\.\d\d s in all\. " +
            @"CPU \d+\.\d\d s \(\d+\.\d\d cores while the command ran\), of it compiling \d+\.\d\d s \([\d,]+ methods\); collections paused \d+\.\d\d s \([\d,]+, [\d,]+ of the whole heap\); [\d,]+ MB allocated, [\d,]+ MB resident at most$",
            line);
        var (_, quiet, nothing) = await CliRunner.RunAsync("ingest", dir, "--store", _store);
        Assert.StartsWith("0 accepted, 9 duplicates", quiet, StringComparison.Ordinal);
        Assert.Equal("", nothing);
    }

    [Fact]
    public async Task Bad_events_are_reported_with_line_and_path_and_the_rest_go_in()
    {
        var good = File.ReadAllText(TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events", "1.json")).ReplaceLineEndings("");
        var file = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, good.Replace("\"runId\"", "\"runIdX\"", StringComparison.Ordinal) + "\n" + good + "\n");

        try
        {
            var (code, output, _) = await CliRunner.RunAsync("ingest", file, "--store", _store);

            Assert.Equal(1, code);
            Assert.Contains("line 1: rejected: $.run.runId: required", output, StringComparison.Ordinal);
            Assert.Contains("1 accepted, 0 duplicates, 1 rejected", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Events_taken_with_warnings_are_said_as_validate_says_them_and_past_ten_only_counted()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 12).Select(i =>
            $$"""{"eventType":"COMPLETE","eventTime":"2024-01-01T00:00:{{i:00}}Z","run":{"runId":"run-{{i}}"},"job":{"namespace":"ns","name":"j"},"producer":"p"}"""));

        try
        {
            var (code, output, _) = await CliRunner.RunAsync("ingest", file, "--store", _store);
            var validate = await CliRunner.RunAsync("validate", file);

            Assert.Equal(0, code);
            var warned = output.Split('\n').Where(l => l.Contains(": warning: ", StringComparison.Ordinal)).Select(l => l[(file.Length + 2)..].TrimEnd()).ToList();
            var validated = validate.Output.Split('\n').Where(l => l.Contains(": warning: ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
            Assert.Equal(20, warned.Count);
            Assert.Equal(validated[..20], warned);
            Assert.StartsWith("line 10: warning: $.run.runId: 'run-9' is not a UUID", warned[^1], StringComparison.Ordinal);
            Assert.Contains($"{file}: 2 more events with warnings; `tributary validate {file}` lists each", output, StringComparison.Ordinal);
            Assert.Contains("12 accepted, 0 duplicates, 0 rejected, 12 events with warnings (1 input)", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<int> DerivedEdgesIntoAsync(string field)
    {
        await using var store = EmbeddedLineageStore.Open(_store, new FileLineageStoreOptions { ReadOnly = true });
        using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_store));
        Assert.Equal(0, replica.Opening.Replayed); // the ingest left its checkpoint: the graph is the one it built
        var node = NodeId.From(new FieldId(new DatasetId(WideSqlEvent.Namespace, "analytics.wide_out"), field));
        return replica.Graph.GetEdges(node, LineageDirection.Upstream).Count(e => e.Kind == EdgeKind.ColumnLineage);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task Ingesting_with_no_sql_lineage_derives_no_column_lineage_from_sql(bool flag, int expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(file, WideSqlEvent.Create(3, Guid.NewGuid()));
        try
        {
            var (code, _, error) = await CliRunner.RunAsync(flag ? ["ingest", file, "--store", _store, "--no-sql-lineage"] : ["ingest", file, "--store", _store]);

            Assert.True(code == 0, error);
            Assert.Equal(expected, await DerivedEdgesIntoAsync(WideSqlEvent.Column(2)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "serve" }, true)]
    [InlineData(new[] { "serve", "--no-sql-lineage" }, false)]
    public async Task Serve_with_no_sql_lineage_starts_the_server_with_derivation_off(string[] args, bool derives)
    {
        var overrides = ServeCommand.Overrides(global::Tributary.Cli.Cli.Build().Parse([.. args, "--store", _store]));
        await using var app = LineageServer.Build(LineageServer.CreateBuilder([], overrides));

        Assert.Equal(derives, app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.DeriveColumnLineageFromSql);
    }

    [Fact]
    public async Task A_few_events_ingested_into_a_larger_store_leave_its_checkpoint_for_queries_to_replay_after()
    {
        var events = StoreBenchmark.SyntheticEvents(300);
        var folder = Directory.CreateTempSubdirectory("tributary-tail-").FullName;
        try
        {
            string Write(string name, IEnumerable<byte[]> some)
            {
                var path = Path.Combine(folder, name);
                File.WriteAllLines(path, some.Select(e => System.Text.Encoding.UTF8.GetString(e)));
                return path;
            }

            var checkpoint = Path.Combine(_store, LineageReplicaOptions.CheckpointFileName);
            var bulk = await CliRunner.RunAsync("ingest", Write("bulk.ndjson", events.Take(290)), "--store", _store);
            var few = await CliRunner.RunAsync("ingest", Write("few.ndjson", events.Skip(290).Take(4)), "--store", _store);
            var throughAfterFew = Tributary.Graph.LineageGraph.PeekCheckpointThrough(checkpoint);
            var found = await CliRunner.RunAsync("find", "--name", "public.target_293", "--store", _store); // the last of the four's output
            var verified = await CliRunner.RunAsync("verify", "--store", _store);
            var more = await CliRunner.RunAsync("ingest", Write("more.ndjson", events.Skip(294)), "--store", _store);

            Assert.Equal((0, 0, 0), (bulk.ExitCode, few.ExitCode, more.ExitCode));
            Assert.Equal(290, throughAfterFew); // 4 events after 290 are a short tail: the checkpoint stays
            Assert.Equal(0, found.ExitCode);
            Assert.Contains("public.target_293", found.Output, StringComparison.Ordinal); // the query replayed them
            Assert.Contains("; the graph checkpoint (through #290; the 4 events after it are replayed by each query until the next checkpoint) as written", verified.Output, StringComparison.Ordinal);
            await using var store = EmbeddedLineageStore.Open(_store, new FileLineageStoreOptions { ReadOnly = true });
            using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_store));
            Assert.Equal((300L, 0), (replica.Opening.CheckpointThrough, replica.Opening.Replayed)); // 10 are not: rewritten
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_bulk_ingest_longer_than_a_servers_checkpoint_interval_writes_its_checkpoint_once_when_it_ends()
    {
        // Half as many again as a server (or any follower with the default options) applies before checkpointing: a
        // checkpoint written on the way would cover the first part, and the one at the end all of them.
        var count = LineageReplicaOptions.Default.CheckpointEveryEvents * 3 / 2;
        var file = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}.ndjson");
        await using (var writer = new StreamWriter(file))
        {
            for (var i = 0; i < count; i++)
            {
                await writer.WriteLineAsync($$"""{"eventType":"COMPLETE","eventTime":"2026-01-01T00:00:00Z","run":{"runId":"{{new Guid(i, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8)}}"},"job":{"namespace":"bulk","name":"job_{{i % 100}}"},"producer":"https://example.com/bulk","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}""");
            }
        }

        try
        {
            await using (var target = await StoreIngestTarget.OpenAsync(EmbeddedLineageStore.Open(_store), deriveSqlLineage: false, CancellationToken.None))
            {
                await using var content = File.OpenRead(file);
                var summary = await target.IngestManyAsync(content, progress: null, turn: null, CancellationToken.None);
                await target.CompleteAsync(CancellationToken.None);

                Assert.Equal(count, summary.Accepted);
                Assert.Equal(1, target.CheckpointsWritten);
            }

            await using var store = EmbeddedLineageStore.Open(_store, new FileLineageStoreOptions { ReadOnly = true });
            using var replica = await LineageReplica.OpenAsync(store, LineageReplicaOptions.ForStore(_store));
            Assert.Equal(0, replica.Opening.Replayed); // the one checkpoint covers every event
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_folder_is_read_without_entering_folders_that_are_links_and_files_that_are_links_are_read()
    {
        // A link to a folder above it would list the same files again and again; a linked file is an input like any.
        var folder = Directory.CreateTempSubdirectory("tributary-linked-").FullName;
        try
        {
            var events = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.Copy(Path.Combine(events, "1.json"), Path.Combine(folder, "sub", "1.json"));
            Directory.CreateSymbolicLink(Path.Combine(folder, "sub", "up"), "..");
            File.CreateSymbolicLink(Path.Combine(folder, "2.json"), Path.Combine(events, "2.json"));

            var (code, output, _) = await CliRunner.RunAsync("ingest", folder, "--store", _store);
            var (validated, said, _) = await CliRunner.RunAsync("validate", folder);

            Assert.Equal(0, code);
            Assert.StartsWith("2 accepted, 0 duplicates, 0 rejected (2 inputs)", output, StringComparison.Ordinal);
            Assert.Equal(0, validated);
            Assert.Contains("2 files, 2 events, 0 with errors", said, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteGzip(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest);
        gzip.Write(content);
    }

    private static byte[] Ndjson(IEnumerable<byte[]> events) => [.. events.SelectMany(e => e.Append((byte)'\n'))];

    [Fact]
    public async Task Gzip_compressed_files_and_folders_of_them_ingest_as_their_events_do()
    {
        // Known by their first bytes, whatever their names; in folders, *.json.gz, *.ndjson.gz and *.jsonl.gz are event files.
        var events = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");
        var folder = Directory.CreateTempSubdirectory("tributary-gz-").FullName;
        try
        {
            var files = Directory.GetFiles(events, "*.json").Order(StringComparer.Ordinal).ToArray();
            WriteGzip(Path.Combine(folder, "first.json.gz"), File.ReadAllBytes(files[0]));
            WriteGzip(Path.Combine(folder, "rest.ndjson"), Ndjson(files[1..].Select(f => System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(f).ReplaceLineEndings("")))));

            var (code, output, error) = await CliRunner.RunAsync("ingest", folder, "--store", _store);
            var (again, plain, _) = await CliRunner.RunAsync("ingest", events, "--store", _store);
            var (validated, said, _) = await CliRunner.RunAsync("validate", folder);

            Assert.True(code == 0, output + error);
            Assert.StartsWith($"{files.Length} accepted, 0 duplicates, 0 rejected (2 inputs)", output, StringComparison.Ordinal);
            Assert.Equal(0, again);
            Assert.StartsWith($"0 accepted, {files.Length} duplicates", plain, StringComparison.Ordinal);
            Assert.Equal(0, validated);
            Assert.Contains($"2 files, {files.Length} events, 0 with errors", said, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_gzip_file_cut_short_fails_saying_so_and_ingesting_it_whole_then_adds_the_rest()
    {
        // .NET's gzip reader ends quietly where a cut file ends: its events after the cut were lost without a word.
        var folder = Directory.CreateTempSubdirectory("tributary-gz-cut-").FullName;
        try
        {
            var whole = Path.Combine(folder, "events.ndjson.gz");
            WriteGzip(whole, Ndjson(StoreBenchmark.SyntheticEvents(20_000)));
            var bytes = File.ReadAllBytes(whole);
            var cut = Path.Combine(folder, "cut.ndjson.gz");
            File.WriteAllBytes(cut, bytes[..(bytes.Length * 6 / 10)]);

            var (code, output, error) = await CliRunner.RunAsync("ingest", cut, "--store", _store);
            long stored;
            await using (var store = FileLineageStore.Open(_store, new FileLineageStoreOptions { ReadOnly = true }))
            {
                stored = store.Count;
            }

            var (validated, said, _) = await CliRunner.RunAsync("validate", cut);
            var (then, rest, _) = await CliRunner.RunAsync("ingest", whole, "--store", _store);

            Assert.NotEqual(0, code);
            Assert.Contains("cut.ndjson.gz: not valid gzip data: it ends without the CRC-32 and length of what it holds: it was cut short", error, StringComparison.Ordinal);
            Assert.Contains($"the events before that point are stored ({stored} new events in all into {_store}), and ingesting the whole file again adds the rest", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.InRange(stored, 0, 20_000 - 1);
            Assert.Equal(1, validated);
            Assert.Contains("cut.ndjson.gz: ERROR not valid gzip data", said, StringComparison.Ordinal);
            Assert.Equal(0, then);
            Assert.StartsWith($"{20_000 - stored} accepted, {stored} duplicates, 0 rejected", rest, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_runId_two_jobs_use_is_said_in_the_same_words_whichever_job_came_first()
    {
        // The same two files given in either order: the graph is the same either way, and so is what is said of it.
        var first = TestData.PathOf("openlineage", "events", "dbt", "test", "result.json");
        var second = TestData.PathOf("openlineage", "events", "dbt", "no_test_metadata", "result.json");
        var other = _store + "-reversed";
        try
        {
            var (_, forward, _) = await CliRunner.RunAsync("ingest", first, second, "--store", _store);
            var (_, backward, _) = await CliRunner.RunAsync("ingest", second, first, "--store", other);

            static List<string> Warnings(string output) => [.. output.Split('\n').Where(l => l.StartsWith("warning: runId ", StringComparison.Ordinal))];
            Assert.NotEmpty(Warnings(forward));
            Assert.Equal(Warnings(forward), Warnings(backward));
        }
        finally
        {
            if (Directory.Exists(other))
            {
                Directory.Delete(other, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Many_small_files_ingest_a_few_at_a_time_and_are_reported_and_stored_in_their_order()
    {
        // As OpenLineage's file transport writes them with append: false, one event per file. They are ingested together
        // (sharing the store's fsyncs), but what is said of each comes in the order of the files, the store holds their
        // events in that order, and of two files holding the same event the first stores it.
        var folder = Directory.CreateTempSubdirectory("tributary-many-").FullName;
        try
        {
            var events = StoreBenchmark.SyntheticEvents(200);
            for (var i = 0; i < events.Count; i++)
            {
                var text = System.Text.Encoding.UTF8.GetString(events[i]);
                await File.WriteAllTextAsync(Path.Combine(folder, $"event-{i:D4}.json"), i switch
                {
                    57 => text.Replace("\"runId\"", "\"runIdX\"", StringComparison.Ordinal),
                    120 => "  \n",
                    121 => text + "\n" + text,
                    150 => System.Text.Encoding.UTF8.GetString(events[10]),
                    _ => text,
                });
            }

            var (code, output, error) = await CliRunner.RunAsync("ingest", folder, "--store", _store);

            Assert.Equal(1, code);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                [
                    $"{Path.Combine(folder, "event-0057.json")}: line 1: rejected: $.run.runId: required",
                    $"{Path.Combine(folder, "event-0120.json")}: empty, no events",
                    $"197 accepted, 2 duplicates, 1 rejected (200 inputs) into {_store}",
                ],
                lines);
            await using var store = FileLineageStore.Open(_store, new FileLineageStoreOptions { ReadOnly = true });
            int[] stored = [.. Enumerable.Range(0, 200).Where(i => i is not 57 and not 120 and not 150)];
            Assert.Equal(stored.Select(i => System.Text.Encoding.UTF8.GetString(events[i])), store.Read().Select(e => System.Text.Encoding.UTF8.GetString(e.Raw.Span)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_events_list_a_server_answers_with_ingests_into_another_store_as_the_same_events()
    {
        // What a user moving from Marquez (or between Tributary stores) has: GET /api/v1/events/lineage saved to a file.
        var events = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");
        Assert.Equal(0, (await CliRunner.RunAsync("ingest", events, "--store", _store)).ExitCode);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        var other = _store + "-other";
        var export = _store + "-events.json";
        try
        {
            await using (var app = LineageServer.Build(LineageServer.CreateBuilder([], new Dictionary<string, string?>
            {
                ["Tributary:Store"] = _store, ["urls"] = address, ["Logging:LogLevel:Default"] = "Warning",
            })))
            {
                await app.StartAsync();
                using var http = new HttpClient();
                await File.WriteAllTextAsync(export, await http.GetStringAsync(address + "/api/v1/events/lineage?limit=100"));
                await app.StopAsync();
            }

            var (code, output, error) = await CliRunner.RunAsync("ingest", export, "--store", other);
            var (_, again, _) = await CliRunner.RunAsync("ingest", events, "--store", other);
            var (validated, said, _) = await CliRunner.RunAsync("validate", export);

            Assert.True(code == 0, output + error);
            Assert.StartsWith("9 accepted, 0 duplicates, 0 rejected (1 input)", output, StringComparison.Ordinal);
            Assert.StartsWith("0 accepted, 9 duplicates", again, StringComparison.Ordinal);
            Assert.Equal(0, validated);
            Assert.Contains("OK (9 events)", said, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(export);
            if (Directory.Exists(other))
            {
                Directory.Delete(other, recursive: true);
            }
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }
}
