using Tributary.Export;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class ClassificationTests
{
    private static readonly NodeId Email = NodeId.From(RetailPipeline.Customers.Field("email"));

    [Fact]
    public void Pii_on_an_email_reaches_the_staging_email_and_stops_at_the_hashed_field()
    {
        var report = new LineageQueryEngine(RetailPipeline.Graph()).Classifications(new ClassificationOptions { Tag = "pii" });

        var fromEmail = report.Classifications.Where(c => c.Origin == Email && c.Propagated).ToList();
        var staging = Assert.Single(fromEmail);
        Assert.Equal(NodeId.From(RetailPipeline.Staging.Field("email")), staging.Node);
        Assert.Equal([Email, staging.Node], staging.Path);
        Assert.False(staging.Coarse);
        Assert.Equal("email", staging.Tag.Field);
        var stop = Assert.Single(report.Stops, s => s.Origin == Email);
        Assert.Equal((NodeId.From(RetailPipeline.Summary.Field("email_hash")), "masking", (NodeId?)null), (stop.Node, stop.Reason, stop.BlockedBy));
        Assert.Contains(report.Classifications, c => c.Node == Email && !c.Propagated && c.Origin == Email);
    }

    [Fact]
    public void Masking_stops_nothing_when_the_options_say_so()
    {
        var report = new LineageQueryEngine(RetailPipeline.Graph()).Classifications(new ClassificationOptions { Tag = "pii", MaskingStops = false });

        Assert.Contains(report.Classifications, c => c.Origin == Email && c.Node == NodeId.From(RetailPipeline.Summary.Field("email_hash")));
        Assert.DoesNotContain(report.Stops, s => s.Origin == Email);
    }

    [Fact]
    public void A_block_on_a_job_stops_the_tag_there_and_in_the_pii_view()
    {
        var block = new JobEvent
        {
            EventTime = T0.AddDays(1),
            Producer = "https://tributary.dev/tests",
            Job = new Job(RetailPipeline.Etl) { Facets = Facets(Tags(new Tag(ClassificationOptions.BlockKey, "pii"))) },
        };
        var engine = new LineageQueryEngine(LineageGraph.From(RetailPipeline.Events().Append(block)));

        var report = engine.Classifications(new ClassificationOptions { Tag = "pii" });

        Assert.DoesNotContain(report.Classifications, c => c.Propagated);
        var stop = Assert.Single(report.Stops, s => s.Origin == Email);
        Assert.Equal((NodeId.From(RetailPipeline.Staging.Field("email")), "blocked-by-job", (NodeId?)NodeId.From(RetailPipeline.Etl)), (stop.Node, stop.Reason, stop.BlockedBy));
        Assert.DoesNotContain(engine.PiiFlow().AffectedFields, f => f.Dataset != RetailPipeline.Customers);
    }

    [Fact]
    public void A_block_on_a_field_stops_the_tag_entering_it()
    {
        var block = new DatasetEvent
        {
            EventTime = T0.AddDays(1),
            Producer = "https://tributary.dev/tests",
            Dataset = new Dataset(RetailPipeline.Staging) { Facets = Facets(Tags(new Tag(ClassificationOptions.BlockKey, "pii", Field: "email"))) },
        };
        var report = new LineageQueryEngine(LineageGraph.From(RetailPipeline.Events().Append(block))).Classifications(new ClassificationOptions { Tag = "pii" });

        Assert.DoesNotContain(report.Classifications, c => c.Origin == Email && c.Propagated);
        Assert.Contains(report.Classifications, c => c.Node == NodeId.From(RetailPipeline.Staging.Field("first_name")) && c.Propagated);
        Assert.Equal("blocked-at-field", Assert.Single(report.Stops, s => s.Origin == Email).Reason);
    }

    [Fact]
    public void Removing_the_origin_tag_removes_everything_it_propagated()
    {
        var untag = new DatasetEvent
        {
            EventTime = T0.AddDays(1),
            Producer = "https://tributary.dev/tests",
            Dataset = new Dataset(RetailPipeline.Customers) { Facets = Facets(Tags(new Tag("pii", "true", Field: "first_name"), new Tag("pii", "true", Field: "last_name"))) },
        };
        var engine = new LineageQueryEngine(LineageGraph.From(RetailPipeline.Events().Append(untag)));

        var report = engine.Classifications(new ClassificationOptions { Tag = "pii" });

        Assert.DoesNotContain(report.Classifications, c => c.Origin == Email);
        Assert.DoesNotContain(report.Stops, s => s.Origin == Email);
        Assert.DoesNotContain(report.Classifications, c => c.Node == NodeId.From(RetailPipeline.Staging.Field("email")));
        Assert.Contains(report.Classifications, c => c.Node == NodeId.From(RetailPipeline.Staging.Field("first_name")) && c.Propagated);
    }

    [Fact]
    public void A_tag_whose_policy_is_not_to_propagate_stays_where_it_was_put()
    {
        var report = new LineageQueryEngine(RetailPipeline.Graph()).Classifications(new ClassificationOptions { NotPropagated = ["PII"] });

        Assert.Equal(3, report.Classifications.Count(c => c.Tag.Key == "pii"));
        Assert.All(report.Classifications.Where(c => c.Tag.Key == "pii"), c => Assert.False(c.Propagated));
    }

    [Fact]
    public void Without_column_lineage_a_tag_crosses_a_job_to_the_whole_output_dataset_marked_coarse()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("copy"), [Input(Dataset("people"), Schema("email"), Tags(new Tag("pii", "true", Field: "email")))], [Output(Dataset("copy"), Schema("email"))]),
            Run(Job("columns"), [Input(Dataset("copy"))], [Output(Dataset("mail"), Columns(("address", [From(Dataset("copy"), "email")])))]),
        ]);

        var report = new LineageQueryEngine(graph).Classifications();

        var copy = Assert.Single(report.Classifications, c => c.Node == Node(Dataset("copy")));
        Assert.True(copy.Propagated && copy.Coarse);
        Assert.Equal([Node(Field("people", "email")), Node(Job("copy")), Node(Dataset("copy"))], copy.Path);

        // From a coarse dataset on, column lineage leads again; the path remembers the coarse hop.
        var address = Assert.Single(report.Classifications, c => c.Node == Node(Field("mail", "address")));
        Assert.True(address.Coarse);
        Assert.Equal(Node(Field("people", "email")), address.Origin);
    }

    [Fact]
    public void A_dataset_tag_propagates_from_every_field_of_the_dataset()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [Input(Dataset("people"), Schema("name", "email"), Tags(new Tag("confidential", "true")))],
                [Output(Dataset("names"), Columns(("name", [From(Dataset("people"), "name")])))]),
        ]);

        var report = new LineageQueryEngine(graph).Classifications();

        var name = Assert.Single(report.Classifications, c => c.Node == Node(Field("names", "name")));
        Assert.Equal(Node(Dataset("people")), name.Origin);
        Assert.Equal("confidential", name.Tag.Key);
        Assert.False(name.Coarse);
    }

    // The per-classification policy an engine is given, and blocks on one edge: honoured by every query that
    // propagates tags (tag list, find --tag, exports, and the pii view for blocks).
    private static readonly NodeId StagingEmail = NodeId.From(RetailPipeline.Staging.Field("email"));
    private static readonly NodeId StagingFirstName = NodeId.From(RetailPipeline.Staging.Field("first_name"));
    private static readonly DateTimeOffset Later = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LineageQueryEngine Engine(params ClassificationPolicy[] policies) =>
        new(RetailPipeline.Graph(), new LineageQueryOptions { ClassificationPolicies = policies });

    [Fact]
    public void A_policy_that_keeps_a_tag_put_holds_for_tag_list_find_and_exports_alike()
    {
        var engine = Engine(new ClassificationPolicy("PII") { Propagate = false });

        var report = engine.Classifications();

        Assert.Equal(3, report.Classifications.Count(c => c.Tag.Key == "pii"));
        Assert.DoesNotContain(report.Classifications, c => c.Propagated);
        Assert.Empty(report.Stops);
        Assert.Equal([RetailPipeline.Customers], engine.FindDataSources(new DataSourceFilter { Tag = "pii" }).Select(d => d.Id));
        var view = new LineageVisualizer(engine, new ExportOptions { IncludeFields = true }).GenerateGraphData();
        Assert.DoesNotContain(view.Nodes, n => n.Classifications.Any(c => c.Propagated));
        Assert.Single(view.Find(Email)!.Classifications);
    }

    [Fact]
    public void A_policy_can_let_one_tag_through_masking_while_the_others_stop_there()
    {
        using var graph = LineageGraph.From(RetailPipeline.Events().Append(Tagging(RetailPipeline.Staging, "email", "contact")));
        var engine = new LineageQueryEngine(graph, new LineageQueryOptions { ClassificationPolicies = [new ClassificationPolicy("pii") { MaskingStops = false }] });

        var report = engine.Classifications();

        var hash = NodeId.From(RetailPipeline.Summary.Field("email_hash"));
        Assert.Contains(report.Classifications, c => c.Node == hash && c.Tag.Key == "pii" && c.Origin == Email);
        Assert.DoesNotContain(report.Classifications, c => c.Node == hash && c.Tag.Key == "contact");
        Assert.Equal("masking", Assert.Single(report.Stops, s => s.Tag == "contact").Reason);

        // Asking for masking to stop nothing still lets everything through; the policy cannot hold a tag back then.
        Assert.Contains(engine.Classifications(new ClassificationOptions { MaskingStops = false }).Classifications, c => c.Node == hash && c.Tag.Key == "contact");
    }

    [Fact]
    public void The_star_policy_covers_every_tag_no_other_policy_names_and_the_first_naming_a_tag_wins()
    {
        var policies = new[]
        {
            new ClassificationPolicy("pii"),
            new ClassificationPolicy(ClassificationPolicy.Any) { Propagate = false },
            new ClassificationPolicy("pii") { Propagate = false },
        };

        Assert.True(ClassificationPolicy.For(policies, "PII").Propagate);
        Assert.False(ClassificationPolicy.For(policies, "internal").Propagate);
        Assert.Same(ClassificationPolicy.Default, ClassificationPolicy.For([], "pii"));
        using var graph = LineageGraph.From(RetailPipeline.Events().Append(Tagging(RetailPipeline.Orders, "order_id", "internal")));
        var report = new LineageQueryEngine(graph, new LineageQueryOptions { ClassificationPolicies = policies }).Classifications();
        Assert.Contains(report.Classifications, c => c.Node == StagingEmail && c.Tag.Key == "pii");
        Assert.Contains(report.Classifications, c => c.Tag.Key == "internal" && !c.Propagated);
        Assert.DoesNotContain(report.Classifications, c => c.Tag.Key == "internal" && c.Propagated);
    }

    [Fact]
    public void A_block_on_a_field_edge_stops_the_tag_on_that_edge_only_and_in_the_pii_view()
    {
        var graph = RetailPipeline.Graph();
        var block = TagEdits.EdgeBlock(graph, Email, StagingEmail, "pii", add: true, Later, "https://tributary.dev/tests");
        Assert.Null(block.Problem);
        graph.Apply(block.Event!);
        var engine = new LineageQueryEngine(graph);

        var report = engine.Classifications(new ClassificationOptions { Tag = "pii" });

        Assert.DoesNotContain(report.Classifications, c => c.Node == StagingEmail);
        Assert.Contains(report.Classifications, c => c.Node == StagingFirstName && c.Propagated);
        var stop = Assert.Single(report.Stops, s => s.Origin == Email);
        Assert.Equal((StagingEmail, "blocked-on-edge", (NodeId?)Email), (stop.Node, stop.Reason, stop.BlockedBy));
        Assert.DoesNotContain(StagingEmail.AsField(), engine.PiiFlow().AffectedFields);
        Assert.DoesNotContain(report.Classifications, c => c.Tag.Key == ClassificationOptions.EdgeBlockKey);

        // Lifted, the tag takes the edge again; another tag was never stopped by it.
        graph.Apply(TagEdits.EdgeBlock(graph, Email, StagingEmail, "pii", add: false, Later.AddSeconds(1), "https://tributary.dev/tests").Event!);
        Assert.Contains(engine.Classifications().Classifications, c => c.Node == StagingEmail && c.Origin == Email);
    }

    [Fact]
    public void A_block_on_a_dataset_edge_stops_the_tag_going_into_that_dataset_and_its_fields()
    {
        var graph = RetailPipeline.Graph();
        var edit = TagEdits.EdgeBlock(graph, NodeId.From(RetailPipeline.Customers), NodeId.From(RetailPipeline.Staging), "pii", add: true, Later, "https://tributary.dev/tests");
        graph.Apply(edit.Event!);

        var report = new LineageQueryEngine(graph).Classifications(new ClassificationOptions { Tag = "pii" });

        Assert.DoesNotContain(report.Classifications, c => c.Propagated);
        Assert.Equal(3, report.Stops.Count);
        Assert.All(report.Stops, s => Assert.Equal(("blocked-on-edge", (NodeId?)NodeId.From(RetailPipeline.Customers)), (s.Reason, s.BlockedBy)));
    }

    [Fact]
    public void A_block_on_an_edge_that_is_not_there_or_mixes_a_dataset_and_a_field_is_refused_with_the_reason()
    {
        var graph = RetailPipeline.Graph();

        var mixed = TagEdits.EdgeBlock(graph, NodeId.From(RetailPipeline.Customers), StagingEmail, "pii", true, Later, "p");
        var missing = TagEdits.EdgeBlock(graph, Email, NodeId.From(RetailPipeline.Staging.Field("first_name")), "pii", true, Later, "p");
        var backwards = TagEdits.EdgeBlock(graph, NodeId.From(RetailPipeline.Staging), NodeId.From(RetailPipeline.Customers), "pii", true, Later, "p");
        var valued = TagEdits.EdgeBlock(graph, Email, StagingEmail, "pii=true", true, Later, "p");
        var notThere = TagEdits.EdgeBlock(graph, Email, StagingEmail, "pii", false, Later, "p");

        Assert.Contains("from a dataset to a dataset or from a field to a field", mixed.Problem, StringComparison.Ordinal);
        Assert.Contains("no lineage goes straight from", missing.Problem, StringComparison.Ordinal);
        Assert.True(backwards.NotFound);
        Assert.Contains("not a tag key", valued.Problem, StringComparison.Ordinal);
        Assert.Contains("there is no tag", notThere.Problem, StringComparison.Ordinal);
        Assert.All(new[] { mixed, missing, backwards, valued, notThere }, e => Assert.Null(e.Event));
    }

    private static DatasetEvent Tagging(DatasetId dataset, string field, string key) => new()
    {
        EventTime = Later,
        Producer = "https://tributary.dev/tests",
        Dataset = new Dataset(dataset) { Facets = Facets(Tags(new Tag(key, "true", Field: field))) },
    };
}
