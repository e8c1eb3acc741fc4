using System.Text;
using Tributary.Graph;
using Tributary.Ingest;
using Tributary.Model;
using Tributary.Server.Load;
using Tributary.Storage;

namespace Tributary.Tests.Ingest;

/// <summary>Issue 10, item 1: deriving column lineage from SQL is linear, bounded, cached and never holds up other producers.</summary>
public sealed class WideSqlDerivationTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tributary-wide-sql-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static NodeId Field(string dataset, string field) => NodeId.From(new FieldId(new DatasetId(WideSqlEvent.Namespace, dataset), field));

    private static int ColumnLineageInto(LineageGraph graph, string field, string dataset = "analytics.wide_out") =>
        graph.GetEdges(Field(dataset, field), LineageDirection.Upstream).Count(e => e.Kind == EdgeKind.ColumnLineage);

    private static async Task<(LineageIngestor Ingestor, LineageReplica Replica)> FollowAsync(ILineageStore store, LineageReplicaOptions? options = null)
    {
        var ingestor = await LineageIngestor.OpenAsync(store);
        var replica = await LineageReplica.OpenAsync(store, options);
        await replica.FollowAsync(ingestor);
        return (ingestor, replica);
    }

    private static byte[] StarEvent(Guid run, params string[] sourceColumns)
    {
        var fields = string.Join(',', sourceColumns.Select(c => $"{{\"name\":\"{c}\",\"type\":\"int\"}}"));
        return Encoding.UTF8.GetBytes(
            "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2024-05-01T10:00:00Z\",\"producer\":\"https://example.com/p\"," +
            "\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\",\"run\":{\"runId\":\"" + run + "\"}," +
            "\"job\":{\"namespace\":\"etl\",\"name\":\"copy_all\",\"facets\":{\"sql\":{\"_producer\":\"p\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet\"," +
            "\"query\":\"INSERT INTO analytics.star_out SELECT * FROM raw.star_src\"}}}," +
            "\"inputs\":[{\"namespace\":\"" + WideSqlEvent.Namespace + "\",\"name\":\"raw.star_src\",\"facets\":{\"schema\":{\"_producer\":\"p\"," +
            "\"_schemaURL\":\"https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet\",\"fields\":[" + fields + "]}}}]," +
            "\"outputs\":[{\"namespace\":\"" + WideSqlEvent.Namespace + "\",\"name\":\"analytics.star_out\"}]}");
    }

    [Fact]
    public async Task An_event_whose_sql_has_100000_columns_gets_all_their_lineage_while_a_small_event_from_another_producer_goes_in()
    {
        await using var store = new InMemoryLineageStore();
        var (ingestor, replica) = await FollowAsync(store, new LineageReplicaOptions { SqlBudget = new SqlDerivationBudget { Time = HangGuard } });
        using var _ = replica;

        var wide = ingestor.IngestAsync(WideSqlEvent.Create(100_000, Guid.NewGuid())).AsTask();
        var small = await ingestor.IngestAsync(WideSqlEvent.Create(3, Guid.NewGuid(), "small_insert")).AsTask().WaitAsync(HangGuard);
        var wideResult = await wide.WaitAsync(HangGuard);

        Assert.Equal(IngestOutcome.Accepted, small.Outcome);
        Assert.Equal(IngestOutcome.Accepted, wideResult.Outcome);
        Assert.Equal(1, ColumnLineageInto(replica.Graph, WideSqlEvent.Column(0)));
        Assert.Equal(1, ColumnLineageInto(replica.Graph, WideSqlEvent.Column(99_999)));
        Assert.Equal(0, replica.DerivationsStopped);
    }

    [Fact]
    public async Task A_slow_preparation_of_one_event_does_not_hold_up_the_delivery_of_another()
    {
        await using var store = new InMemoryLineageStore();
        var ingestor = await LineageIngestor.OpenAsync(store);
        var delivered = new List<long>();
        using var gate = new SemaphoreSlim(0);
        using var entered = new SemaphoreSlim(0);
        var slow = WideSqlEvent.Create(3, Guid.NewGuid(), "slow");
        using var subscription = await ingestor.SubscribeAsync(
            e => { lock (delivered) { delivered.Add(e.Sequence); } },
            e =>
            {
                if (e.Event is RunEvent { Job.Id.Name: "slow" })
                {
                    entered.Release();
                    gate.Wait(HangGuard);
                }
            },
            replay: false);

        // Preparation runs on the ingesting thread, and the append may complete synchronously: ingest from another
        // thread, or the test's own thread would be the one held.
        var held = Task.Run(() => ingestor.IngestAsync(slow).AsTask());
        Assert.True(await entered.WaitAsync(HangGuard));
        var other = await ingestor.IngestAsync(WideSqlEvent.Create(3, Guid.NewGuid(), "quick")).AsTask().WaitAsync(HangGuard);

        Assert.Equal(IngestOutcome.Accepted, other.Outcome);
        Assert.False(held.IsCompleted);
        lock (delivered)
        {
            Assert.Equal([other.Sequence], delivered);
        }

        gate.Release();
        var first = await held.WaitAsync(HangGuard);
        lock (delivered)
        {
            Assert.Equal([other.Sequence, first.Sequence], delivered);
        }
    }

    [Fact]
    public async Task The_same_sql_in_a_second_run_is_not_analysed_again()
    {
        await using var store = new InMemoryLineageStore();
        var (ingestor, replica) = await FollowAsync(store);
        using var _ = replica;

        await ingestor.IngestAsync(WideSqlEvent.Create(50, Guid.NewGuid()));
        await ingestor.IngestAsync(WideSqlEvent.Create(50, Guid.NewGuid()));

        Assert.Equal(1, replica.SqlAnalyses);
        Assert.Equal(1, ColumnLineageInto(replica.Graph, WideSqlEvent.Column(49)));
    }

    [Fact]
    public async Task The_same_sql_is_analysed_again_when_a_schema_it_read_has_changed()
    {
        await using var store = new InMemoryLineageStore();
        var (ingestor, replica) = await FollowAsync(store);
        using var _ = replica;

        await ingestor.IngestAsync(StarEvent(Guid.NewGuid(), "a", "b"));
        Assert.Equal(0, ColumnLineageInto(replica.Graph, "c", "analytics.star_out"));
        await ingestor.IngestAsync(StarEvent(Guid.NewGuid(), "a", "b", "c"));

        Assert.Equal(2, replica.SqlAnalyses);
        Assert.Equal(1, ColumnLineageInto(replica.Graph, "c", "analytics.star_out"));
    }

    [Fact]
    public async Task Sql_past_the_time_budget_gets_no_derived_lineage_and_a_warning_and_is_not_tried_again()
    {
        var warnings = new List<string>();
        await using var store = new InMemoryLineageStore();
        var (ingestor, replica) = await FollowAsync(store, new LineageReplicaOptions
        {
            SqlBudget = new SqlDerivationBudget { Time = TimeSpan.Zero },
            OnWarning = w => { lock (warnings) { warnings.Add(w); } },
        });
        using var _ = replica;

        var first = await ingestor.IngestAsync(WideSqlEvent.Create(20, Guid.NewGuid()));
        await ingestor.IngestAsync(WideSqlEvent.Create(20, Guid.NewGuid()));

        Assert.Equal(IngestOutcome.Accepted, first.Outcome);
        Assert.NotNull(replica.Graph.GetDataset(new DatasetId(WideSqlEvent.Namespace, "analytics.wide_out")));
        Assert.Equal(0, ColumnLineageInto(replica.Graph, WideSqlEvent.Column(0)));
        Assert.Equal(1, replica.SqlAnalyses);
        Assert.Equal(1, replica.DerivationsStopped);
        var warning = Assert.Single(warnings);
        Assert.Contains($"event #{first.Sequence} (job etl:wide_insert): no column lineage derived from its SQL: the analysis took longer than its budget of 0 ms", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_longer_than_the_size_budget_is_not_read_and_says_so()
    {
        var warnings = new List<string>();
        await using var store = new InMemoryLineageStore();
        var (ingestor, replica) = await FollowAsync(store, new LineageReplicaOptions
        {
            SqlBudget = new SqlDerivationBudget { MaxLength = 100 },
            OnWarning = w => { lock (warnings) { warnings.Add(w); } },
        });
        using var _ = replica;

        await ingestor.IngestAsync(WideSqlEvent.Create(20, Guid.NewGuid()));

        Assert.Equal(0, ColumnLineageInto(replica.Graph, WideSqlEvent.Column(0)));
        Assert.Contains($"no column lineage derived from its SQL: the SQL is {WideSqlEvent.Sql(20).Length} characters; at most 100 are analysed", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopening_from_the_checkpoint_keeps_the_derived_lineage_without_analysing_the_sql_again()
    {
        await using (var store = EmbeddedLineageStore.Open(_directory))
        {
            var (ingestor, replica) = await FollowAsync(store, LineageReplicaOptions.ForStore(_directory));
            using var _ = replica;
            await ingestor.IngestAsync(WideSqlEvent.Create(1_000, Guid.NewGuid()));
            Assert.True(await replica.TryWriteCheckpointAsync());
        }

        await using var reopened = EmbeddedLineageStore.Open(_directory, new FileLineageStoreOptions { ReadOnly = true });
        using var again = await LineageReplica.OpenAsync(reopened, LineageReplicaOptions.ForStore(_directory));

        Assert.True(again.Opening.UsedCheckpoint);
        Assert.Equal(0, again.SqlAnalyses);
        Assert.Equal(1, ColumnLineageInto(again.Graph, WideSqlEvent.Column(999)));
    }

    [Fact]
    public async Task Replaying_a_store_without_a_checkpoint_derives_the_same_lineage_as_live()
    {
        await using var store = new InMemoryLineageStore();
        var (ingestor, replica) = await FollowAsync(store);
        using var _ = replica;
        await ingestor.IngestAsync(StarEvent(Guid.NewGuid(), "a", "b"));
        await ingestor.IngestAsync(StarEvent(Guid.NewGuid(), "a", "b", "c"));
        await ingestor.IngestAsync(WideSqlEvent.Create(30, Guid.NewGuid()));

        using var replayed = await LineageReplica.OpenAsync(store);

        foreach (var (field, dataset) in new[] { ("a", "analytics.star_out"), ("c", "analytics.star_out"), (WideSqlEvent.Column(29), "analytics.wide_out") })
        {
            Assert.Equal(1, ColumnLineageInto(replica.Graph, field, dataset));
            Assert.Equal(1, ColumnLineageInto(replayed.Graph, field, dataset));
        }
    }
}
