using Tributary.Model;

namespace Tributary.Tests.Model;

public sealed class NodeIdTests
{
    [Theory]
    [InlineData("dataset:postgres://db.example.com:5432:public.orders", "postgres://db.example.com:5432", "public.orders")]
    [InlineData("dataset:food_delivery:public.orders", "food_delivery", "public.orders")]
    [InlineData("dataset:s3://bucket:warehouse/orders/2024", "s3://bucket", "warehouse/orders/2024")]
    [InlineData("dataset:ns:2024_sales", "ns", "2024_sales")]
    [InlineData("dataset:bigquery:project.dataset.table", "bigquery", "project.dataset.table")]
    [InlineData("dataset:hdfs://namenode:8020:/user/data/orders", "hdfs://namenode:8020", "/user/data/orders")]
    public void Dataset_node_id_parses_namespaces_with_schemes_and_ports(string text, string ns, string name)
    {
        var id = NodeId.Parse(text);

        Assert.Equal(NodeKind.Dataset, id.Kind);
        Assert.Equal(new DatasetId(ns, name), id.AsDataset());
        Assert.Equal(text, id.ToString());
    }

    [Fact]
    public void Field_node_id_round_trips_with_a_port_in_the_namespace()
    {
        var field = new FieldId(new DatasetId("postgres://db:5432", "public.orders"), "amount");

        var text = NodeId.From(field).ToString();

        Assert.Equal("datasetField:postgres://db:5432:public.orders:amount", text);
        Assert.Equal(field, NodeId.Parse(text).AsField());
    }

    [Fact]
    public void Job_and_run_node_ids_round_trip()
    {
        var job = new JobId("airflow://scheduler:8080", "dag.task");
        var run = RunId.New();

        Assert.Equal(job, NodeId.Parse(NodeId.From(job).ToString()).AsJob());
        Assert.Equal(run, NodeId.Parse(NodeId.From(run).ToString()).AsRun());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("table:ns:name", "unknown node kind 'table'")]
    [InlineData("dataset:onlyname", "expected dataset:namespace:name")]
    [InlineData("run:123", "needs a UUID")]
    [InlineData("datasetField:ns:table", "expected datasetField:namespace:dataset:field")]
    public void Malformed_node_id_says_what_is_wrong(string text, string expected)
    {
        var ok = NodeId.TryParse(text, out _, out var error);

        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aws_glue_namespace_is_written_escaped_and_read_back_as_the_same_dataset()
    {
        var dataset = new DatasetId("arn:aws:glue:us-east-1:123456789012", "sales.orders");

        var text = NodeId.From(dataset).ToString();

        Assert.Equal("dataset:arn%3Aaws%3Aglue%3Aus-east-1%3A123456789012:sales.orders", text);
        Assert.Equal(dataset, NodeId.Parse(text).AsDataset());
        Assert.Equal("arn%3Aaws%3Aglue%3Aus-east-1%3A123456789012:sales.orders", dataset.ToString());
    }

    [Theory]
    [InlineData("warehouse", "topic:partition", "dataset:warehouse:topic:partition")]
    [InlineData("kafka://broker:9092", "orders:v2", "dataset:kafka://broker:9092:orders:v2")]
    [InlineData("ns", "reports%2F2025", "dataset:ns:reports%2F2025")]
    [InlineData("ns", "a%3Ab", "dataset:ns:a%253Ab")]
    [InlineData("a:b", "c", "dataset:a%3Ab:c")]
    [InlineData("ns", "..", "dataset:ns:..")]
    public void A_node_id_is_plain_when_that_reads_back_and_escaped_only_when_it_would_not(string ns, string name, string expected)
    {
        var id = NodeId.From(new DatasetId(ns, name));

        Assert.Equal(expected, id.ToString());
        Assert.Equal(id, NodeId.Parse(id.ToString()));
    }

    [Theory]
    [InlineData("dataset:postgres%3A//db%3A5432:public.orders")]
    [InlineData("dataset:postgres%3a//db%3a5432:public.orders")]
    [InlineData("dataset:postgres://db:5432:public.orders")]
    public void The_escaped_and_the_plain_form_of_an_unambiguous_id_name_the_same_node(string text)
    {
        var id = NodeId.Parse(text);

        Assert.Equal(new DatasetId("postgres://db:5432", "public.orders"), id.AsDataset());
        Assert.Equal("dataset:postgres://db:5432:public.orders", id.ToString());
    }

    [Fact]
    public void A_field_whose_name_and_dataset_hold_colons_round_trips()
    {
        var field = new FieldId(new DatasetId("arn:aws:glue:eu-west-1:42", "db:table"), "col:umn%");

        var text = NodeId.From(field).ToString();

        Assert.Equal("datasetField:arn%3Aaws%3Aglue%3Aeu-west-1%3A42:db%3Atable:col%3Aumn%25", text);
        Assert.Equal(field, NodeId.Parse(text).AsField());
        Assert.Equal(text["datasetField:".Length..], field.ToString());
    }

    [Fact]
    public void Any_namespace_name_and_field_round_trip_through_the_text_of_every_kind()
    {
        // A property test over parts built from the characters that matter to the form: delimiters, escape-like
        // sequences, scheme and port look-alikes, dots, slashes, spaces, non-ASCII and bidi controls.
        string[] alphabet = [":", "%", "3A", "25", "%3A", "%25", "%2F", "//", "/", ".", "..", "a", "9", "5432", " ", "é", "\u202e", "x"];
        var random = new Random(20240501);
        string Part()
        {
            var text = "";
            var length = random.Next(1, 7);
            for (var i = 0; i < length; i++)
            {
                text += alphabet[random.Next(alphabet.Length)];
            }

            return text;
        }

        for (var i = 0; i < 5_000; i++)
        {
            var dataset = new DatasetId(Part(), Part());
            var job = new JobId(Part(), Part());
            var field = new FieldId(dataset, Part());
            foreach (var id in new[] { NodeId.From(dataset), NodeId.From(job), NodeId.From(field) })
            {
                Assert.True(NodeId.TryParse(id.ToString(), out var back, out var error), $"{id}: {error}");
                Assert.Equal(id, back);
            }

            Assert.Equal(dataset, NodeId.Parse("dataset:" + dataset).AsDataset());
            Assert.Equal(job, NodeId.Parse("job:" + job).AsJob());
            Assert.Equal(field, NodeId.Parse("datasetField:" + field).AsField());
        }
    }

    [Fact]
    public void Ids_with_colons_round_trip_through_their_json_converters()
    {
        var field = new FieldId(new DatasetId("arn:aws:glue:us-east-1:123456789012", "db.t"), "a:b");

        var json = System.Text.Json.JsonSerializer.Serialize(new[] { NodeId.From(field) });
        var back = System.Text.Json.JsonSerializer.Deserialize<NodeId[]>(json)!;

        Assert.Equal(NodeId.From(field), Assert.Single(back));
        Assert.Equal(field, System.Text.Json.JsonSerializer.Deserialize<FieldId>(System.Text.Json.JsonSerializer.Serialize(field)));
        Assert.Equal(field.Dataset, System.Text.Json.JsonSerializer.Deserialize<DatasetId>(System.Text.Json.JsonSerializer.Serialize(field.Dataset)));
    }

    [Fact]
    public void New_run_ids_are_version_7_with_non_decreasing_timestamps()
    {
        var first = RunId.New();
        var second = RunId.New();

        Assert.Equal(7, first.Value.Version);
        Assert.True(Milliseconds(first) <= Milliseconds(second));
    }

    // UUIDv7 keeps Unix milliseconds in its first 48 bits; ids made in the same millisecond differ only in random bits.
    private static long Milliseconds(RunId id)
    {
        var bytes = id.Value.ToByteArray(bigEndian: true);
        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }

        return ms;
    }

    [Fact]
    public void Name_based_run_ids_are_stable_version_5_uuids()
    {
        Assert.Equal(RunId.FromName("run_id"), RunId.FromName("run_id"));
        Assert.NotEqual(RunId.FromName("run_id"), RunId.FromName("run_id2"));
        Assert.Equal(5, RunId.FromName("run_id").Value.Version);
    }
}
