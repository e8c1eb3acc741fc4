using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tributary.Dbt;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Server.Hosting;
using Tributary.Server.Tests.Support;
using Tributary.Storage;
using Tributary.Tracking;

namespace Tributary.Server.Tests;

/// <summary>
/// Every door reads and writes the same store: an event sent again is a duplicate through the command line, the
/// server and the SDK even after compaction moved it into the lake; queries read a store a running
/// <c>tributary serve</c> holds; <c>ingest</c> and <c>import</c> into such a store go through that server. The
/// command line and the server run as real processes here, as a user runs them.
/// </summary>
public sealed class StoreDoorTests
{
    private static readonly string CllEvents = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");

    private static string Dbt(string file) => TestData.PathOf("dbt", "openlineage-dbt-postgres", file);

    private static string[] ImportDbt(string store, params string[] more) => ["import", "dbt", Dbt("manifest.json"), Dbt("run_results.json"), "--store", store, .. more];

    [Theory]
    [InlineData("ingest")]
    [InlineData("import dbt")]
    [InlineData("server")]
    [InlineData("sdk")]
    public async Task An_event_sent_again_after_compaction_moved_it_into_the_lake_is_a_duplicate_through_every_door(string door)
    {
        using var dir = new TempDirectory();
        var store = Path.Combine(dir.Path, "store");
        var stored = await CompactedStoreAsync(store);
        var again = File.ReadAllBytes(Path.Combine(CllEvents, "1.json"));

        switch (door)
        {
            case "ingest":
                var ingest = await CliProcess.RunAsync("ingest", CllEvents, "--store", store);
                Assert.Equal(0, ingest.ExitCode);
                Assert.StartsWith("0 accepted, 9 duplicates, 0 rejected (9 inputs)", ingest.Output, StringComparison.Ordinal);
                break;
            case "import dbt":
                var import = await CliProcess.RunAsync(ImportDbt(store));
                Assert.Equal(0, import.ExitCode);
                Assert.StartsWith("dbt: 5 jobs, 8 datasets, 10 events: 0 accepted, 10 duplicates, 0 rejected", import.Output, StringComparison.Ordinal);
                break;
            case "server":
                await using (var server = await LiveServer.StartAsync(store))
                {
                    using var http = new HttpClient { BaseAddress = server.Address };
                    var response = await http.PostAsync("api/v1/lineage", Events.Content(Encoding.UTF8.GetString(again)));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    Assert.Equal("duplicate", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
                }

                break;
            default:
                await using (var embedded = EmbeddedLineageStore.Open(store))
                {
                    var ingestor = await LineageIngestor.OpenAsync(embedded);
                    await new StoreTransport(ingestor).SendAsync(LineageJson.Deserialize(again), CancellationToken.None);
                }

                break;
        }

        Assert.Equal(stored, await StoredEventsAsync(store));
    }

    [Fact]
    public async Task Queries_read_a_store_that_a_running_server_holds_without_a_lock_error()
    {
        using var dir = new TempDirectory();
        var store = Path.Combine(dir.Path, "store");
        Assert.Equal(0, (await CliProcess.RunAsync("ingest", CllEvents, "--store", store)).ExitCode);
        using var server = await ServerProcess.StartAsync(store);

        var upstream = await CliProcess.RunAsync("upstream", "/tmp/cll_test/tbl1", "--store", store, "--format", "csv");
        var find = await CliProcess.RunAsync("find", "--store", store, "--format", "csv");

        Assert.Equal((0, ""), (upstream.ExitCode, upstream.Error));
        Assert.Contains("dataset:file:/tmp/cll_test/cll_source1", upstream.Output, StringComparison.Ordinal);
        Assert.Contains("dataset:file:/tmp/cll_test/cll_source2", upstream.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (find.ExitCode, find.Error));
        Assert.Contains("dataset:file:/tmp/cll_test/tbl1", find.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queries_succeed_while_another_process_appends_to_the_store_and_compacts_it_into_the_lake()
    {
        using var dir = new TempDirectory();
        var store = Path.Combine(dir.Path, "store");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { ServerProcess.CliDll, "crash-writer", "--store", store, "--writers", "2", "--compact-every", "300" })
        {
            info.ArgumentList.Add(arg);
        }

        using var writer = Process.Start(info)!;
        writer.OutputDataReceived += (_, _) => { };
        writer.ErrorDataReceived += (_, _) => { };
        writer.BeginOutputReadLine();
        writer.BeginErrorReadLine();
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(store, "lake", "_manifest.json")) && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }

            // Every compaction drops log segments; a query that listed them a moment before must still read every event.
            for (var i = 0; i < 6; i++)
            {
                var stats = await CliProcess.RunAsync("stats", "--store", store, "--format", "json");
                Assert.True(stats.ExitCode == 0 && stats.Error.Length == 0, $"exit code {stats.ExitCode}: {stats.Error}");
                Assert.StartsWith("[", stats.Output, StringComparison.Ordinal);
            }

            Assert.False(writer.HasExited, "the writer stopped by itself");
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Ingest_and_import_into_a_store_a_server_holds_go_through_that_server_and_its_answers_include_the_events()
    {
        using var dir = new TempDirectory();
        var store = Path.GetFullPath(Path.Combine(dir.Path, "store"));
        using var server = await ServerProcess.StartAsync(store);
        var url = server.Address.ToString().TrimEnd('/');

        var ingest = await CliProcess.RunAsync("ingest", CllEvents, "--store", store);
        var again = await CliProcess.RunAsync("ingest", CllEvents, "--store", store);
        var import = await CliProcess.RunAsync(ImportDbt(store));

        Assert.Equal(url, ServerRegistration.Read(Path.Combine(store, ServerRegistration.FileName))?.Url);
        Assert.Equal((0, ""), (ingest.ExitCode, ingest.Error));
        Assert.Equal($"9 accepted, 0 duplicates, 0 rejected (9 inputs) into {store} through the server at {url}", ingest.Output.Trim());
        Assert.StartsWith("0 accepted, 9 duplicates, 0 rejected (9 inputs)", again.Output, StringComparison.Ordinal);
        Assert.Equal((0, ""), (import.ExitCode, import.Error));
        Assert.Equal($"dbt: 5 jobs, 8 datasets, 10 events: 10 accepted, 0 duplicates, 0 rejected into {store} through the server at {url}", import.Output.Trim());
        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(19, (await http.GetFromJsonAsync<JsonElement>("api/v1/stats")).GetProperty("events").GetInt64());
        var search = await http.GetStringAsync("api/v1/search?q=tbl1");
        Assert.Contains("/tmp/cll_test/tbl1", search, StringComparison.Ordinal);
        var customers = await http.GetStringAsync("api/v1/search?q=customers");
        Assert.Contains("customers", customers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_event_sent_through_the_server_is_reported_with_its_line_and_path_as_a_local_ingest_reports_it()
    {
        using var dir = new TempDirectory();
        var held = Path.Combine(dir.Path, "held");
        var plain = Path.Combine(dir.Path, "plain");
        var blank = Events.Run("  ", ["a"], ["b"]).ToJsonString();
        var file = Path.Combine(dir.Path, "events.ndjson");
        await File.WriteAllTextAsync(file, blank + "\n" + Events.Run("good", ["a"], ["b"]).ToJsonString() + "\n{not json\n");
        using var server = await ServerProcess.StartAsync(held);

        var through = await CliProcess.RunAsync("ingest", file, "--store", held);
        var local = await CliProcess.RunAsync("ingest", file, "--store", plain);

        Assert.Equal(1, through.ExitCode);
        Assert.Contains("line 1: rejected: $.job.name: required, and must not be blank", through.Output, StringComparison.Ordinal);
        Assert.Contains("line 3: rejected: $: malformed JSON", through.Output, StringComparison.Ordinal);
        Assert.Contains("1 accepted, 0 duplicates, 2 rejected (1 input)", through.Output, StringComparison.Ordinal);
        Assert.Equal(Lines(local.Output)[..^1], Lines(through.Output)[..^1]);
    }

    [Fact]
    public async Task Events_taken_with_warnings_through_the_server_are_reported_as_a_local_ingest_reports_them()
    {
        using var dir = new TempDirectory();
        var held = Path.Combine(dir.Path, "held");
        var plain = Path.Combine(dir.Path, "plain");
        var file = Path.Combine(dir.Path, "events.ndjson");
        // Twelve events read leniently (no schemaURL, a run named rather than a UUID), one bad one, one without warnings.
        var lenient = Enumerable.Range(0, 12).Select(i =>
            $$"""{"eventType":"COMPLETE","eventTime":"2024-01-01T00:00:{{i:00}}Z","run":{"runId":"run-{{i}}"},"job":{"namespace":"ns","name":"j"},"producer":"p"}""");
        await File.WriteAllLinesAsync(file, [.. lenient, "{not json", Events.Run("good", ["a"], ["b"]).ToJsonString()]);
        using var server = await ServerProcess.StartAsync(held);

        var through = await CliProcess.RunAsync("ingest", file, "--store", held);
        var local = await CliProcess.RunAsync("ingest", file, "--store", plain);

        Assert.Contains("line 1: warning: $.schemaURL: missing", through.Output, StringComparison.Ordinal);
        Assert.Contains("2 more events with warnings", through.Output, StringComparison.Ordinal);
        Assert.Contains("13 accepted, 0 duplicates, 1 rejected, 12 events with warnings (1 input)", through.Output, StringComparison.Ordinal);
        Assert.Equal(Lines(local.Output)[..^1], Lines(through.Output)[..^1]);
    }

    [Fact]
    public async Task The_server_option_sends_the_events_to_that_server_without_touching_the_store()
    {
        using var dir = new TempDirectory();
        var elsewhere = Path.Combine(dir.Path, "never-created");
        using var server = await ServerProcess.StartAsync(Path.Combine(dir.Path, "store"));
        var url = server.Address.ToString().TrimEnd('/');

        var ingest = await CliProcess.RunAsync("ingest", CllEvents, "--server", url, "--store", elsewhere);
        var bad = await CliProcess.RunAsync("ingest", CllEvents, "--server", "localhost:5000");

        Assert.Equal((0, ""), (ingest.ExitCode, ingest.Error));
        Assert.Equal($"9 accepted, 0 duplicates, 0 rejected (9 inputs) into the server at {url}", ingest.Output.Trim());
        Assert.False(Directory.Exists(elsewhere));
        Assert.Equal(1, bad.ExitCode);
        Assert.Equal("tributary ingest: 'localhost:5000' is not a server address; give one like --server http://127.0.0.1:5000", bad.Error.Trim());
    }

    [Fact]
    public async Task A_server_with_api_keys_gets_the_key_from_the_option_or_TRIBUTARY_API_KEY_and_without_one_the_user_is_told()
    {
        const string Key = "store-door-tests-key-0123456789";
        using var dir = new TempDirectory();
        var store = Path.GetFullPath(Path.Combine(dir.Path, "store"));
        using var server = await ServerProcess.StartAsync(store, null, "--api-key", Key);
        var url = server.Address.ToString().TrimEnd('/');

        var without = await CliProcess.RunAsync("ingest", CllEvents, "--store", store);
        var wrong = await CliProcess.RunAsync("ingest", CllEvents, "--store", store, "--api-key", "not-the-key-0123456789");
        var withOption = await CliProcess.RunAsync("ingest", CllEvents, "--store", store, "--api-key", Key);
        var withVariable = await CliProcess.RunAsync(ImportDbt(store), new Dictionary<string, string> { ["TRIBUTARY_API_KEY"] = Key });

        Assert.Equal(1, without.ExitCode);
        Assert.Equal($"tributary ingest: the lineage server at {url} needs an API key: pass --api-key KEY or set TRIBUTARY_API_KEY", without.Error.Trim());
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal($"tributary ingest: the lineage server at {url} does not know the API key given (from --api-key or TRIBUTARY_API_KEY)", wrong.Error.Trim());
        Assert.StartsWith("9 accepted, 0 duplicates, 0 rejected", withOption.Output, StringComparison.Ordinal);
        Assert.StartsWith("dbt: 5 jobs, 8 datasets, 10 events: 10 accepted", withVariable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_stopped_cleanly_removes_its_server_json_and_one_killed_leaves_a_stale_file_the_next_ingest_ignores()
    {
        using var dir = new TempDirectory();
        var store = Path.GetFullPath(Path.Combine(dir.Path, "store"));
        var registration = Path.Combine(store, ServerRegistration.FileName);

        using (var server = await ServerProcess.StartAsync(store))
        {
            Assert.True(File.Exists(registration));
            Assert.Equal(0, await server.TerminateAsync());
        }

        Assert.False(File.Exists(registration));
        using (var server = await ServerProcess.StartAsync(store))
        {
            server.Kill();
        }

        var ingest = await CliProcess.RunAsync("ingest", CllEvents, "--store", store);

        Assert.True(File.Exists(registration));
        Assert.Equal((0, ""), (ingest.ExitCode, ingest.Error));
        Assert.Equal($"9 accepted, 0 duplicates, 0 rejected (9 inputs) into {store}", ingest.Output.Trim());
    }

    [Fact]
    public async Task A_second_serve_on_a_store_a_server_holds_says_where_it_is_served_in_one_line()
    {
        using var dir = new TempDirectory();
        var store = Path.GetFullPath(Path.Combine(dir.Path, "store"));
        using var server = await ServerProcess.StartAsync(store);

        var second = await CliProcess.RunAsync("serve", "--store", store, "--urls", $"http://127.0.0.1:{LiveServer.FreePort()}");

        Assert.Equal(1, second.ExitCode);
        Assert.Equal(
            $"tributary serve: the store {store} is already served at {server.Address.ToString().TrimEnd('/')} (process {server.Id}); use that server, or stop it first",
            Assert.Single(Lines(second.Error)));
    }

    [Theory]
    [InlineData("process gone")]
    [InlineData("process id reused")]
    public async Task Ingest_into_a_store_locked_by_a_process_that_is_no_running_server_says_what_to_do_in_one_line(string stale)
    {
        using var dir = new TempDirectory();
        var store = Path.GetFullPath(Path.Combine(dir.Path, "store"));
        await using var holder = EmbeddedLineageStore.Open(store);
        await File.WriteAllTextAsync(Path.Combine(store, ServerRegistration.FileName), StaleRegistration(stale));

        var ingest = await CliProcess.RunAsync("ingest", CllEvents, "--store", store);
        var import = await CliProcess.RunAsync(ImportDbt(store));

        foreach (var (command, run) in new[] { ("ingest", ingest), ("import dbt", import) })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            var line = Assert.Single(Lines(run.Error));
            Assert.StartsWith($"tributary {command}: the store {store} is in use by another process", line, StringComparison.Ordinal);
            Assert.Contains("--server http://HOST:PORT", line, StringComparison.Ordinal);
        }

        Assert.Equal(0, holder.Count);
    }

    // A server.json naming this machine and a process that has exited, or a live process (this one) that started at another time.
    private static string StaleRegistration(string stale)
    {
        int pid;
        DateTimeOffset started;
        if (stale == "process gone")
        {
            using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            exited.WaitForExit();
            (pid, started) = (exited.Id, DateTimeOffset.UtcNow);
        }
        else
        {
            (pid, started) = (Environment.ProcessId, DateTimeOffset.UtcNow.AddDays(-3));
        }

        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"url":"http://127.0.0.1:{{LiveServer.FreePort()}}","pid":{{pid}},"processStarted":"{{started:O}}","machine":"{{Environment.MachineName}}"}""");
    }

    // CLL events and the dbt import, then filler, in log segments of 4 KB; `tributary compact` moves everything into the
    // lake and drops every segment but the newest, so the CLL and dbt events are then only in the lake.
    private static async Task<long> CompactedStoreAsync(string store)
    {
        await using (var embedded = EmbeddedLineageStore.Open(store, new FileLineageStoreOptions { SegmentBytes = 4096 }))
        {
            var ingestor = await LineageIngestor.OpenAsync(embedded);
            foreach (var file in Directory.GetFiles(CllEvents, "*.json").Order(StringComparer.Ordinal))
            {
                Assert.Equal(1, (await ingestor.IngestManyAsync(await File.ReadAllBytesAsync(file))).Accepted);
            }

            foreach (var e in DbtImporter.Import(Dbt("manifest.json"), Dbt("run_results.json")))
            {
                Assert.Equal(IngestOutcome.Accepted, (await ingestor.IngestAsync(e)).Outcome);
            }

            for (var i = 0; i < 20; i++)
            {
                await ingestor.IngestAsync(Encoding.UTF8.GetBytes(Events.Run($"filler_{i}", ["a"], ["b"]).ToJsonString()));
            }
        }

        var compact = await CliProcess.RunAsync("compact", "--store", store);
        Assert.Equal(0, compact.ExitCode);
        await using var log = FileLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
        Assert.True(log.FirstSequence > 19, $"the log still starts at event {log.FirstSequence}");
        Assert.Equal(39, log.Count);
        return log.Count;
    }

    private static async Task<long> StoredEventsAsync(string store)
    {
        await using var embedded = EmbeddedLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
        var count = 0L;
        await foreach (var _ in embedded.ReadAsync())
        {
            count++;
        }

        return count;
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
