using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class ComplianceTests
{
    private readonly LineageQueryEngine _engine = new(RetailPipeline.Graph());

    [Fact]
    public void Fields_tagged_pii_are_found_with_the_reason()
    {
        var report = _engine.PiiFlow();

        Assert.Equal(
            [RetailPipeline.Customers.Field("email"), RetailPipeline.Customers.Field("first_name"), RetailPipeline.Customers.Field("last_name")],
            report.PiiFields.Select(p => p.Field));
        Assert.All(report.PiiFields, p => Assert.Equal("tag pii=true", p.Reason));
    }

    [Fact]
    public void Pii_flows_through_column_lineage_into_fields_and_datasets()
    {
        var report = _engine.PiiFlow();

        var firstName = report.Flows.Single(f => f.Source.Name == "first_name");
        Assert.Equal([RetailPipeline.Staging.Field("first_name"), RetailPipeline.Summary.Field("customer_name")], firstName.Fields);
        Assert.Equal([RetailPipeline.Staging, RetailPipeline.Summary, RetailPipeline.Customers], report.AffectedDatasets);
    }

    [Fact]
    public void Masking_transformation_stops_pii_flow()
    {
        var report = _engine.PiiFlow();

        var email = report.Flows.Single(f => f.Source.Name == "email");
        Assert.Equal([RetailPipeline.Staging.Field("email")], email.Fields);
        Assert.Equal([RetailPipeline.Summary.Field("email_hash")], email.MaskedAt);
        Assert.DoesNotContain(RetailPipeline.Summary.Field("email_hash"), report.AffectedFields);
    }

    [Fact]
    public void Configured_field_name_patterns_mark_pii()
    {
        var report = _engine.PiiFlow(new PiiOptions { TagKeys = [], FieldPatterns = ["*state*"] });

        Assert.Equal([RetailPipeline.Staging.Field("state"), RetailPipeline.Customers.Field("state")], report.PiiFields.Select(p => p.Field));
        Assert.Equal("name matches *state*", report.PiiFields[0].Reason);
    }

    [Fact]
    public void Indirect_lineage_is_not_pii_flow_unless_asked()
    {
        var join = new Transformation("INDIRECT", "JOIN");
        using var graph = LineageGraph.From(
        [
            Run(Job("join"), [Input(Dataset("people"), Schema("email"), Tags(new Tag("pii", "true", Field: "email")))],
                [Output(Dataset("counts"), Columns(("n", [From(Dataset("people"), "email", join)])))]),
        ]);
        var engine = new LineageQueryEngine(graph);

        Assert.Empty(engine.PiiFlow().Flows.Single().Fields);
        Assert.Equal([Field("counts", "n")], engine.PiiFlow(new PiiOptions { IncludeIndirect = true }).Flows.Single().Fields);
    }

    [Fact]
    public void Record_of_processing_activities_covers_jobs_reading_pii()
    {
        var record = _engine.ProcessingRecord();

        Assert.Equal([RetailPipeline.Etl, RetailPipeline.Aggregation], record.Activities.Select(a => a.Job));
        var etl = record.Activities.Single(a => a.Job == RetailPipeline.Etl);
        Assert.Equal("Join customers and orders for staging", etl.Purpose);
        Assert.Equal(["data-engineering-team"], etl.Controllers);
        Assert.Equal(
            [RetailPipeline.Customers.Field("email"), RetailPipeline.Customers.Field("first_name"), RetailPipeline.Customers.Field("last_name")],
            etl.PersonalData);
        Assert.Equal([RetailPipeline.Customers], etl.Sources);
        Assert.Equal([RetailPipeline.Staging, RetailPipeline.Summary], etl.Recipients);
        Assert.Equal(["data-engineering-team", "finance-team"], etl.RecipientOwners);
        Assert.Contains("Salesforce CRM", etl.Systems);
        Assert.Equal(T0.AddMinutes(2), etl.LastRun);
    }

    [Fact]
    public void Processing_activity_of_a_downstream_job_names_the_pii_it_receives()
    {
        var aggregation = _engine.ProcessingRecord().Activities.Single(a => a.Job == RetailPipeline.Aggregation);

        Assert.Equal(
            [RetailPipeline.Staging.Field("email"), RetailPipeline.Staging.Field("first_name"), RetailPipeline.Staging.Field("last_name")],
            aggregation.PersonalData);
        Assert.Equal([RetailPipeline.Summary], aggregation.Recipients);
        Assert.Equal(["finance-team"], aggregation.RecipientOwners);
        Assert.Equal("Aggregate customer revenue with product data", aggregation.Purpose);
    }
}
