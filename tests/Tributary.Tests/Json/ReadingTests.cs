using System.Text;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Json;

public sealed class ReadingTests
{
    private const string Minimal = """
        {"eventType":"START","eventTime":"2024-05-01T10:00:00Z","producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run":{"runId":"0190f7c8-93a6-7c0e-9d1e-7d4b6f0e1a2b"},"job":{"namespace":"ns","name":"job"},"inputs":[],"outputs":[]}
        """;

    [Fact]
    public void Malformed_json_names_line_and_column()
    {
        var ex = Assert.Throws<LineageFormatException>(() => LineageJson.Deserialize("{\n  \"eventType\": START\n}"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$", error.Path);
        Assert.StartsWith("malformed JSON at line 2, column", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var json = Minimal.Replace("\"START\"", "\"BEGIN\"", StringComparison.Ordinal)
            .Replace("2024-05-01T10:00:00Z", "yesterday", StringComparison.Ordinal)
            .Replace("\"outputs\":[]", "\"outputs\":[{\"namespace\":\"ns\"}]", StringComparison.Ordinal);

        var ex = Assert.Throws<LineageFormatException>(() => LineageJson.Deserialize(json));

        Assert.Contains(ex.Errors, e => e.Path == "$.eventType");
        Assert.Contains(ex.Errors, e => e.Path == "$.eventTime" && e.Message.Contains("not an ISO-8601", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "$.outputs[0].name" && e.Message == "required");
    }

    [Fact]
    public void Run_id_that_is_not_a_uuid_gets_a_stable_name_based_uuid_and_is_written_back_as_sent()
    {
        var json = Minimal.Replace("0190f7c8-93a6-7c0e-9d1e-7d4b6f0e1a2b", "run_id", StringComparison.Ordinal);

        var result = Assert.Single(LineageJson.ReadMany(Encoding.UTF8.GetBytes(json)));
        var e = (RunEvent)result.Event!;

        Assert.Equal(RunId.FromName("run_id"), e.Run.RunId);
        Assert.Contains(result.Warnings, w => w.Path == "$.run.runId");
        Assert.Contains("\"runId\":\"run_id\"", LineageJson.Serialize(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Parent_run_id_must_be_a_uuid()
    {
        var json = Minimal.Replace("\"run\":{", "\"run\":{\"facets\":{\"parent\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"run\":{\"runId\":\"x\"},\"job\":{\"namespace\":\"n\",\"name\":\"j\"}}},", StringComparison.Ordinal);

        var ex = Assert.Throws<LineageFormatException>(() => LineageJson.Deserialize(json));

        Assert.Equal("$.run.facets.parent.run.runId", Assert.Single(ex.Errors).Path);
    }

    [Fact]
    public void Missing_schema_url_is_accepted_with_a_warning()
    {
        var json = Minimal.Replace("\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\",", "", StringComparison.Ordinal);

        var result = Assert.Single(LineageJson.ReadMany(Encoding.UTF8.GetBytes(json)));

        Assert.True(result.IsSuccess);
        Assert.Null(result.Event!.SchemaUrl);
        Assert.Contains(result.Warnings, w => w.Path == "$.schemaURL");
    }

    [Fact]
    public void Nanosecond_times_are_read_to_the_nearest_tick_and_written_back_unchanged()
    {
        var json = Minimal.Replace("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123456789Z", StringComparison.Ordinal);

        var e = LineageJson.Deserialize(json);

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), e.EventTime);
        Assert.Contains("2024-05-01T10:00:00.123456789Z", LineageJson.Serialize(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_facets_are_kept_and_written_back_unchanged()
    {
        var json = Minimal.Replace("\"run\":{", "\"run\":{\"facets\":{\"spark_properties\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"properties\":{\"a\":[1,2.50,{\"b\":null}]}}},", StringComparison.Ordinal);

        var e = (RunEvent)LineageJson.Deserialize(json);

        var raw = Assert.IsType<RawFacet>(e.Run.Facets["spark_properties"]);
        Assert.Equal("p", raw.Producer);
        Assert.Contains("\"properties\":{\"a\":[1,2.50,{\"b\":null}]}", LineageJson.Serialize(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Deleted_facet_marker_is_read()
    {
        var json = Minimal.Replace("\"job\":{\"namespace\":\"ns\",\"name\":\"job\"}", "\"job\":{\"namespace\":\"ns\",\"name\":\"job\",\"facets\":{\"sql\":{\"_deleted\":true}}}", StringComparison.Ordinal);

        var e = (RunEvent)LineageJson.Deserialize(json);

        Assert.True(e.Job.Facets["sql"]!.Deleted);
    }

    [Fact]
    public void Column_lineage_keeps_every_transformation_and_masking()
    {
        var facet = """
            "columnLineage":{"_producer":"p","_schemaURL":"s","fields":{"email_hash":{"inputFields":[{"namespace":"db","name":"customers","field":"email",
              "transformations":[{"type":"DIRECT","subtype":"TRANSFORMATION","description":"sha256(email)","masking":true},{"type":"INDIRECT","subtype":"FILTER"}]}]}},
              "dataset":[{"namespace":"db","name":"customers","field":"country","transformations":[{"type":"INDIRECT","subtype":"FILTER"}]}]}
            """;
        var json = Minimal.Replace("\"outputs\":[]", "\"outputs\":[{\"namespace\":\"db\",\"name\":\"out\",\"facets\":{" + facet + "}}]", StringComparison.Ordinal);

        var e = (RunEvent)LineageJson.Deserialize(json);

        var lineage = e.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!;
        var input = Assert.Single(Assert.Single(lineage.Fields).InputFields);
        Assert.Equal(new FieldId(new DatasetId("db", "customers"), "email"), input.Id);
        Assert.True(input.Transformations[0].IsMasking);
        Assert.Equal("FILTER", input.Transformations[1].Subtype);
        Assert.Equal("country", Assert.Single(lineage.Dataset).Field);
    }

    [Fact]
    public void Ndjson_with_a_bad_line_reports_it_and_reads_the_rest()
    {
        var content = Minimal.ReplaceLineEndings("") + "\n{ broken\n" + Minimal.ReplaceLineEndings("") + "\n";

        var results = LineageJson.ReadMany(Encoding.UTF8.GetBytes(content)).ToList();

        Assert.Equal(3, results.Count);
        Assert.True(results[0].IsSuccess);
        Assert.False(results[1].IsSuccess);
        Assert.Equal(2, results[1].Line);
        Assert.StartsWith("malformed JSON at line 2", results[1].Errors[0].Message, StringComparison.Ordinal);
        Assert.True(results[2].IsSuccess);
    }

    [Fact]
    public void Json_array_errors_name_the_item_index()
    {
        var content = "[" + Minimal + "," + Minimal.Replace("\"job\":{\"namespace\":\"ns\",", "\"job\":{", StringComparison.Ordinal) + "]";

        var results = LineageJson.ReadMany(Encoding.UTF8.GetBytes(content)).ToList();

        Assert.True(results[0].IsSuccess);
        Assert.Contains(results[1].Errors, e => e.Path == "$[1].job.namespace");
    }

    [Fact]
    public void Dataset_and_job_events_are_told_apart()
    {
        var dataset = """{"eventTime":"2024-05-01T10:00:00Z","producer":"p","schemaURL":"s","dataset":{"namespace":"db","name":"t"}}""";
        var job = """{"eventTime":"2024-05-01T10:00:00Z","producer":"p","schemaURL":"s","job":{"namespace":"ns","name":"j"},"inputs":[{"namespace":"db","name":"t"}]}""";

        Assert.IsType<DatasetEvent>(LineageJson.Deserialize(dataset));
        var jobEvent = Assert.IsType<JobEvent>(LineageJson.Deserialize(job));
        Assert.Equal(new DatasetId("db", "t"), Assert.Single(jobEvent.Inputs).Id);
    }

    [Fact]
    public void Events_built_in_code_read_back_to_the_same_json()
    {
        foreach (var e in new LineageEvent[] { RichEvents.RunEvent(), RichEvents.DatasetEvent(), RichEvents.JobEvent() })
        {
            var json = LineageJson.Serialize(e);

            var again = LineageJson.Serialize(LineageJson.Deserialize(json));

            Assert.Equal(json, again);
        }
    }

    [Fact]
    public void Typed_facets_read_back_with_their_values()
    {
        var e = (RunEvent)LineageJson.Deserialize(LineageJson.Serialize(RichEvents.RunEvent()));

        Assert.Equal(OperationType.Transform, e.Run.Facets.Get<OperationTypeRunFacet>()!.OperationType);
        Assert.Equal("boom", e.Run.Facets.Get<ErrorMessageRunFacet>()!.Message);
        Assert.Equal(100, e.Inputs[0].InputFacets.Get<InputStatisticsInputDatasetFacet>()!.RowCount);
        Assert.Equal("city", e.Inputs[0].Facets.Get<SchemaDatasetFacet>()!.Fields[1].Fields[0].Name);
        Assert.Equal(new DatasetId("postgres://db:5432", "public.summary_old"), e.Outputs[0].Facets.Get<LifecycleStateChangeDatasetFacet>()!.PreviousIdentifier);
        Assert.Equal("team:finance", e.Job.Facets.Get<OwnershipFacet>()!.Owners[0].Name);
    }

    [Fact]
    public void An_event_type_alone_asks_for_the_run_and_the_job()
    {
        var ex = Assert.Throws<LineageFormatException>(() => LineageJson.Deserialize("""{"eventType":"START","eventTime":"2024-05-01T10:00:00Z","producer":"p"}"""));

        Assert.Contains(ex.Errors, e => e.Path == "$.run" && e.Message.StartsWith("required", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "$.job" && e.Message.StartsWith("required", StringComparison.Ordinal));
    }
}
