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

    // True when the one-pass read took the event; either way, what it read is what the general reader reads.
    private static bool AssertReadAsTheGeneralReader(byte[] utf8)
    {
        var common = CommonEventReader.TryRead(utf8);
        if (common is null)
        {
            return false;
        }

        using var document = JsonDocument.Parse(utf8);
        var reader = new EventReader(LineageReadOptions.Strict, utf8);
        var general = reader.Read(document.RootElement);
        Assert.Empty(reader.Errors);
        Assert.Empty(reader.Warnings);
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
            Inputs = [.. run.Inputs.Select(d => d with { Facets = Copy(d.Facets), InputFacets = Copy(d.InputFacets) })],
            Outputs = [.. run.Outputs.Select(d => d with { Facets = Copy(d.Facets), OutputFacets = Copy(d.OutputFacets) })],
        };
    }

    private static FacetSet Copy(FacetSet facets) =>
        facets.Count == 0 ? facets : new FacetSet(facets.Select(p => new KeyValuePair<string, Facet>(p.Key, p.Value with { })));
}
