using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tributary.Json;
using Tributary.Model;
using Tributary.Query;

namespace Tributary.Tests.Json;

/// <summary>
/// Ids have one JSON shape wherever they are written: their text (<c>ToString</c>), read back with their
/// <c>Parse</c>. The converters are named on the id types, so the CLI's source-generated context and any
/// reflection-based options (the server's) agree without registering anything.
/// </summary>
public sealed class IdJsonTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly DatasetId Orders = new("postgres://db:5432", "public.orders");
    private static readonly DatasetId Report = new("s3://bucket", "reports/2025/revenue.csv");
    private static readonly JobId Load = new("airflow-prod", "etl.load:orders");
    private static readonly FieldId City = new(Orders, "address.city");
    private static readonly RunId Run = RunId.Parse("0190a6d2-8b3c-7d4e-9f01-23456789abcd");

    public static TheoryData<object, string> Ids => new()
    {
        { Orders, "postgres://db:5432:public.orders" },
        { Report, "s3://bucket:reports/2025/revenue.csv" },
        { Load, "airflow-prod:etl.load:orders" },
        { City, "postgres://db:5432:public.orders:address.city" },
        { Run, "0190a6d2-8b3c-7d4e-9f01-23456789abcd" },
        { NodeId.From(Orders), "dataset:postgres://db:5432:public.orders" },
        { NodeId.From(Load), "job:airflow-prod:etl.load:orders" },
        { NodeId.From(City), "datasetField:postgres://db:5432:public.orders:address.city" },
        { NodeId.From(Run), "run:0190a6d2-8b3c-7d4e-9f01-23456789abcd" },
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void An_id_is_written_as_its_text_and_read_back_through_the_query_context(object id, string text)
    {
        var info = QueryJsonContext.Default.GetTypeInfo(id.GetType())!;

        var json = JsonSerializer.Serialize(id, info);

        Assert.Equal(JsonSerializer.Serialize(text), json);
        Assert.Equal(id.ToString(), text);
        Assert.Equal(id, JsonSerializer.Deserialize(json, info));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void An_id_is_written_as_its_text_and_read_back_through_reflection_options_with_no_converters_registered(object id, string text)
    {
        var json = JsonSerializer.Serialize(id, id.GetType(), Reflection);

        Assert.Equal(JsonSerializer.Serialize(text), json);
        Assert.Equal(id, JsonSerializer.Deserialize(json, id.GetType(), Reflection));
    }

    [Fact]
    public void Nullable_ids_are_null_or_their_text()
    {
        Assert.Equal("null", JsonSerializer.Serialize<DatasetId?>(null, Reflection));
        Assert.Equal("\"airflow-prod:etl.load:orders\"", JsonSerializer.Serialize<JobId?>(Load, Reflection));
        Assert.Equal(Orders, JsonSerializer.Deserialize<DatasetId?>("\"postgres://db:5432:public.orders\"", Reflection));
        Assert.Null(JsonSerializer.Deserialize<RunId?>("null", Reflection));
    }

    [Fact]
    public void A_query_answer_the_cli_writes_reads_back_into_the_same_answer()
    {
        var report = new ImpactReport(
            NodeId.From(Orders),
            [new ImpactLevel(1, [Report], [Load], [City])],
            [new OwnerToNotify("team:data-eng", "team", [NodeId.From(Report), NodeId.From(Load)])],
            Partial: false);

        var json = JsonSerializer.Serialize(report, QueryJsonContext.Default.ImpactReport);
        var back = JsonSerializer.Deserialize(json, QueryJsonContext.Default.ImpactReport)!;

        Assert.Contains("\"datasets\": [\n        \"s3://bucket:reports/2025/revenue.csv\"", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(report.Root, back.Root);
        Assert.Equal([Report], back.Levels[0].Datasets);
        Assert.Equal([Load], back.Levels[0].Jobs);
        Assert.Equal([City], back.Levels[0].Fields);
        Assert.Equal([NodeId.From(Report), NodeId.From(Load)], back.Owners[0].Owns);
        Assert.Equal(json, JsonSerializer.Serialize(back, QueryJsonContext.Default.ImpactReport));
    }

    [Theory]
    [InlineData(typeof(DatasetId), "{\"namespace\":\"warehouse\",\"name\":\"orders\"}", "A dataset id is a string, not startobject.")]
    [InlineData(typeof(JobId), "42", "A job id is a string, not number.")]
    [InlineData(typeof(FieldId), "\"warehouse:orders\"", "expected datasetField:namespace:dataset:field")]
    [InlineData(typeof(NodeId), "\"table:warehouse:orders\"", "unknown node kind 'table'")]
    [InlineData(typeof(RunId), "\"run-1\"", "'run-1' is not a UUID run id.")]
    public void Text_that_is_not_an_id_is_a_json_error_that_says_why(Type type, string json, string message)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, QueryJsonContext.Default.GetTypeInfo(type)!));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
