using Tributary.Ingest;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Ingest;

public sealed class LineageNormalizerTests
{
    [Theory]
    [InlineData("POSTGRES://DB.Example.com:5432", "postgres://db.example.com:5432")]
    [InlineData("postgres://db:5432/", "postgres://db:5432")]
    [InlineData("Kafka://Broker-1:9092", "kafka://broker-1:9092")]
    [InlineData("mysql://User@Host:3306", "mysql://User@host:3306")]
    [InlineData("S3://MyLegacyBucket", "s3://MyLegacyBucket")]
    [InlineData("s3://bucket/Path/To", "s3://bucket/Path/To")]
    [InlineData("bigquery", "bigquery")]
    [InlineData("file", "file")]
    [InlineData("BigQuery", "BigQuery")]
    [InlineData("hdfs://NameNode:8020/Warehouse", "hdfs://namenode:8020/Warehouse")]
    [InlineData("not a uri://Host", "not a uri://Host")]
    public void Dataset_namespaces_get_a_canonical_scheme_and_host_and_nothing_else(string input, string expected)
    {
        Assert.Equal(expected, LineageNormalizer.NormalizeNamespace(input));
    }

    [Fact]
    public void A_namespace_normalised_again_gets_the_same_answer_whatever_came_between()
    {
        // The normaliser remembers namespace instances it found canonical; ones it changed are never taken as they are.
        var namespaces = Enumerable.Range(0, 2_000)
            .Select(i => i % 2 == 0 ? $"postgres://db{i}:5432" : $"POSTGRES://DB{i}:5432/")
            .ToArray();
        for (var round = 0; round < 3; round++)
        {
            foreach (var ns in namespaces)
            {
                var normalised = LineageNormalizer.NormalizeNamespace(ns);
                Assert.Equal(ns.StartsWith("postgres", StringComparison.Ordinal) ? ns : ns.ToLowerInvariant()[..^1], normalised);
                Assert.Equal(normalised == ns, ReferenceEquals(normalised, ns));
            }
        }
    }

    [Fact]
    public void An_event_that_is_already_canonical_is_returned_unchanged()
    {
        var e = LineageJson.Deserialize(Storage.StoreEvents.Small(1));

        Assert.Same(e, LineageNormalizer.Normalize(e));
    }

    [Fact]
    public void Every_place_a_dataset_identity_appears_is_normalised_alike()
    {
        var e = LineageJson.Deserialize("""
            {"eventType":"COMPLETE","eventTime":"2024-05-01T10:00:00Z","producer":"https://example.com/p",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"Jobs","name":"Load"},
             "inputs":[{"namespace":"POSTGRES://DB:5432","name":"Public.Orders"}],
             "outputs":[{"namespace":"Postgres://Db:5432/","name":"public.totals","facets":{
               "symlinks":{"_producer":"p","_schemaURL":"s","identifiers":[{"namespace":"HIVE://Meta:9083","name":"t","type":"TABLE"}]},
               "columnLineage":{"_producer":"p","_schemaURL":"s","fields":{"total":{"inputFields":[{"namespace":"POSTGRES://DB:5432","name":"Public.Orders","field":"amount"}]}}},
               "lifecycleStateChange":{"_producer":"p","_schemaURL":"s","lifecycleStateChange":"RENAME","previousIdentifier":{"namespace":"POSTGRES://DB:5432","name":"old"}}}}]}
            """);

        var n = (RunEvent)LineageNormalizer.Normalize(e);

        Assert.Equal(new DatasetId("postgres://db:5432", "Public.Orders"), n.Inputs[0].Id);
        Assert.Equal(new DatasetId("postgres://db:5432", "public.totals"), n.Outputs[0].Id);
        Assert.Equal("hive://meta:9083", n.Outputs[0].Facets.Get<SymlinksDatasetFacet>()!.Identifiers[0].Namespace);
        Assert.Equal("postgres://db:5432", n.Outputs[0].Facets.Get<ColumnLineageDatasetFacet>()!.Fields[0].InputFields[0].Namespace);
        Assert.Equal(new DatasetId("postgres://db:5432", "old"), n.Outputs[0].Facets.Get<LifecycleStateChangeDatasetFacet>()!.PreviousIdentifier);
        Assert.Equal(new JobId("Jobs", "Load"), n.Job.Id);
    }

    [Fact]
    public void Normalising_and_validating_an_event_that_needs_neither_allocates_nothing()
    {
        // Every event the door takes is checked both ways; in .NET 10 the range searches first used here boxed their
        // bounds (96 bytes a call) in code not yet optimised, which is how a fresh process runs its first events.
        var e = LineageJson.Deserialize("""
            {"eventType":"COMPLETE","eventTime":"2024-05-01T10:00:00Z","producer":"https://example.com/p",
             "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
             "run":{"runId":"018f3a2c-0000-7000-8000-000000000001"},"job":{"namespace":"jobs","name":"load"},
             "inputs":[{"namespace":"postgres://crm-db:5432","name":"public.orders"}],
             "outputs":[{"namespace":"s3://lake","name":"sales.totals","facets":{
               "columnLineage":{"_producer":"p","_schemaURL":"s","fields":{
                 "total":{"inputFields":[{"namespace":"postgres://crm-db:5432","name":"public.orders","field":"amount"}]},
                 "region":{"inputFields":[{"namespace":"postgres://crm-db:5432","name":"public.orders","field":"region"}]}}}}}]}
            """);
        Assert.Same(e, LineageNormalizer.Normalize(e));
        Assert.Empty(LineageValidator.Validate(e));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            LineageNormalizer.Normalize(e);
            LineageValidator.Validate(e);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
