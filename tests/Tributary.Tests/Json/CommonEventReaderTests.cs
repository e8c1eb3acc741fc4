using System.Text;
using System.Text.Json;
using Tributary.Cli.Commands;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Json;

/// <summary>
/// The one-pass reader of the common event shape either declines or reads an event to exactly the model the general
/// reader builds: the same event as written back, the same facets' contents (written from the model, not copied from
/// their source), and no error or warning the general reader would have reported.
/// </summary>
public sealed class CommonEventReaderTests
{
    private const string Event = """{"eventTime":"2025-03-01T00:00:00.123+02:00","producer":"https://example.com/p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json","eventType":"COMPLETE","run":{"runId":"4a206628-276d-4c3c-8916-b30439d79a6e"},"job":{"namespace":"spark","name":"load"},"inputs":[{"namespace":"pg","name":"public.a","facets":{"schema":{"_producer":"p","_schemaURL":"s","fields":[{"name":"id","type":"bigint","description":"key","ordinal_position":1},{"name":"address","type":"struct","fields":[{"name":"city","type":"string"}]}]}},"inputFacets":{"inputStatistics":{"_producer":"p","_schemaURL":"s","rowCount":10,"size":null}}}],"outputs":[{"namespace":"s3://lake","name":"b","facets":{"schema":{"_producer":"p","_schemaURL":"s","fields":[{"name":"id","type":null}]},"columnLineage":{"_producer":"p","_schemaURL":"s","extra":{"kept":[1,2]},"fields":{"id":{"inputFields":[{"namespace":"pg","name":"public.a","field":"id","transformations":[{"type":"DIRECT","subtype":"IDENTITY","description":"copied","masking":false}]}],"transformationDescription":"d","transformationType":"IDENTITY"}},"dataset":[{"namespace":"pg","name":"public.a","field":"id"}]}},"outputFacets":{"outputStatistics":{"_producer":"p","_schemaURL":"s","rowCount":3,"size":4,"fileCount":1}}}]}""";

    // Every facet the one-pass read types, raw facets around them, and escaped text.
    private const string FacetEvent = """{"eventTime":"2025-03-01T00:00:00Z","producer":"p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json","eventType":"START","run":{"runId":"4a206628-276d-4c3c-8916-b30439d79a6e","facets":{"parent":{"_producer":"p","_schemaURL":"s","run":{"runId":"5a206628-276d-4c3c-8916-b30439d79a6e"},"job":{"namespace":"air","name":"dag.task"},"root":{"run":{"runId":"6a206628-276d-4c3c-8916-b30439d79a6e"},"job":{"namespace":"air","name":"dag"}}},"nominalTime":{"_producer":"p","_schemaURL":"s","nominalStartTime":"2025-03-01T00:00:00Z","nominalEndTime":"2025-03-01T01:00:00.5+01:00"},"processing_engine":{"_producer":"p","_schemaURL":"s","version":"3.5","name":"spark","openlineageAdapterVersion":"1.2"},"errorMessage":{"_producer":"p","_schemaURL":"s","message":"boom \"quoted\"","programmingLanguage":"python","stackTrace":"line 1\nline 2"},"tags":{"_producer":"p","_schemaURL":"s","tags":[{"key":"team","value":"core","source":"manual"},{"key":"pii","value":"true","field":"email"}]},"spark.logicalPlan":{"_producer":"p","_schemaURL":"s","plan":[{"class":"x","num-children":0,"table":null,"nested":{"deep":[1,2.5,true,null,"\u00e9\n"]}}]},"airflow":{"_producer":"p","_schemaURL":"s","task":{"id":"t"}},"noHeader":{"only":1}}},"job":{"namespace":"air","name":"dag.task","facets":{"jobType":{"_producer":"p","_schemaURL":"s","processingType":"BATCH","integration":"AIRFLOW","jobType":"TASK"},"sql":{"_producer":"p","_schemaURL":"s","query":"SELECT a\n  FROM \"t\"","dialect":"postgres"},"sourceCode":{"_producer":"p","_schemaURL":"s","language":"python","sourceCode":"def f():\n    return 1"},"sourceCodeLocation":{"_producer":"p","_schemaURL":"s","type":"git","url":"https://g/r","repoUrl":"https://g/r.git","path":"dags/a.py","version":"abc","tag":"v1","branch":"main"},"documentation":{"_producer":"p","_schemaURL":"s","description":"the job","contentType":"text/markdown"},"ownership":{"_producer":"p","_schemaURL":"s","owners":[{"name":"user:ann","type":"MAINTAINER"},{"name":"team:data"}]},"gcp_lineage":{"_producer":"p","_schemaURL":"s","origin":{"sourceType":"X"}}}},"inputs":[{"namespace":"pg","name":"public.a","facets":{"dataSource":{"_producer":"p","_schemaURL":"s","name":"pg","uri":"postgres://h:5432/db"},"symlinks":{"_producer":"p","_schemaURL":"s","identifiers":[{"namespace":"hive","name":"db.a","type":"TABLE"}]},"storage":{"_producer":"p","_schemaURL":"s","storageLayer":"iceberg","fileFormat":"parquet"},"version":{"_producer":"p","_schemaURL":"s","datasetVersion":"7"},"datasetType":{"_producer":"p","_schemaURL":"s","datasetType":"TABLE","subType":"VIEW"},"documentation":{"_producer":"p","_schemaURL":"s","description":"a"},"ownership":{"_producer":"p","_schemaURL":"s"},"additionalProp1":{"_producer":"p","_schemaURL":"s","x":[]}},"inputFacets":{"dataQualityAssertions":{"_producer":"p","_schemaURL":"s","assertions":[{"assertion":"not_null","success":true,"column":"id"},{"assertion":"row_count_between","success":false,"severity":"high","description":"too few"}]}}}],"outputs":[{"namespace":"pg","name":"public.b","facets":{"lifecycleStateChange":{"_producer":"p","_schemaURL":"s","lifecycleStateChange":"RENAME","previousIdentifier":{"namespace":"pg","name":"public.old"}},"tags":{"_producer":"p","_schemaURL":"s","tags":[]}},"outputFacets":{"custom":{"_producer":"p","_schemaURL":"s","n":1}}}]}""";

    public static TheoryData<string> CorpusFiles() =>
        EventCorpus.Files("concrete", "concrete-legacy", "partial", "template", "invalid-by-design");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Every_corpus_event_is_declined_or_read_as_the_general_reader_reads_it(string path)
    {
        var content = await File.ReadAllBytesAsync(EventCorpus.Resolve(path));

        foreach (var slice in EventSplitter.Slices(content))
        {
            if (slice.Failure is null)
            {
                AssertReadAsTheGeneralReader(slice.Raw.ToArray());
            }
        }
    }

    [Fact]
    public void Every_realistic_and_small_bench_event_takes_the_one_pass_read_and_reads_as_the_general_reader()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tributary-common-{Guid.NewGuid():N}.ndjson");
        try
        {
            new StoreWorkload(400, 50, 11).WriteNdjson(path);
            var realistic = File.ReadAllLines(path).Select(Encoding.UTF8.GetBytes).ToList();
            var small = StoreBenchmark.SyntheticEvents(200);

            foreach (var e in realistic.Concat(small))
            {
                Assert.True(AssertReadAsTheGeneralReader(e), Encoding.UTF8.GetString(e));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Most_concrete_corpus_events_take_the_one_pass_read()
    {
        var (read, all) = (0, 0);
        foreach (var path in EventCorpus.Files("concrete", "concrete-legacy"))
        {
            foreach (var slice in EventSplitter.Slices(await File.ReadAllBytesAsync(EventCorpus.Resolve(path))))
            {
                if (slice.Failure is null)
                {
                    all++;
                    read += AssertReadAsTheGeneralReader(slice.Raw.ToArray()) ? 1 : 0;
                }
            }
        }

        // 123 of 132 today (85 before events without a schemaURL or a zone were read with their warnings). The others
        // are for the general reader: job and dataset events, a run id that is no UUID (a warning), the data-quality
        // metrics facet.
        Assert.True(read * 10 >= all * 9, $"{read} of {all} corpus events took the one-pass read");
    }

    [Fact]
    public void An_event_using_every_part_the_one_pass_read_knows_reads_as_the_general_reader()
    {
        Assert.True(AssertReadAsTheGeneralReader(Encoding.UTF8.GetBytes(Event)));
    }

    [Theory]
    [InlineData("\"eventType\":\"COMPLETE\"", "\"eventType\":\"DONE\"")] // an error
    [InlineData("\"eventType\":\"COMPLETE\"", "\"eventType\":null")]
    [InlineData("\"2025-03-01T00:00:00.123+02:00\"", "\"2025-03-01T00:00:00\"")] // a warning: no zone
    [InlineData("\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json\",", "")] // a warning: no schema URL
    [InlineData("\"4a206628-276d-4c3c-8916-b30439d79a6e\"", "\"run-1\"")] // a warning: not a UUID
    [InlineData("\"name\":\"load\"", "\"name\":\"lo\\u0061d\"")] // an escape
    [InlineData("\"name\":\"load\"", "\"name\":\"load\",\"name\":\"other\"")] // a repeat: the last one counts
    [InlineData("\"rowCount\":3", "\"rowCount\":3,\"rowCount\":4")]
    [InlineData("\"field\":\"id\",\"transformations\"", "\"field\":\"id\",\"field\":\"x\",\"transformations\"")]
    [InlineData("\"job\":{\"namespace\":\"spark\"", "\"job\":{\"facets\":{\"sql\":{\"query\":\"select 1\"}},\"namespace\":\"spark\"")] // another facet
    [InlineData("\"job\":{\"namespace\":\"spark\"", "\"job\":{\"facets\":{},\"namespace\":\"spark\"")] // empty facets are kept
    [InlineData("\"run\":{", "\"run\":{\"facets\":{},")]
    [InlineData("\"outputFacets\":{", "\"outputFacets\":{},\"x\":{")] // an unknown property
    [InlineData("\"producer\":", "\"extra\":1,\"producer\":")]
    [InlineData("{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"rowCount\":3", "{\"_producer\":\"p\",\"_deleted\":true,\"_schemaURL\":\"s\",\"rowCount\":3")]
    [InlineData("\"rowCount\":3", "\"rowCount\":3.0")]
    [InlineData("\"rowCount\":3", "\"rowCount\":\"3\"")] // an error
    [InlineData("\"masking\":false", "\"masking\":null")]
    [InlineData("\"masking\":false", "\"masking\":1")] // an error
    [InlineData("\"field\":\"id\",", "")] // an error: a required field missing
    [InlineData("\"inputFields\":[", "\"other\":[],\"inputFields\":[")]
    [InlineData("{\"name\":\"id\",\"type\":null}", "{\"type\":\"int\"}")] // an error: a field without a name
    [InlineData("\"ordinal_position\":1", "\"ordinal_position\":-1.5")] // an error
    [InlineData("\"inputs\":[", "\"inputs\":[1,")] // an error: not an object
    [InlineData("\"inputs\":[{\"namespace\":\"pg\",\"name\":\"public.a\",", "\"inputs\":[{\"namespace\":\"pg\",\"name\":\"public.a\",\"outputFacets\":{},")]
    [InlineData("\"outputs\":[", "\"outputs\":null,\"x\":[")]
    [InlineData("{\"eventTime\"", "{\"dataset\":{\"namespace\":\"a\",\"name\":\"b\"},\"eventTime\"")]
    [InlineData("\"fields\":{\"id\":{", "\"fields\":{\"i\\u0064\":{")]
    [InlineData("\"fields\":{\"id\":{", "\"fields\":{\"\":{\"inputFields\":[]},\"id\":{")]
    [InlineData("\"_producer\":\"p\",\"_schemaURL\":\"s\",\"rowCount\":10", "\"_producer\":null,\"_schemaURL\":5,\"rowCount\":10")] // an error
    public void A_changed_event_is_declined_or_read_as_the_general_reader_reads_it(string part, string replacement)
    {
        Assert.Contains(part, Event, StringComparison.Ordinal);

        AssertReadAsTheGeneralReader(Encoding.UTF8.GetBytes(Event.Replace(part, replacement, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("\"2025-03-01T00:00:00.123+02:00\"", "\"2025-03-01T00:00:00\"", 1)] // no zone
    [InlineData("\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json\",", "", 1)] // no schema URL
    [InlineData("\"eventTime\":\"2025-03-01T00:00:00.123+02:00\",\"producer\":\"https://example.com/p\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json\",", "\"producer\":\"https://example.com/p\",\"eventTime\":\"2025-03-01T00:00:00.5\",", 2)] // both
    [InlineData("\"2025-03-01T00:00:00.123+02:00\"", "\"2025-03-01 00:00:00.123456789+02:00\"", 0)] // a zone, in a rarer form
    public void An_event_without_a_schema_URL_or_a_zone_takes_the_one_pass_read_with_the_general_readers_warnings(string part, string replacement, int warnings)
    {
        Assert.Contains(part, Event, StringComparison.Ordinal);
        var utf8 = Encoding.UTF8.GetBytes(Event.Replace(part, replacement, StringComparison.Ordinal));

        Assert.True(AssertReadAsTheGeneralReader(utf8));
        var (e, errors, read) = LineageJson.Read(utf8, LineageReadOptions.Strict);
        Assert.IsType<RunEvent>(e);
        Assert.Empty(errors);
        Assert.Equal(warnings, read.Count);
    }

    [Fact]
    public void An_event_with_every_typed_facet_and_raw_ones_takes_the_one_pass_read_and_reads_as_the_general_reader()
    {
        Assert.True(AssertReadAsTheGeneralReader(Encoding.UTF8.GetBytes(FacetEvent)));
    }

    [Fact]
    public void A_raw_facet_read_in_one_pass_keeps_its_bytes_and_parses_them_when_asked()
    {
        var e = CommonEventReader.TryRead(Encoding.UTF8.GetBytes(FacetEvent));

        Assert.NotNull(e);
        var airflow = Assert.IsType<RawFacet>(e.Run.Facets["airflow"]);
        Assert.Equal("""{"_producer":"p","_schemaURL":"s","task":{"id":"t"}}""", Encoding.UTF8.GetString(airflow.SourceUtf8.Span));
        Assert.Equal("t", airflow.Json.GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("p", airflow.Producer);
        var copy = airflow with { Producer = "q" };
        Assert.Equal("t", copy.Json.GetProperty("task").GetProperty("id").GetString());
        Assert.Null(Assert.IsType<RawFacet>(e.Run.Facets["noHeader"]).Producer);
    }

    [Theory]
    [InlineData("\"runId\":\"5a206628-276d-4c3c-8916-b30439d79a6e\"", "\"runId\":\"parent-run\"")] // an error
    [InlineData("\"job\":{\"namespace\":\"air\",\"name\":\"dag\"}}}", "\"other\":1}}")] // an error: the root's job is missing
    [InlineData(",\"root\":{\"run\":{\"runId\":\"6a206628-276d-4c3c-8916-b30439d79a6e\"},\"job\":{\"namespace\":\"air\",\"name\":\"dag\"}}", ",\"root\":null")]
    [InlineData("\"nominalStartTime\":\"2025-03-01T00:00:00Z\"", "\"nominalStartTime\":\"yesterday\"")] // an error
    [InlineData("\"nominalStartTime\":\"2025-03-01T00:00:00Z\"", "\"nominalStartTime\":\"\"")]
    [InlineData("\"nominalStartTime\":\"2025-03-01T00:00:00Z\"", "\"nominalStartTime\":\"2025-03-01T00:00:00\"")]
    [InlineData("\"nominalEndTime\":\"2025-03-01T01:00:00.5+01:00\"", "\"nominalEndTime\":null")]
    [InlineData("\"version\":\"3.5\",", "")] // an error: required
    [InlineData("\"programmingLanguage\":\"python\"", "\"programmingLanguage\":7")] // an error
    [InlineData("{\"key\":\"team\",", "{")] // an error: a tag without a key
    [InlineData("\"tags\":[{\"key\":\"team\"", "\"tags\":[1,{\"key\":\"team\"")] // an error: not an object
    [InlineData("\"processingType\":\"BATCH\",", "")]
    [InlineData("\"query\":\"SELECT a\\n  FROM \\\"t\\\"\"", "\"query\":null")]
    [InlineData("\"query\":\"SELECT a\\n  FROM \\\"t\\\"\"", "\"query\":\"\"")]
    [InlineData("\"url\":\"https://g/r\",", "\"url\":\"https://g/r\",\"url\":\"https://g/s\",")] // a repeat
    [InlineData("\"owners\":[{\"name\":\"user:ann\"", "\"owners\":[{\"type\":\"x\"},{\"name\":\"user:ann\"")]
    [InlineData("\"owners\":[", "\"owners\":null,\"x\":[")]
    [InlineData("\"identifiers\":[{\"namespace\":\"hive\",\"name\":\"db.a\",\"type\":\"TABLE\"}]", "\"identifiers\":[{\"namespace\":\"hive\",\"name\":\"db.a\"}]")] // an error
    [InlineData("\"storageLayer\":\"iceberg\",", "")] // an error
    [InlineData("\"datasetVersion\":\"7\"", "\"datasetVersion\":7")] // an error
    [InlineData("\"lifecycleStateChange\":\"RENAME\"", "\"lifecycleStateChange\":\"MOVE\"")] // an error
    [InlineData("\"previousIdentifier\":{\"namespace\":\"pg\",", "\"previousIdentifier\":{")] // an error
    [InlineData("\"airflow\":{\"_producer\":\"p\",", "\"airflow\":{\"_producer\":\"p\",\"_deleted\":true,")]
    [InlineData("\"airflow\":{\"_producer\":\"p\",", "\"airflow\":[{\"_producer\":\"p\"},")] // an error: not an object
    [InlineData("\"airflow\":{\"_producer\":\"p\",", "\"airflow\":{\"_producer\":1,")] // an error
    [InlineData("\"gcp_lineage\":{", "\"sql\":{\"query\":\"q\"},\"gcp_lineage\":{")] // the same facet twice
    [InlineData("\"custom\":{", "\"inputStatistics\":{},\"custom\":{")] // not an output's facet: kept raw
    [InlineData("\"additionalProp1\":{", "\"dataQualityMetrics\":{\"rowCount\":1},\"additionalProp1\":{")] // read by the general reader
    [InlineData("{\"assertion\":\"not_null\",\"success\":true,", "{\"assertion\":\"not_null\",")] // an error: no outcome
    [InlineData("\"success\":true,", "\"success\":\"true\",")] // an error
    [InlineData("\"success\":true,", "\"success\":null,")] // an error
    [InlineData("\"assertions\":[{\"assertion\":\"not_null\"", "\"checks\":[{\"assertion\":\"not_null\"")] // an error: no assertions
    [InlineData("\"severity\":\"high\"", "\"severity\":null")]
    [InlineData("\"tags\":{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"tags\":[]}", "\"environmentVariables\":{\"environmentVariables\":[]}")] // raw in a dataset
    [InlineData("\"name\":\"dag.task\",\"facets\"", "\"name\":\"dag.t\\u0061sk\",\"facets\"")] // an escaped name
    public void A_changed_facet_is_declined_or_read_as_the_general_reader_reads_it(string part, string replacement)
    {
        Assert.Contains(part, FacetEvent, StringComparison.Ordinal);

        AssertReadAsTheGeneralReader(Encoding.UTF8.GetBytes(FacetEvent.Replace(part, replacement, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(" x")]
    [InlineData(" // note")]
    [InlineData(",")]
    public void Content_after_the_event_is_left_to_the_general_reader(string after)
    {
        Assert.Null(CommonEventReader.TryRead(Encoding.UTF8.GetBytes(Event + after)));
    }

    [Fact]
    public void A_read_facet_keeps_its_exact_bytes_as_its_source()
    {
        var e = CommonEventReader.TryRead(Encoding.UTF8.GetBytes(Event));

        Assert.NotNull(e);
        var lineage = e.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!;
        var text = Encoding.UTF8.GetString(lineage.SourceUtf8.Span);
        Assert.StartsWith("{\"_producer\":\"p\",\"_schemaURL\":\"s\",\"extra\":{\"kept\":[1,2]}", text, StringComparison.Ordinal);
        Assert.EndsWith("\"field\":\"id\"}]}", text, StringComparison.Ordinal);
        Assert.Equal(4, e.Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.Size);
    }

    [Fact]
    public void Events_that_repeat_a_schema_and_column_lineage_byte_for_byte_share_the_lists_read_the_first_time()
    {
        var first = CommonEventReader.TryRead(Encoding.UTF8.GetBytes(Event))!;
        // Another run, another time and another input name around the same lists: only the lists' own bytes count.
        var other = Event.Replace("4a206628", "5b206628", StringComparison.Ordinal).Replace("00.123+02:00", "59.5Z", StringComparison.Ordinal)
            .Replace("\"name\":\"public.a\",\"facets\"", "\"name\":\"public.c\",\"facets\"", StringComparison.Ordinal);
        var second = CommonEventReader.TryRead(Encoding.UTF8.GetBytes(other))!;

        Assert.Equal("public.c", second.Inputs[0].Id.Name);
        Assert.Same(Schema(first.Inputs[0].Facets), Schema(second.Inputs[0].Facets));
        Assert.Same(Schema(first.Outputs[0].Facets), Schema(second.Outputs[0].Facets));
        Assert.Same(first.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.Fields, second.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.Fields);
        // Each event's facets keep their own bytes as their source.
        Assert.NotEqual(first.Inputs[0].Facets.Get<SchemaDatasetFacet>()!.SourceUtf8, second.Inputs[0].Facets.Get<SchemaDatasetFacet>()!.SourceUtf8);
        Assert.True(AssertReadAsTheGeneralReader(Encoding.UTF8.GetBytes(other)));
    }

    [Fact]
    public void A_list_taken_from_the_cache_is_stepped_over_and_what_follows_it_is_read_with_its_exact_bytes()
    {
        // Read once to fill the cache; the second read takes every list from it. The column lineage's fields are followed
        // in their facet by its dataset list, and that facet by the output statistics: all of it must still read, and
        // the facets that hold a cached list keep exactly their bytes as their source.
        CommonEventReader.TryRead(Encoding.UTF8.GetBytes(Event));
        var utf8 = Encoding.UTF8.GetBytes(Event);

        var e = CommonEventReader.TryRead(utf8);

        Assert.NotNull(e);
        var lineage = e.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!;
        Assert.Equal(Facet(Event, "columnLineage"), Encoding.UTF8.GetString(lineage.SourceUtf8.Span));
        Assert.Equal(Facet(Event, "schema"), Encoding.UTF8.GetString(e.Inputs[0].Facets.Get<SchemaDatasetFacet>()!.SourceUtf8.Span));
        Assert.Equal("id", Assert.Single(lineage.Dataset).Field);
        Assert.Equal(4, e.Outputs[0].OutputFacets.Get<OutputStatisticsOutputDatasetFacet>()!.Size);
        Assert.True(AssertReadAsTheGeneralReader(utf8));
    }

    [Theory]
    [InlineData("\"dataset\":[", "\"dataset\":[,")] // malformed JSON right after the stepped-over fields
    [InlineData(",\"field\":\"id\"}]}},\"outputFacets\"", "}]}},\"outputFacets\"")] // an input without its field after them
    public void An_event_that_goes_wrong_after_a_list_taken_from_the_cache_is_declined_and_reported_where_it_goes_wrong(string part, string replacement)
    {
        CommonEventReader.TryRead(Encoding.UTF8.GetBytes(Event));
        Assert.Contains(part, Event, StringComparison.Ordinal);
        var broken = Event.Replace(part, replacement, StringComparison.Ordinal);
        var utf8 = Encoding.UTF8.GetBytes(broken);

        Assert.Null(CommonEventReader.TryRead(utf8));
        var (e, errors, _) = LineageJson.Read(utf8, LineageReadOptions.Strict);
        Assert.Null(e);
        var error = Assert.Single(errors);
        if (replacement.EndsWith(",", StringComparison.Ordinal))
        {
            // The general reader reads the whole event again, so the column is the byte's own, not one counted from
            // where the one-pass reader resumed.
            Assert.Contains($"column {broken.IndexOf(replacement, StringComparison.Ordinal) + replacement.Length}", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("columnLineage", error.Path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Items_of_an_array_that_repeat_their_lists_are_each_read_and_sliced_at_their_exact_bytes()
    {
        // Every item after the first takes its lists from the cache, so the splitter's reader continues from a reader
        // that began after a list: the items' bytes, the next item's start and content after the array must all still
        // be found where they are.
        var items = Enumerable.Range(0, 4).Select(i => Event.Replace("4a206628", $"4a20662{i}", StringComparison.Ordinal)).ToList();
        var array = Encoding.UTF8.GetBytes("[" + string.Join(", \n ", items) + "]");

        var slices = EventSplitter.Slices(array, standardJson: true, kept: true, readArrayItems: true).ToList();

        Assert.Equal(items, slices.Select(s => Encoding.UTF8.GetString(s.Raw.Span)));
        Assert.All(slices, s => Assert.Null(s.Failure));
        for (var i = 0; i < items.Count; i++)
        {
            Assert.True(slices[i].Read is not null, $"item {i} was not read in one pass");
            var read = Assert.IsType<RunEvent>(slices[i].Read?.Event);
            Assert.Equal(Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(LineageJson.Deserialize(Encoding.UTF8.GetBytes(items[i])))), Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(read)));
            Assert.Equal(Facet(items[i], "columnLineage"), Encoding.UTF8.GetString(read.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.SourceUtf8.Span));
        }

        // Content after the array is reported at its line and column, though the lists before it (here over several
        // lines) were stepped over.
        var pretty = items.Select(i => i.Replace("\"fields\":[{", "\"fields\":[\n  {", StringComparison.Ordinal)).ToList();
        var trailing = Encoding.UTF8.GetBytes("[" + string.Join(",\n", pretty) + "]\n  {}");
        var failure = EventSplitter.Slices(trailing, standardJson: true, kept: true, readArrayItems: true).Select(s => s.Failure).Last(f => f is not null);
        var lines = Encoding.UTF8.GetString(trailing).Split('\n');
        Assert.Contains($"at line {lines.Length}, column 3:", failure!.Message, StringComparison.Ordinal);
    }

    // The bytes of the first facet named `name` in `json`: from its opening brace to the matching closing one.
    private static string Facet(string json, string name)
    {
        var start = json.IndexOf($"\"{name}\":{{", StringComparison.Ordinal) + name.Length + 3;
        var depth = 0;
        for (var i = start; ; i++)
        {
            depth += json[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return json[start..(i + 1)];
            }
        }
    }

    [Fact]
    public void Column_lineage_read_anew_shares_equal_transformations_and_keeps_differing_ones_apart()
    {
        // Two columns with the same transformations, a third masked: the column lists differ, so they are read anew.
        var columns = "\"fields\":{\"id\":{\"inputFields\":[{\"namespace\":\"pg\",\"name\":\"public.a\",\"field\":\"id\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\",\"description\":\"copied\",\"masking\":false}]}]"
            + ",\"transformationDescription\":\"d\",\"transformationType\":\"IDENTITY\"}"
            + ",\"id2\":{\"inputFields\":[{\"namespace\":\"pg\",\"name\":\"public.a\",\"field\":\"id2\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\",\"description\":\"copied\",\"masking\":false}]}]}"
            + ",\"id3\":{\"inputFields\":[{\"namespace\":\"pg\",\"name\":\"public.a\",\"field\":\"id3\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\",\"description\":\"copied\",\"masking\":true}]}]}}";
        var original = "\"fields\":{\"id\":{\"inputFields\":[{\"namespace\":\"pg\",\"name\":\"public.a\",\"field\":\"id\",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":\"IDENTITY\",\"description\":\"copied\",\"masking\":false}]}],\"transformationDescription\":\"d\",\"transformationType\":\"IDENTITY\"}}";
        Assert.Contains(original, Event, StringComparison.Ordinal);
        var utf8 = Encoding.UTF8.GetBytes(Event.Replace(original, columns, StringComparison.Ordinal));

        var fields = CommonEventReader.TryRead(utf8)!.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.Fields;

        Assert.Same(fields[0].InputFields[0].Transformations, fields[1].InputFields[0].Transformations);
        Assert.NotSame(fields[1].InputFields[0].Transformations, fields[2].InputFields[0].Transformations);
        Assert.Equal([false, false, true], fields.Select(f => f.InputFields[0].Transformations[0].Masking));
        Assert.True(AssertReadAsTheGeneralReader(utf8));
    }

    [Fact]
    public void A_list_that_differs_by_one_byte_from_one_read_before_is_read_as_its_own()
    {
        var first = CommonEventReader.TryRead(Encoding.UTF8.GetBytes(Event))!;
        var changed = Event.Replace("\"type\":\"bigint\"", "\"type\":\"bigins\"", StringComparison.Ordinal)
            .Replace("\"subtype\":\"IDENTITY\"", "\"subtype\":\"IDENTITZ\"", StringComparison.Ordinal);
        var second = CommonEventReader.TryRead(Encoding.UTF8.GetBytes(changed))!;

        Assert.NotSame(Schema(first.Inputs[0].Facets), Schema(second.Inputs[0].Facets));
        Assert.Equal("bigins", Schema(second.Inputs[0].Facets)[0].Type);
        var lineage = second.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.Fields;
        Assert.NotSame(first.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.Fields, lineage);
        Assert.Equal("IDENTITZ", lineage[0].InputFields[0].Transformations[0].Subtype);
        // The output's schema did not change, so it is still shared.
        Assert.Same(Schema(first.Outputs[0].Facets), Schema(second.Outputs[0].Facets));
        Assert.True(AssertReadAsTheGeneralReader(Encoding.UTF8.GetBytes(changed)));
    }

    [Fact]
    public void Lists_whose_bytes_land_in_the_same_slot_of_the_cache_are_told_apart_by_their_bytes()
    {
        var cache = new Utf8ValueCache();
        var a = "[\"a0\"]"u8.ToArray();
        cache.Find(a, out var slot, out _);
        cache.Keep(slot, a, "a");
        var b = ListInSlot(cache, slot);
        cache.Find(b, out var other, out _);

        Assert.Equal(slot, other);
        Assert.Null(cache.Find(b, out _, out _));
        Assert.Equal("a", cache.Find(a, out _, out _));
        cache.Keep(other, b, "b");
        Assert.Equal("b", cache.Find(b, out _, out _));
        Assert.Null(cache.Find(a, out _, out _));
    }

    [Fact]
    public void A_slot_that_keeps_a_shorter_list_in_a_longer_ones_array_matches_only_the_shorter_lists_bytes()
    {
        var cache = new Utf8ValueCache();
        var longer = "[\"a0\",\"and a longer tail\"]"u8.ToArray();
        cache.Find(longer, out var slot, out _);
        cache.Keep(slot, longer, "longer");
        var shorter = ListInSlot(cache, slot);
        cache.Keep(slot, shorter, "shorter");

        // The shorter list's bytes now sit at the start of the longer one's array; only they match, with their length.
        Assert.Equal("shorter", cache.Find([.. shorter, .. ",\"x\"]"u8], out _, out var length));
        Assert.Equal(shorter.Length, length);
        Assert.Null(cache.Find(longer, out _, out _));
        cache.Keep(slot, longer, "longer again");
        Assert.Equal("longer again", cache.Find(longer, out _, out length));
        Assert.Equal(longer.Length, length);
        Assert.Null(cache.Find(shorter, out _, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)] // past 256 bytes, where only the list's own first bytes choose its slot
    public void A_kept_list_is_found_whatever_follows_it(int fields)
    {
        // Records nest brackets, and brackets in names are text: the list ends where its own brackets close.
        var list = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, fields).Select(i =>
            $"{{\"name\":\"col{i}[x]\",\"type\":\"decimal(18,{i})\",\"fields\":[{{\"name\":\"n{{{i}}}\"}}]}}")) + "]");
        var cache = new Utf8ValueCache();
        cache.Find([.. list, .. "}},\"a\":1"u8], out var slot, out _);
        cache.Keep(slot, list, "kept");

        foreach (var tail in (string[])["", "}", "},{\"namespace\":\"s3://x\",\"name\":\"y\"}]", "],\"z\":[[[{}]]]"])
        {
            Assert.Equal("kept", cache.Find([.. list, .. Encoding.UTF8.GetBytes(tail)], out _, out var length));
            Assert.Equal(list.Length, length);
        }
    }

    private static IReadOnlyList<SchemaField> Schema(FacetSet facets) => facets.Get<SchemaDatasetFacet>()!.Fields;

    // A short list of strings whose bytes the cache puts in `slot`.
    private static byte[] ListInSlot(Utf8ValueCache cache, int slot)
    {
        for (var i = 0; ; i++)
        {
            var list = Encoding.UTF8.GetBytes($"[\"b{i}\"]");
            cache.Find(list, out var found, out _);
            if (found == slot)
            {
                return list;
            }
        }
    }

    // True when the one-pass read took the event; either way, what it read is what the general reader reads, with the
    // same warnings, and without a list for warnings it declines an event the general reader warns about.
    private static bool AssertReadAsTheGeneralReader(byte[] utf8)
    {
        var warnings = new List<LineageError>();
        var common = CommonEventReader.TryRead(utf8, warnings: warnings);
        if (common is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(utf8);
        var reader = new EventReader(LineageReadOptions.Strict, utf8);
        var general = reader.Read(document.RootElement);
        Assert.Empty(reader.Errors);
        Assert.Equal(reader.Warnings, warnings);
        Assert.Equal(warnings.Count == 0, CommonEventReader.TryRead(utf8) is not null);
        Assert.NotNull(general);
        Assert.Equal(Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(general)), Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(common)));
        // Written again without their sources, the facets show their models: these must agree too.
        Assert.Equal(Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(WithoutSources(general))), Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(WithoutSources(common))));
        // The door's way in, whose standard-JSON check spares the reader checking each string's UTF-8 again.
        Assert.Equal(Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(general)), Encoding.UTF8.GetString(LineageJson.SerializeToUtf8Bytes(LineageJson.Read(utf8, LineageReadOptions.Strict).Event!)));
        return true;
    }

    private static LineageEvent WithoutSources(LineageEvent e)
    {
        var run = Assert.IsType<RunEvent>(e);
        return run with
        {
            Run = run.Run with { Facets = Copy(run.Run.Facets) },
            Job = run.Job with { Facets = Copy(run.Job.Facets) },
            Inputs = [.. run.Inputs.Select(d => d with { Facets = Copy(d.Facets), InputFacets = Copy(d.InputFacets) })],
            Outputs = [.. run.Outputs.Select(d => d with { Facets = Copy(d.Facets), OutputFacets = Copy(d.OutputFacets) })],
        };
    }

    private static FacetSet Copy(FacetSet facets) =>
        facets.Count == 0 ? facets : new FacetSet(facets.Select(p => new KeyValuePair<string, Facet>(p.Key, p.Value with { })));
}
