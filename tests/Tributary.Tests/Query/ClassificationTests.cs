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
}
