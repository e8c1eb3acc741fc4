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
