using System.Text.Json;
using Tributary.Json;
using Tributary.Model;

namespace Tributary.Tests.Json;

public sealed class ConformanceTests
{
    public static TheoryData<string> ConcreteFiles => EventCorpus.Files("concrete", "concrete-legacy");

    public static TheoryData<string> PartialFiles => EventCorpus.Files("partial");

    public static TheoryData<string> InvalidFiles => EventCorpus.Files("invalid-by-design");

    [Theory]
    [MemberData(nameof(ConcreteFiles))]
    public void Concrete_event_reads_and_writes_back_json_equal(string file)
    {
        var bytes = File.ReadAllBytes(EventCorpus.Resolve(file));
        var results = LineageJson.ReadMany(bytes).ToList();

        Assert.NotEmpty(results);
        foreach (var result in results)
        {
            Assert.True(result.IsSuccess, $"{file} event {result.Index}: {string.Join("; ", result.Errors)}");
            using var original = JsonDocument.Parse(result.Raw);
            using var written = JsonDocument.Parse(LineageJson.SerializeToUtf8Bytes(result.Event!));
            Assert.True(
                JsonElement.DeepEquals(original.RootElement, written.RootElement),
                $"{file} event {result.Index} differs after a round trip:\n{LineageJson.Serialize(result.Event!)}");
        }
    }

    [Theory]
    [MemberData(nameof(ConcreteFiles))]
    public void Concrete_event_rewritten_from_typed_facets_reads_back_to_the_same_model(string file)
    {
        var bytes = File.ReadAllBytes(EventCorpus.Resolve(file));

        foreach (var result in LineageJson.ReadMany(bytes))
        {
            var typed = TypedJson.WithoutSources(result.Event!);
            var again = TypedJson.WithoutSources(LineageJson.Deserialize(typed));
            Assert.Equal(JsonDocument.Parse(typed).RootElement.GetRawText(), JsonDocument.Parse(again).RootElement.GetRawText());
        }
    }

    [Theory]
    [MemberData(nameof(PartialFiles))]
    public void Partial_event_reads_with_partial_option(string file)
    {
        var bytes = File.ReadAllBytes(EventCorpus.Resolve(file));
        var results = LineageJson.ReadMany(bytes, LineageReadOptions.PartialEvents).ToList();

        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.True(r.IsSuccess, $"{file} event {r.Index}: {string.Join("; ", r.Errors)}"));
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Invalid_by_design_event_is_rejected_with_a_json_path(string file)
    {
        var bytes = File.ReadAllBytes(EventCorpus.Resolve(file));
        var results = LineageJson.ReadMany(bytes).ToList();

        var result = Assert.Single(results);
        Assert.False(result.IsSuccess);
        Assert.All(result.Errors, e => Assert.StartsWith("$.", e.Path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("proxy-fluentd/events/event_invalid_dataset_facet.json", "$.outputs[0].facets.ownership.owners[0].name", "required")]
    [InlineData("proxy-fluentd/events/event_invalid_input_dataset_facet.json", "$.inputs[0].inputFacets.dataQualityMetrics.columnMetrics", "required (the facet has neither columnMetrics nor rowCount)")]
    [InlineData("proxy-fluentd/events/event_invalid_job_facet.json", "$.job.facets.ownership.owners[0].name", "required")]
    [InlineData("proxy-fluentd/events/event_invalid_output_dataset_facet.json", "$.outputs[0].outputFacets.outputStatistics.rowCount", "expected an integer, got a string")]
    [InlineData("proxy-fluentd/events/event_invalid_run_facet.json", "$.run.facets.parent.run.runId", "required")]
    [InlineData("proxy-fluentd/events/event_no_run_id.json", "$.run.runId", "required")]
    [InlineData("spark/cli/test_failing/example_failing.json", "$.run.runId", "required")]
    public void Invalid_event_error_names_the_offending_path(string file, string path, string message)
    {
        var bytes = File.ReadAllBytes(EventCorpus.Resolve("openlineage/events/" + file));

        var ex = Assert.Throws<LineageFormatException>(() => LineageJson.Deserialize(bytes));

        Assert.Contains(ex.Errors, e => e.Path == path && e.Message == message);
    }

    [Fact]
    public void Marquez_fixtures_read()
    {
        var root = Tributary.Tests.Support.TestData.PathOf("marquez");
        var files = Directory.GetFiles(Path.Combine(root, "api-test-resources", "open_lineage"), "*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "api-test-resources", "apples"), "*.json"))
            .Append(Path.Combine(root, "seed", "metadata.json"))
            .Order(StringComparer.Ordinal)
            .ToList();

        var events = 0;
        foreach (var file in files)
        {
            foreach (var result in LineageJson.ReadMany(File.ReadAllBytes(file)))
            {
                Assert.True(result.IsSuccess, $"{file} event {result.Index}: {string.Join("; ", result.Errors)}");
                events++;
            }
        }

        Assert.True(events >= 45, $"read only {events} Marquez events");
    }

    [Fact]
    public void Marquez_event_without_time_zone_reads_as_utc_with_a_warning()
    {
        var file = Tributary.Tests.Support.TestData.PathOf("marquez", "api-test-resources", "open_lineage", "event_required_no_timezone.json");

        var result = Assert.Single(LineageJson.ReadMany(File.ReadAllBytes(file)));

        Assert.True(result.IsSuccess);
        Assert.Equal(TimeSpan.Zero, result.Event!.EventTime.Offset);
        Assert.Contains(result.Warnings, w => w.Path == "$.eventTime");
    }

    [Fact]
    public void Dbt_produced_events_read_once_their_test_matchers_are_filled_in()
    {
        var dir = Tributary.Tests.Support.TestData.PathOf("openlineage", "events", "dbt");
        var count = 0;
        foreach (var file in Directory.GetFiles(dir, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var filled = TemplateFiller.Fill(File.ReadAllText(file));
            foreach (var result in LineageJson.ReadMany(filled, LineageReadOptions.PartialEvents))
            {
                Assert.True(result.IsSuccess, $"{file} event {result.Index}: {string.Join("; ", result.Errors)}");
                Assert.IsType<RunEvent>(result.Event);
                count++;
            }
        }

        Assert.True(count >= 400, $"read only {count} dbt events");
    }
}
