using System.Text;
using Tributary.Storage;

namespace Tributary.Tests.Cli;

/// <summary>Every mistake a user can make on the command line gets one line saying what and what to do, exit code 1 (2 for usage), and no stack trace.</summary>
public sealed class MistakeCommandTests(DemoStoreFixture demo) : IClassFixture<DemoStoreFixture>, IDisposable
{
    private static readonly int MaxEventBytes = global::Tributary.Ingest.LineageIngestorOptions.Default.MaxEventBytes;
    private readonly string _folder = Directory.CreateTempSubdirectory("tributary-mistakes-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_store_path_that_is_a_file_is_named_as_a_file_for_queries_and_ingest()
    {
        var file = Path.Combine(_folder, "lineage.json");
        await File.WriteAllTextAsync(file, "{}");

        var query = await CliRunner.RunAsync("lineage", "orders", "--store", file);
        var ingest = await CliRunner.RunAsync("ingest", file, "--store", file);

        Assert.Equal(1, query.ExitCode);
        Assert.Equal($"tributary lineage: '{file}' is a file, not a lineage store; give --store the store's folder (a new folder is created by `tributary ingest <files> --store DIR`)\n", query.Error.ReplaceLineEndings("\n"));
        Assert.Equal(1, ingest.ExitCode);
        Assert.StartsWith($"tributary ingest: '{file}' is a file, not a lineage store;", ingest.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compact_with_retain_days_zero_is_refused_before_the_store_is_touched()
    {
        var (code, output, error) = await CliRunner.RunAsync("compact", "--retain-days", "0", "--store", demo.Directory);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("tributary compact: --retain-days 0 would drop every raw event; keep at least 1 day (for example --retain-days 90), or leave the option out to keep everything\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Compact_of_a_store_another_process_writes_says_so_and_what_to_do()
    {
        var store = Path.Combine(_folder, "held");
        await using var held = EmbeddedLineageStore.Open(store);

        var (code, _, error) = await CliRunner.RunAsync("compact", "--store", store);

        Assert.Equal(1, code);
        Assert.Equal($"tributary compact: the store {store} is in use by another process (an ingest or a compaction); wait for it to finish and run this again\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Serve_with_a_short_api_key_says_how_long_a_key_must_be_and_starts_nothing()
    {
        var (code, _, error) = await CliRunner.RunAsync("serve", "--store", Path.Combine(_folder, "store"), "--api-key", "short-key", "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Equal("tributary serve: --api-key number 1 has 9 characters; an API key needs at least 16 (make one with `openssl rand -hex 24`)\n", error.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(Path.Combine(_folder, "store")));
    }

    [Fact]
    public async Task Serve_with_a_short_key_from_configuration_is_one_line_without_a_stack_trace()
    {
        var (code, _, error) = await CliRunner.RunAsync("serve", "--store", Path.Combine(_folder, "store"), "--urls", "http://127.0.0.1:0", "--Tributary:ApiKeys:0:Key=tiny");

        Assert.Equal(1, code);
        Assert.Equal("tributary serve: Tributary:ApiKeys:0:Key must be at least 16 characters long.\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--port", "5077", "unknown option --port (where to listen: --urls http://HOST:PORT); settings go as --Section:Key=value (e.g. --Tributary:CompactEveryEvents=50000), see tributary serve --help")]
    [InlineData("--bogus", "1", "unknown option --bogus; settings go as --Section:Key=value (e.g. --Tributary:CompactEveryEvents=50000), see tributary serve --help")]
    [InlineData("stray", "--Tributary:MaxEventBytes=100000", "unexpected argument 'stray'; settings go as --Section:Key=value (e.g. --Tributary:CompactEveryEvents=50000)")]
    [InlineData("--urls", "--Tributary:MaxEventBytes", "--Tributary:MaxEventBytes needs a value: --Tributary:MaxEventBytes=VALUE or --Tributary:MaxEventBytes VALUE")]
    public async Task Serve_with_an_option_it_does_not_know_says_so_and_starts_nothing(string first, string second, string message)
    {
        var store = Path.Combine(_folder, "store");
        var arguments = first == "--urls" ? new[] { "serve", "--store", store, "--urls", "http://127.0.0.1:0", second } : ["serve", "--store", store, "--urls", "http://127.0.0.1:0", first, second];

        var (code, output, error) = await CliRunner.RunAsync(arguments);

        Assert.Equal(1, code);
        Assert.Equal($"tributary serve: {message}\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("", output);
        Assert.False(Directory.Exists(store));
    }

    [Theory]
    [InlineData("stale", "--hours")]
    [InlineData("timeline", "--hours")]
    [InlineData("report", "--stale-hours")]
    public async Task Negative_hours_are_refused(string command, string option)
    {
        var (code, _, error) = await CliRunner.RunAsync(command, option, "-5", "--store", demo.Directory);

        Assert.Equal(1, code);
        Assert.Equal($"tributary {command}: {option} -5 is not a number of hours; give 0 or more, such as {option} 24\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Validate_applies_the_ingest_doors_size_limit_in_the_doors_words()
    {
        var file = Path.Combine(_folder, "huge.json");
        await File.WriteAllTextAsync(file, Event(Guid.NewGuid(), description: new string('x', MaxEventBytes)));
        var inLine = Path.Combine(_folder, "huge-among-others.ndjson");
        await File.WriteAllTextAsync(inLine, Event(Guid.NewGuid()) + "\n" + Event(Guid.NewGuid(), description: new string('x', MaxEventBytes + 1000)) + "\n");

        var (code, output, _) = await CliRunner.RunAsync("validate", file);
        var (_, ingested, _) = await CliRunner.RunAsync("ingest", file, "--store", Path.Combine(_folder, "store"));
        var (_, beside, _) = await CliRunner.RunAsync("validate", inLine);

        // Read a block at a time, the event is refused once it passes the limit, without being held whole: ingest
        // says the same of it.
        var said = $"line 1: $: the event is more than {MaxEventBytes} bytes; at most {MaxEventBytes} are accepted";
        Assert.Equal(1, code);
        Assert.Contains("  " + said, output, StringComparison.Ordinal);
        Assert.Contains($"{file}: {said.Replace(": $", ": rejected: $", StringComparison.Ordinal)}", ingested, StringComparison.Ordinal);

        // One that fits in what was read already is measured.
        var second = File.ReadAllLines(inLine)[1];
        Assert.Contains($"  line 2: $: the event is {System.Text.Encoding.UTF8.GetByteCount(second)} bytes; at most {MaxEventBytes} are accepted", beside, StringComparison.Ordinal);
        Assert.Contains("1 invalid event of 2", beside, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_reports_empty_files_and_empty_standard_input()
    {
        var file = Path.Combine(_folder, "empty.json");
        await File.WriteAllTextAsync(file, "  \n");
        var output = new StringWriter();

        var code = await global::Tributary.Cli.Commands.ValidateCommand.RunAsync([file, "-"], output, new StringWriter(), new StringReader(""));

        Assert.Equal(1, code);
        Assert.Equal($"{file}: ERROR empty: no events (the input has no content)\n<stdin>: ERROR empty: no events (the input has no content)\n2 files, 0 events, 2 with errors\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Ingest_reports_an_empty_file_and_fails_when_every_input_was_empty()
    {
        var empty = Path.Combine(_folder, "empty.ndjson");
        await File.WriteAllTextAsync(empty, "");
        var mark = Path.Combine(_folder, "only-a-byte-order-mark.json");
        await File.WriteAllBytesAsync(mark, [0xEF, 0xBB, 0xBF, (byte)'\n']);

        var (code, output, error) = await CliRunner.RunAsync("ingest", empty, "--store", Path.Combine(_folder, "store"));
        var (markCode, markOutput, _) = await CliRunner.RunAsync("ingest", mark, "--store", Path.Combine(_folder, "store"));
        var (_, validated, _) = await CliRunner.RunAsync("validate", mark);

        Assert.Equal(1, code);
        Assert.StartsWith($"{empty}: empty, no events\n0 accepted, 0 duplicates, 0 rejected (1 input)", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("tributary ingest: every input was empty; nothing was stored. Give files that hold OpenLineage events.\n", error.ReplaceLineEndings("\n"));

        // A byte order mark is no event: empty to ingest as to validate.
        Assert.Equal(1, markCode);
        Assert.StartsWith($"{mark}: empty, no events\n", markOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.StartsWith($"{mark}: ERROR empty: no events (the input has no content)\n", validated.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_during_ingest_says_how_many_events_were_stored_and_exits_130()
    {
        var file = Path.Combine(_folder, "many.ndjson");
        var text = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            text.Append(Event(new Guid(i, 0, 0, new byte[8]))).Append('\n');
        }

        await File.WriteAllTextAsync(file, text.ToString());
        var store = Path.Combine(_folder, "store");
        using var interrupt = new CancellationTokenSource();
        var run = CliRunner.RunAsync(["ingest", file, "--store", store], interrupt.Token);
        // Press Ctrl+C once the first events are durable.
        while (!run.IsCompleted && await StoredInAsync(store) == 0)
        {
            await Task.Delay(5);
        }

        await interrupt.CancelAsync();
        var (code, _, error) = await run;

        await using var opened = EmbeddedLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
        Assert.Equal(130, code);
        Assert.InRange(opened.Count, 1, 59_999);
        Assert.Equal($"tributary ingest: interrupted by Ctrl+C; {opened.Count} new events were stored into {store} before it. Run the same command again to add the rest: events already stored count as duplicates.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Sql_exits_1_when_a_statement_has_an_error_and_names_a_folder_as_a_folder()
    {
        var bad = Path.Combine(_folder, "bad.sql");
        await File.WriteAllTextAsync(bad, "SELECT FROM WHERE");

        var (badCode, badOutput, _) = await CliRunner.RunAsync("sql", bad);
        var (folderCode, _, folderError) = await CliRunner.RunAsync("sql", _folder);

        Assert.Equal(1, badCode);
        Assert.Contains("1:8: error: expected an expression, found 'FROM'", badOutput, StringComparison.Ordinal);
        Assert.Equal(1, folderCode);
        Assert.Equal($"tributary sql: '{_folder}' is a folder; give one SQL file, or - to read standard input (for example `cat {_folder}/*.sql | tributary sql -`)\n", folderError.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Timeline_takes_now_like_stale()
    {
        var (code, output, _) = await CliRunner.RunAsync("timeline", "--now", "2025-01-18T00:00:00Z", "--hours", "96", "--format", "json", "--store", demo.Directory);
        var (_, today, _) = await CliRunner.RunAsync("timeline", "--format", "json", "--store", demo.Directory);

        Assert.Equal(0, code);
        using var then = System.Text.Json.JsonDocument.Parse(output);
        using var now = System.Text.Json.JsonDocument.Parse(today);
        Assert.StartsWith("2025-01-18T00:00:00", then.RootElement.GetProperty("to").GetString(), StringComparison.Ordinal);
        Assert.True(then.RootElement.GetProperty("runCount").GetInt32() > 10);
        Assert.Equal(0, now.RootElement.GetProperty("runCount").GetInt32());
    }

    [Fact]
    public async Task Columns_show_each_transformations_type_and_subtype_in_the_table()
    {
        var (code, output, _) = await CliRunner.RunAsync("columns", "customer_revenue_summary.total_profit", "--upstream", "1", "--downstream", "0", "--store", demo.Directory);

        Assert.Equal(0, code);
        Assert.Contains("transformation (type/subtype)", output, StringComparison.Ordinal);
        Assert.Contains("DIRECT/", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("md", "## Data quality", "## Personal data", "profit\\_non\\_negative")]
    [InlineData("html", "<h2>Data quality</h2>", "<h2>Personal data</h2>", "profit_non_negative")]
    public async Task The_summary_report_has_data_quality_and_personal_data_sections(string format, string quality, string pii, string assertion)
    {
        var (code, output, _) = await CliRunner.RunAsync("report", "--format", format, "--store", demo.Directory);

        Assert.Equal(0, code);
        Assert.Contains(quality, output, StringComparison.Ordinal);
        Assert.Contains(assertion, output[output.IndexOf(quality, StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains(pii, output, StringComparison.Ordinal);
        Assert.Contains("email", output[output.IndexOf(pii, StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_one_line_and_a_pointer_to_help_with_exit_code_2()
    {
        var (code, output, error) = await CliRunner.RunAsync("stale", "--hourz", "5");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("tributary stale: Unrecognized command or argument '--hourz'.\ntributary stale: Unrecognized command or argument '5'.\nrun `tributary stale --help` to see how to use it\n", error.ReplaceLineEndings("\n"));
    }

    private static async Task<long> StoredInAsync(string store)
    {
        try
        {
            await using var opened = EmbeddedLineageStore.Open(store, new FileLineageStoreOptions { ReadOnly = true });
            return opened.Count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // not created yet
        }
    }

    private static string Event(Guid run, string? description = null) =>
        "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2024-01-15T09:30:00Z\",\"run\":{\"runId\":\"" + run + "\"},\"job\":{\"namespace\":\"ns\",\"name\":\"job\""
        + (description is null ? "" : ",\"facets\":{\"documentation\":{\"_producer\":\"https://x\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json\",\"description\":\"" + description + "\"}}")
        + "},\"inputs\":[],\"outputs\":[],\"producer\":\"https://example.com/test\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent\"}";
}
