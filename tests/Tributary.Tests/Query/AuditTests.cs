using Tributary.Model;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Query;

public sealed class AuditTests
{
    private readonly LineageQueryEngine _engine = new(RetailPipeline.Graph());

    [Fact]
    public void Audit_trail_of_a_dataset_says_who_what_when_where_and_why()
    {
        var trail = _engine.Audit(new AuditFilter { Dataset = RetailPipeline.Customers });

        var entry = trail.Single();
        Assert.Equal(RetailPipeline.EtlRun, entry.Run);
        Assert.Equal(RetailPipeline.Etl, entry.Job);
        Assert.Equal("https://tributary.dev/tests", entry.Producer);
        Assert.Equal(["data-engineering-team"], entry.Owners);
        Assert.Equal([RetailPipeline.Customers, RetailPipeline.Orders], entry.Inputs);
        Assert.Equal([RetailPipeline.Staging], entry.Outputs);
        Assert.Equal(RunState.Complete, entry.State);
        Assert.Equal(T0.AddMinutes(1), entry.StartedAt);
        Assert.Equal(T0.AddMinutes(2), entry.EndedAt);
        Assert.Equal([RetailPipeline.Namespace, "openlakes"], entry.Namespaces);
        Assert.Equal(["Salesforce CRM"], entry.Sources);
        Assert.Equal("Join customers and orders for staging", entry.Description);
    }

    [Fact]
    public void An_audit_entry_prints_its_lists_items_not_their_types()
    {
        var text = _engine.Audit(new AuditFilter { Dataset = RetailPipeline.Customers }).Single().ToString();

        Assert.StartsWith("AuditEntry { Run = ", text, StringComparison.Ordinal);
        Assert.Contains($"Inputs = [{RetailPipeline.Customers}, {RetailPipeline.Orders}]", text, StringComparison.Ordinal);
        Assert.Contains("Owners = [data-engineering-team]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("z__", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Audit_trail_of_a_time_window_keeps_runs_active_in_it()
    {
        var trail = _engine.Audit(new AuditFilter { From = T0.AddMinutes(3), To = T0.AddHours(1) });

        var entry = trail.Single();
        Assert.Equal(RetailPipeline.Aggregation, entry.Job);
        Assert.StartsWith("SELECT customer_id", entry.Sql, StringComparison.Ordinal);
    }
}
