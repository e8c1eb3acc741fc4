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

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }
}
