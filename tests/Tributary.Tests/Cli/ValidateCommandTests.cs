using Tributary.Tests.Support;

namespace Tributary.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Valid_files_print_ok_and_exit_zero()
    {
        var dir = TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events");

        var (code, output, _) = await CliRunner.RunAsync("validate", dir);

        Assert.Equal(0, code);
        Assert.Contains("1.json: OK (1 event)", output, StringComparison.Ordinal);
        Assert.Contains("9 files, 9 events, 0 with errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_file_prints_each_error_with_its_json_path_and_exits_one()
    {
        var file = TestData.PathOf("openlineage", "events", "proxy-fluentd", "events", "event_invalid_output_dataset_facet.json");

        var (code, output, _) = await CliRunner.RunAsync("validate", file);

        Assert.Equal(1, code);
        Assert.Contains("line 1: $.outputs[0].outputFacets.outputStatistics.rowCount: expected an integer, got a string", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_file_reports_the_bad_line_among_good_ones()
    {
        var good = File.ReadAllText(TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events", "1.json")).ReplaceLineEndings("");
        var file = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}.ndjson");
        await File.WriteAllTextAsync(file, good + "\n" + good.Replace("\"eventTime\"", "\"eventTimeX\"", StringComparison.Ordinal) + "\n");

        try
        {
            var (code, output, _) = await CliRunner.RunAsync("validate", file);

            Assert.Equal(1, code);
            Assert.Contains("1 invalid event of 2", output, StringComparison.Ordinal);
            Assert.Contains("line 2: $.eventTime: required", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Missing_path_is_a_clear_error()
    {
        var (code, _, error) = await CliRunner.RunAsync("validate", "/no/such/file.json");

        Assert.Equal(2, code);
        Assert.Contains("'/no/such/file.json' is neither a file nor a folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runId_two_jobs_use_is_a_warning_that_names_both_jobs()
    {
        var first = TestData.PathOf("openlineage", "events", "dbt", "test", "result.json");
        var second = TestData.PathOf("openlineage", "events", "dbt", "no_test_metadata", "result.json");

        var (_, output, _) = await CliRunner.RunAsync("validate", first, second);

        // Said as the store's graph says it when the same events are ingested, at the event's place in its array.
        Assert.Contains("line 2: warning: $[0].run.runId: runId 6edf42ed-d8d0-454a-b819-d09b9067ff99 is used by two jobs, ", output, StringComparison.Ordinal);
        Assert.Contains("; each keeps a run of its own", output, StringComparison.Ordinal);
        var store = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}");
        try
        {
            var (_, ingested, _) = await CliRunner.RunAsync("ingest", first, second, "--store", store);
            var graphSays = ingested.Split('\n').Where(l => l.StartsWith("warning: runId ", StringComparison.Ordinal)).Select(l => l["warning: ".Length..].Trim()).ToList();
            var validateSays = output.Split('\n').Where(l => l.Contains(".run.runId: runId ", StringComparison.Ordinal)).Select(l => l[(l.IndexOf("runId: ", StringComparison.Ordinal) + "runId: ".Length)..].Trim()).ToList();
            Assert.NotEmpty(graphSays);
            // The ingest lists its warnings in order (small files go in together, in no fixed order); validate says each at its event.
            Assert.Equal(graphSays, validateSays.Order(StringComparer.Ordinal));
        }
        finally
        {
            if (Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Every_event_the_ingest_door_refuses_is_invalid_for_the_same_reason_on_the_same_line()
    {
        // What the strict reader passes and the door's own checks refuse (a control character in a job's name and in a
        // dataset's), beside malformed and incomplete events, a valid one and one read leniently (no schemaURL).
        var source = File.ReadAllText(TestData.PathOf("openlineage", "events", "compatibility-tests", "consumer", "CLL", "events", "1.json"));
        string Changed(Action<System.Text.Json.Nodes.JsonObject> change)
        {
            var e = System.Text.Json.Nodes.JsonNode.Parse(source)!.AsObject();
            change(e);
            return e.ToJsonString();
        }

        string[] lines =
        [
            Changed(_ => { }),
            Changed(e => e["job"]!["name"] = "bell\u0007job"),
            "{\"eventType\":\"COMPLETE\",",
            Changed(e => e.Remove("eventTime")),
            Changed(e => e.Remove("schemaURL")),
            Changed(e => e["inputs"] = System.Text.Json.Nodes.JsonNode.Parse("""[{"namespace":"db","name":"orders\u0001"}]""")),
        ];
        var file = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}.ndjson");
        var store = Path.Combine(Path.GetTempPath(), $"tributary-{Guid.NewGuid():N}");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("validate", file);
            var (ingestCode, ingested, _) = await CliRunner.RunAsync("ingest", file, "--store", store);

            Assert.Equal(1, code);
            Assert.Equal(1, ingestCode);
            Assert.Contains($"{file}: 4 invalid events of 6", output, StringComparison.Ordinal);
            Assert.Contains("line 2: $.job.name: contains the control character U+0007", output, StringComparison.Ordinal);
            Assert.Contains("2 accepted, 0 duplicates, 4 rejected, 1 event with warnings", ingested, StringComparison.Ordinal);
            Assert.Equal(Said(ingested, file), Said(output, ""));
            Assert.Contains("line 5: warning: $.schemaURL: missing", output, StringComparison.Ordinal);

            // The refused event with a job's name changed reuses the first one's runId, but it is no run of anything.
            Assert.DoesNotContain("is used by two jobs", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }
        }

        // The line, path and message of every error and warning, as ingest (`name: line N: rejected: ...`) and validate
        // (`  line N: ...`) write them.
        static List<string> Said(string output, string name) =>
        [
            .. output.ReplaceLineEndings("\n").Split('\n')
                .Select(l => name.Length > 0 && l.StartsWith(name + ": line ", StringComparison.Ordinal) ? l[(name.Length + 2)..].Replace(": rejected: ", ": ", StringComparison.Ordinal)
                    : name.Length == 0 && l.StartsWith("  line ", StringComparison.Ordinal) ? l[2..] : null)
                .OfType<string>()
                .Order(StringComparer.Ordinal),
        ];
    }
}
