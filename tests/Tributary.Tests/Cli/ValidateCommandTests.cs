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

        Assert.Contains("$.run.runId: 6edf42ed-d8d0-454a-b819-d09b9067ff99 is also used by job", output, StringComparison.Ordinal);
        Assert.Contains("it will be kept as a separate run of job", output, StringComparison.Ordinal);
    }
}
