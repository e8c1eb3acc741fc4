using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Graph;

public sealed class LineageGraphTests
{
    [Fact]
    public void Run_events_for_one_run_accumulate_inputs_outputs_state_and_timing()
    {
        var run = RunId.New();
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [Dataset("orders")], [], RunState.Start, T0, run),
            Run(Job("load"), [], [Dataset("orders_clean")], RunState.Complete, T0.AddSeconds(90), run),
        ]);

        var info = graph.GetRun(run)!;

        Assert.Equal(RunState.Complete, info.State);
        Assert.Equal(T0, info.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(90), info.Duration);
        Assert.Equal([Dataset("orders")], info.Inputs.Select(i => i.Dataset));
        Assert.Equal([Dataset("orders_clean")], info.Outputs.Select(o => o.Dataset));
        Assert.Equal(1, graph.RunCount);
    }

    [Fact]
    public void Late_start_event_does_not_undo_a_completed_run()
    {
        var run = RunId.New();
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Dataset("a")], RunState.Complete, T0.AddMinutes(1), run),
            Run(Job("load"), [], [Dataset("a")], RunState.Start, T0, run),
        ]);

        var info = graph.GetRun(run)!;

        Assert.Equal(RunState.Complete, info.State);
        Assert.Equal(TimeSpan.FromMinutes(1), info.Duration);
    }

    [Fact]
    public void Applying_the_same_event_twice_changes_nothing()
    {
        var e = Run(Job("load"), [Dataset("a")], [Dataset("b")]);
        using var graph = new LineageGraph();

        graph.Apply(e);
        var edges = graph.EdgeCount;
        graph.Apply(e);

        Assert.Equal(edges, graph.EdgeCount);
        Assert.Equal(1, graph.RunCount);
        Assert.Equal(2, graph.DatasetCount);
        Assert.Equal(1, graph.GetJob(Job("load"))!.RunCount);
    }

    [Fact]
    public void Read_and_write_edges_connect_datasets_through_jobs()
    {
        using var graph = LineageGraph.From([Run(Job("load"), [Dataset("a")], [Dataset("b")])]);

        var edges = graph.GetEdges(Node(Job("load")));

        Assert.Contains(edges, e => e.Kind == EdgeKind.Read && e.From == Node(Dataset("a")) && e.To == Node(Job("load")));
        Assert.Contains(edges, e => e.Kind == EdgeKind.Write && e.From == Node(Job("load")) && e.To == Node(Dataset("b")));
        Assert.Contains(edges, e => e.Kind == EdgeKind.RunOf && e.To == Node(Job("load")));
    }

    [Fact]
    public void Edges_remember_first_and_last_seen_event_time()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [Dataset("a")], [Dataset("b")], at: T0.AddHours(2)),
            Run(Job("load"), [Dataset("a")], [Dataset("b")], at: T0),
            Run(Job("load"), [Dataset("a")], [Dataset("b")], at: T0.AddHours(5)),
        ]);

        var read = graph.GetEdges(Node(Dataset("a")), LineageDirection.Downstream).Single();

        Assert.Equal(T0, read.FirstSeen);
        Assert.Equal(T0.AddHours(5), read.LastSeen);
    }

    [Fact]
    public void Facet_sent_again_replaces_the_earlier_one()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("a"), Owners("team:old"))], at: T0),
            Run(Job("load"), [], [Output(Dataset("a"), Owners("team:new"))], at: T0.AddMinutes(1)),
        ]);

        Assert.Equal(["team:new"], graph.GetDataset(Dataset("a"))!.Owners.Select(o => o.Name));
    }

    [Fact]
    public void Facet_marked_deleted_is_removed()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("a"), Documentation("all orders"))], at: T0),
            Run(Job("load"), [], [Output(Dataset("a"), (DocumentationFacet.Key, new DocumentationFacet("") { Deleted = true }))], at: T0.AddMinutes(1)),
        ]);

        Assert.Null(graph.GetDataset(Dataset("a"))!.Description);
    }

    [Fact]
    public void Drop_marks_a_dataset_deleted_and_a_later_write_revives_it()
    {
        using var graph = new LineageGraph();
        graph.Apply(Run(Job("drop"), [], [Output(Dataset("a"), Lifecycle("DROP"))], at: T0));
        Assert.True(graph.GetDataset(Dataset("a"))!.Deleted);

        graph.Apply(Run(Job("load"), [], [Output(Dataset("a"), Lifecycle("CREATE"))], at: T0.AddHours(1)));

        Assert.False(graph.GetDataset(Dataset("a"))!.Deleted);
    }

    [Fact]
    public void Rename_makes_the_old_identity_resolve_to_the_new_one_with_its_lineage()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [Dataset("raw")], [Dataset("orders_v1")], at: T0),
            Run(Job("rename"), [], [Output(Dataset("orders"), Lifecycle("RENAME", Dataset("orders_v1")))], at: T0.AddMinutes(1)),
        ]);

        var resolved = graph.Resolve(Node(Dataset("orders_v1")));
        var orders = graph.GetDataset(Dataset("orders_v1"))!;

        Assert.Equal(Node(Dataset("orders")), resolved);
        Assert.Equal(Dataset("orders"), orders.Id);
        Assert.Contains(Dataset("orders_v1"), orders.Aliases);
        Assert.Contains(graph.GetEdges(Node(Dataset("orders")), LineageDirection.Upstream), e => e.From == Node(Job("load")));
    }

    [Fact]
    public void Symlinks_make_aliases_resolve_to_one_node()
    {
        var file = new DatasetId("file", "/warehouse/orders");
        var table = new DatasetId("hive://metastore:9083", "sales.orders");
        using var graph = LineageGraph.From(
        [
            Run(Job("report"), [table], [Dataset("report")], at: T0),
            Run(Job("load"), [], [Output(file, Symlinks(table))], at: T0.AddMinutes(1)),
        ]);

        var edges = graph.GetEdges(NodeId.From(file));

        Assert.Equal(NodeId.From(file), graph.Resolve(NodeId.From(table)));
        Assert.Contains(edges, e => e.Kind == EdgeKind.Read && e.To == Node(Job("report")));
        Assert.Contains(edges, e => e.Kind == EdgeKind.Write && e.From == Node(Job("load")));
        Assert.DoesNotContain(graph.GetDatasets(), d => d.Id == table);
    }

    [Fact]
    public void Column_lineage_keeps_every_transformation()
    {
        var hash = new Transformation("DIRECT", "TRANSFORMATION", "sha256(email)", Masking: true);
        var filter = new Transformation("INDIRECT", "FILTER", "where active");
        using var graph = LineageGraph.From(
        [
            Run(Job("mask"), [Input(Dataset("customers"))], [Output(Dataset("safe"), Columns(("email_hash", [From(Dataset("customers"), "email", hash, filter)])))]),
        ]);

        var edge = graph.GetEdges(Node(Field("safe", "email_hash")), LineageDirection.Upstream).Single();

        Assert.Equal(EdgeKind.ColumnLineage, edge.Kind);
        Assert.Equal(Node(Field("customers", "email")), edge.From);
        Assert.Equal([hash, filter], edge.Transformations);
        Assert.True(edge.IsMasking);
    }

    [Fact]
    public void Dataset_level_column_lineage_becomes_indirect_field_to_dataset_edges()
    {
        var sort = new Transformation("INDIRECT", "SORT");
        var facet = new ColumnLineageDatasetFacet { Dataset = [new InputField("warehouse", "orders", "placed") { Transformations = [sort] }] };
        using var graph = LineageGraph.From([Run(Job("sort"), [Input(Dataset("orders"))], [Output(Dataset("sorted"), (ColumnLineageDatasetFacet.Key, facet))])]);

        var edge = graph.GetEdges(Node(Dataset("sorted")), LineageDirection.Upstream).Single(e => e.Kind == EdgeKind.DatasetColumnLineage);

        Assert.Equal(Node(Field("orders", "placed")), edge.From);
        Assert.Equal([sort], edge.Transformations);
    }

    [Fact]
    public void Job_version_changes_only_when_inputs_or_outputs_change()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [Dataset("a")], [Dataset("b")], at: T0),
            Run(Job("load"), [Dataset("a")], [Dataset("b")], at: T0.AddDays(1)),
            Run(Job("load"), [Dataset("a"), Dataset("c")], [Dataset("b")], at: T0.AddDays(2)),
        ]);

        var versions = graph.GetJobVersions(Job("load"));

        Assert.Equal(2, versions.Count);
        Assert.Equal(2, versions[0].RunCount);
        Assert.Equal([Dataset("a"), Dataset("c")], versions[1].Inputs);
        Assert.Equal(versions[1].Version, graph.GetJob(Job("load"))!.CurrentVersion);
    }

    [Fact]
    public void Dataset_versions_keep_schema_and_rows_per_writing_run()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("a"), 100, Schema("id", "amount"))], at: T0),
            Run(Job("load"), [], [Output(Dataset("a"), 80, Schema("id", "amount", "currency"))], at: T0.AddDays(1)),
        ]);

        var versions = graph.GetDatasetVersions(Dataset("a"));

        Assert.Equal([100L, 80L], versions.Select(v => v.RowCount!.Value));
        Assert.Equal(["id", "amount", "currency"], versions[1].Schema.Select(f => f.Name));
        Assert.Equal(Job("load"), versions[0].Job);
    }

    [Fact]
    public void A_version_keeps_any_row_count_it_was_given_and_none_when_none_was_reported_also_after_a_checkpoint()
    {
        // A version keeps "not reported" as a value no producer sends, not as -1 or 0: both are row counts a producer can send.
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("a"), 0)], at: T0),
            Run(Job("load"), [], [Output(Dataset("a"), -1)], at: T0.AddDays(1)),
            Run(Job("load"), [], [Output(Dataset("a"))], at: T0.AddDays(2)),
            Run(Job("load"), [], [Output(Dataset("a"), 1L << 40)], at: T0.AddDays(3)),
        ]);
        using var checkpoint = new MemoryStream();
        graph.WriteCheckpoint(checkpoint);
        using var reloaded = new LineageGraph();
        reloaded.LoadCheckpoint(checkpoint.ToArray());

        foreach (var g in new[] { graph, reloaded })
        {
            Assert.Equal([0L, -1L, null, 1L << 40], g.GetDatasetVersions(Dataset("a")).Select(v => v.RowCount));
        }
    }

    [Fact]
    public void A_version_whose_run_sent_no_schema_shows_the_schema_of_the_nearest_earlier_version_that_did()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("a"), 100, Schema("id", "amount"))], at: T0),
            Run(Job("load"), [], [Output(Dataset("a"), 90)], at: T0.AddDays(1)),
            Run(Job("load"), [], [Output(Dataset("a"), 80, Schema("id", "amount", "currency"))], at: T0.AddDays(2)),
            Run(Job("load"), [], [Output(Dataset("a"), 70)], at: T0.AddDays(3)),
            Run(Job("load"), [], [Output(Dataset("a"), 60)], at: T0.AddDays(4)),
        ]);

        var versions = graph.GetDatasetVersions(Dataset("a"));

        Assert.Equal([100L, 90L, 80L, 70L, 60L], versions.Select(v => v.RowCount!.Value));
        Assert.Equal(
            ["id,amount", "id,amount", "id,amount,currency", "id,amount,currency", "id,amount,currency"],
            versions.Select(v => string.Join(",", v.Schema.Select(f => f.Name))));
    }

    [Fact]
    public void Dataset_versions_stay_in_time_order_whatever_order_their_runs_arrive_in()
    {
        // Runs on days 0..39 arriving shuffled: each one's version is put in its place, never appended out of order.
        var days = Enumerable.Range(0, 40).ToList();
        var shuffled = days.OrderBy(d => (d * 17) % 40).ToList();
        using var graph = LineageGraph.From([.. shuffled.Select(d => Run(Job("load"), [], [Output(Dataset("a"), d)], at: T0.AddDays(d)))]);

        var versions = graph.GetDatasetVersions(Dataset("a"));

        Assert.Equal(days.Select(d => (long)d), versions.Select(v => v.RowCount!.Value));
        Assert.Equal(days.Select(d => T0.AddDays(d)), versions.Select(v => v.FirstSeen));
    }

    [Fact]
    public void Many_runs_writing_one_dataset_at_once_each_keep_one_version_with_their_latest_rows()
    {
        // 200 runs start writing one dataset at the same moment, then all complete: each COMPLETE finds its run's own
        // version among the others (by run once there are many, also after a checkpoint), not a new one. Two jobs
        // share one run id, so two versions tie on time and run id and must still be told apart.
        var shared = RunId.New();
        var runs = Enumerable.Range(0, 200).Select(i => (Job: Job(i == 1 ? "other" : "load"), Run: i < 2 ? shared : RunId.New(), Rows: 1000L + i)).ToList();
        var starts = runs.Select(r => Run(r.Job, [], [Output(Dataset("a"), r.Rows - 1000)], RunState.Start, T0, r.Run)).ToList();
        var completes = runs.Select(r => Run(r.Job, [], [Output(Dataset("a"), r.Rows)], RunState.Complete, T0.AddMinutes(1), r.Run)).ToList();

        using var graph = LineageGraph.From([.. starts, .. completes.Take(100)]);
        using var checkpoint = new MemoryStream();
        graph.WriteCheckpoint(checkpoint);
        using var reloaded = new LineageGraph();
        reloaded.LoadCheckpoint(checkpoint.ToArray());
        foreach (var complete in completes.Skip(100).Reverse())
        {
            graph.Apply(complete);
            reloaded.Apply(complete);
        }

        foreach (var g in new[] { graph, reloaded })
        {
            var versions = g.GetDatasetVersions(Dataset("a"));
            Assert.Equal(200, versions.Count);
            Assert.Equal(runs.Select(r => r.Rows).Order(), versions.Select(v => v.RowCount!.Value).Order());
            Assert.All(versions, v => Assert.Equal(T0, v.FirstSeen));
            Assert.All(versions, v => Assert.Equal(T0.AddMinutes(1), v.LastSeen));
            Assert.Equal(versions.OrderBy(v => v.Run.ToString(), StringComparer.Ordinal).Select(v => v.Run), versions.Select(v => v.Run));
            Assert.Equal([1000L, 1001L], versions.Where(v => v.Run == shared).Select(v => v.RowCount!.Value).Order());
        }
    }

    [Fact]
    public void Thousands_of_runs_whose_ends_arrive_before_their_starts_end_with_the_versions_of_events_sent_in_time_order()
    {
        // 1,500 runs started at ten moments (so 150 tie at each) and lasting from one to fifty minutes, every COMPLETE
        // sent before its START, all shuffled: each START, earlier than anything its run sent before, moves the run's
        // version from where its end put it to where its start does, among thousands of others.
        var random = new Random(5);
        var runs = Enumerable.Range(0, 1500).Select(i => (Run: RunId.New(), Start: T0.AddMinutes(i % 10), Rows: (long)i, Minutes: 1 + random.Next(50))).ToList();
        var starts = runs.Select(r => Run(Job("load"), [], [Output(Dataset("a"), r.Rows)], RunState.Start, r.Start, r.Run)).ToList();
        var completes = runs.Select(r => Run(Job("load"), [], [Output(Dataset("a"), r.Rows)], RunState.Complete, r.Start.AddMinutes(r.Minutes), r.Run)).ToList();
        List<LineageEvent> late = [.. completes.OrderBy(_ => random.Next()), .. starts.OrderBy(_ => random.Next())];

        using var inOrder = LineageGraph.From([.. starts, .. completes]);
        using var outOfOrder = LineageGraph.From(late);

        var expected = inOrder.GetDatasetVersions(Dataset("a"));
        var actual = outOfOrder.GetDatasetVersions(Dataset("a"));
        Assert.Equal(1500, actual.Count);
        Assert.Equal(expected.Select(v => (v.Run, v.FirstSeen, v.LastSeen, v.RowCount)), actual.Select(v => (v.Run, v.FirstSeen, v.LastSeen, v.RowCount)));
        Assert.Equal(runs.OrderBy(r => r.Start).ThenBy(r => r.Run.Value).Select(r => r.Run), actual.Select(v => v.Run));
    }

    [Fact]
    public void Versions_first_seen_at_one_time_are_in_run_id_order_whether_the_ids_differ_in_their_first_or_last_bytes()
    {
        // Ties on time are put in order by run id. Half the ids differ only after their first eight bytes, and some
        // have the high bit set in each of the id's first three groups, where a signed comparison would misorder them.
        var random = new Random(9);
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            if (i % 2 == 0)
            {
                byte[] prefix = [0x80, 0x00, 0xff, 0xff, 0xff, 0x00, 0x7f, 0xff];
                prefix.CopyTo(bytes, 0);
            }

            ids.Add(new Guid(bytes, bigEndian: true));
        }

        var shuffled = ids.OrderBy(_ => random.Next()).ToList();
        using var graph = LineageGraph.From([.. shuffled.Select((id, i) => Run(Job("load"), [], [Output(Dataset("a"), i)], at: T0, run: new RunId(id)))]);

        var versions = graph.GetDatasetVersions(Dataset("a"));

        Assert.Equal(ids.Order().Select(id => new RunId(id)), versions.Select(v => v.Run));
        Assert.Equal(ids.Select(id => id.ToString()).Order(StringComparer.Ordinal), versions.Select(v => v.Run.ToString()));
    }

    [Fact]
    public void Runs_that_wrote_a_dataset_before_its_rename_complete_into_their_own_merged_versions()
    {
        // 100 runs start writing orders_v1 and 100 others orders; a RENAME merges orders_v1 into orders; then all 200
        // complete under the new name. A run's merged version is found (among the newest or by run), none is doubled.
        var runs = Enumerable.Range(0, 200).Select(i => (Name: i < 100 ? "orders_v1" : "orders", Run: RunId.New(), Rows: 5000L + i)).ToList();
        var events = new List<RunEvent>();
        events.AddRange(runs.Select(r => Run(Job("load"), [], [Output(Dataset(r.Name), 1)], RunState.Start, T0, r.Run)));
        events.Add(Run(Job("rename"), [], [Output(Dataset("orders"), Lifecycle("RENAME", Dataset("orders_v1")))], at: T0.AddMinutes(1)));
        events.AddRange(runs.Select(r => Run(Job("load"), [], [Output(Dataset("orders"), r.Rows)], RunState.Complete, T0.AddMinutes(2), r.Run)));

        using var graph = LineageGraph.From(events);
        var versions = graph.GetDatasetVersions(Dataset("orders")).Where(v => v.RowCount >= 5000).ToList();

        Assert.Equal(runs.Select(r => r.Rows).Order(), versions.Select(v => v.RowCount!.Value).Order());
        Assert.Equal(200, versions.Select(v => v.Run).Distinct().Count());
        Assert.All(versions, v => Assert.Equal(T0, v.FirstSeen));
    }

    [Fact]
    public void Tags_with_a_field_apply_to_that_field_and_the_rest_to_the_dataset()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [], [Output(Dataset("customers"), Schema("id", "email"), Tags(new Tag("pii", "true", Field: "email"), new Tag("tier", "gold")))]),
        ]);

        var customers = graph.GetDataset(Dataset("customers"))!;

        Assert.Equal(["tier"], customers.Tags.Select(t => t.Key));
        Assert.Equal(["pii"], customers.Fields.Single(f => f.Id.Name == "email").Tags.Select(t => t.Key));
        Assert.Empty(customers.Fields.Single(f => f.Id.Name == "id").Tags);
    }

    [Fact]
    public void Run_keeps_statistics_errors_operation_type_parent_and_sql()
    {
        var parent = RunId.New();
        var run = RunId.New();
        var e = Run(Job("load"), [new InputDataset(Dataset("a")) { InputFacets = Facets((InputStatisticsInputDatasetFacet.Key, new InputStatisticsInputDatasetFacet { RowCount = 7, Size = 70 })) }],
            [Output(Dataset("b"), 5)], RunState.Fail, T0, run) with
        {
            Run = new Run(run)
            {
                Facets = Facets(
                    (ErrorMessageRunFacet.Key, new ErrorMessageRunFacet("division by zero", "C#")),
                    (OperationTypeRunFacet.Key, new OperationTypeRunFacet(OperationType.Transform)),
                    (ParentRunFacet.Key, new ParentRunFacet(parent, Job("dag")))),
            },
            Job = new Job(Job("load")) { Facets = Facets((SqlJobFacet.Key, new SqlJobFacet("select 1"))) },
        };
        using var graph = LineageGraph.From([e]);

        var info = graph.GetRun(run)!;

        Assert.True(info.Failed);
        Assert.Equal("division by zero", info.ErrorMessage);
        Assert.Equal(OperationType.Transform, info.OperationType);
        Assert.Equal(parent, info.ParentRun);
        Assert.Equal("select 1", info.Sql);
        Assert.Equal(7, info.Inputs.Single().RowCount);
        Assert.Equal(5, info.Outputs.Single().RowCount);
    }

    [Fact]
    public void Failed_write_does_not_count_as_fresh_data()
    {
        using var graph = LineageGraph.From([Run(Job("load"), [], [Dataset("a")], RunState.Fail)]);

        Assert.Null(graph.GetDataset(Dataset("a"))!.LastWritten);
    }

    [Fact]
    public async Task Readers_and_one_writer_can_work_at_the_same_time()
    {
        using var graph = new LineageGraph();
        var events = Chain(300).ToArray();

        var writer = Task.Run(() =>
        {
            foreach (var e in events)
            {
                graph.Apply(e);
            }
        });
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            while (!writer.IsCompleted)
            {
                var datasets = graph.GetDatasets();
                Assert.All(datasets, d => Assert.NotNull(graph.GetDataset(d.Id)));
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);

        Assert.Equal(301, graph.DatasetCount);
    }

    [Fact]
    public void Job_event_declares_lineage_without_a_run()
    {
        using var graph = LineageGraph.From(
        [
            new JobEvent { EventTime = T0, Producer = "https://tributary.dev/tests", Job = new Job(Job("model")), Inputs = [new InputDataset(Dataset("a"))], Outputs = [new OutputDataset(Dataset("b"))] },
        ]);

        var job = graph.GetJob(Job("model"))!;

        Assert.Equal([Dataset("a")], job.Inputs);
        Assert.Equal([Dataset("b")], job.Outputs);
        Assert.Equal(0, graph.RunCount);
    }

    [Fact]
    public void Legacy_field_level_transformation_type_becomes_a_transformation()
    {
        var field = new ColumnLineageField("email", [new InputField("warehouse", "people", "email")]) { TransformationType = "MASKED", TransformationDescription = "md5" };
        var facet = new ColumnLineageDatasetFacet { Fields = [field] };
        using var graph = LineageGraph.From([Run(Job("mask"), [Input(Dataset("people"))], [Output(Dataset("masked"), (ColumnLineageDatasetFacet.Key, facet))])]);

        var edge = graph.GetEdges(Node(Field("masked", "email")), LineageDirection.Upstream).Single();

        Assert.Equal([new Transformation("DIRECT", "TRANSFORMATION", "md5", Masking: true)], edge.Transformations);
        Assert.True(edge.IsMasking);
    }

    [Fact]
    public void Fields_of_an_alias_resolve_to_the_fields_of_the_canonical_dataset()
    {
        var table = new DatasetId("hive", "sales.orders");
        using var graph = LineageGraph.From(
        [
            Run(Job("report"), [Input(table, Schema("id"))], [Output(Dataset("report"), Columns(("id", [From(table, "id")])))], at: T0),
            Run(Job("load"), [], [Output(Dataset("orders"), Symlinks(table))], at: T0.AddMinutes(1)),
        ]);

        Assert.Equal(Node(Field("orders", "id")), graph.Resolve(NodeId.From(table.Field("id"))));
        Assert.Contains(graph.GetEdges(Node(Field("orders", "id")), LineageDirection.Downstream), e => e.To == Node(Field("report", "id")));
    }

    [Fact]
    public void A_run_that_reports_a_datasets_checks_again_keeps_the_newest_report_for_it_and_the_other_datasets_as_they_were()
    {
        using var graph = new LineageGraph();
        var run = RunId.New();
        var orders = Dataset("orders");
        static (string, Facet) Checks(params Assertion[] assertions) => (DataQualityAssertionsDatasetFacet.Key, new DataQualityAssertionsDatasetFacet { Assertions = assertions });

        graph.Apply(Run(Job("checks"), [], [
            Output(orders, Checks(new Assertion("not_null", false, "id"), new Assertion("unique", false, "id"))),
            Output(Dataset("customers"), Checks(new Assertion("not_null", false, "email"))),
        ], RunState.Running, T0, run));
        graph.Apply(Run(Job("checks"), [], [Output(orders, Checks(new Assertion("not_null", true, "id"), new Assertion("unique", false, "id")))], RunState.Complete, T0.AddMinutes(1), run));

        var failed = graph.GetRun(run)!.FailedAssertions.Select(a => $"{a.Dataset.Name}:{a.Assertion.Name}").Order();
        Assert.Equal(["customers:not_null", "orders:unique"], failed);
    }
}
