using Tributary.Graph;
using Tributary.Incidents;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Query;
using static Tributary.Tests.Graph.GraphEvents;

namespace Tributary.Tests.Incidents;

public sealed class IncidentTests
{
    private static OutputDataset Checked(string dataset, string check, bool ok, string? column = null, params (string, Facet)[] facets) => new(Dataset(dataset))
    {
        Facets = Facets(facets),
        OutputFacets = Facets((DataQualityAssertionsDatasetFacet.Key, new DataQualityAssertionsDatasetFacet
        {
            Assertions = [new Assertion(check, ok, column) { Severity = "error", Description = ok ? null : $"{check} is broken" }],
        })),
    };

    // products (owned by team:product) feeds summary (team:analytics) which feeds dashboard (team:exec).
    private static List<LineageEvent> Pipeline(bool summaryPassesLater = false)
    {
        List<LineageEvent> events =
        [
            Run(Job("prices"), [], [Checked("products", "price_not_below_cost", false, "cost", Owners("team:product"))], at: T0),
            Run(Job("summarise"), [Input(Dataset("products"))], [Checked("summary", "profit_non_negative", false, "total_profit", Owners("team:analytics"))], at: T0.AddHours(1)),
            Run(Job("present"), [Input(Dataset("summary"))], [Output(Dataset("dashboard"), Owners("team:exec"))], at: T0.AddHours(2)),
        ];
        if (summaryPassesLater)
        {
            events.Add(Run(Job("summarise"), [Input(Dataset("products"))], [Checked("summary", "profit_non_negative", true, "total_profit")], at: T0.AddDays(1)));
        }

        return events;
    }

    [Fact]
    public void A_failed_check_opens_an_incident_with_the_upstream_failure_as_top_root_cause_and_the_owners_to_notify()
    {
        using var graph = LineageGraph.From(Pipeline());

        var incident = new LineageQueryEngine(graph).Incidents().Single(i => i.Node == Node(Dataset("summary")));

        Assert.Equal(IncidentStatus.Open, incident.Status);
        Assert.Equal(IncidentKind.FailedAssertion, incident.Kind);
        Assert.Equal(IncidentSeverity.High, incident.Severity);
        Assert.Equal(("profit_non_negative", "total_profit", "profit_non_negative is broken"), (incident.Check, incident.Column, incident.Description));
        Assert.Equal(Node(Dataset("products")), incident.RootCauses[0].Node);
        Assert.Contains("price_not_below_cost", incident.RootCauses[0].Evidence[0].Description, StringComparison.Ordinal);
        Assert.Equal([Dataset("dashboard")], incident.DownstreamDatasets);
        Assert.Equal(["team:analytics", "team:exec", "team:product"], incident.Owners.Select(o => o.Name));
        Assert.Equal(
            "Warning: data quality issue in summary: profit_non_negative on total_profit failed (profit_non_negative is broken). Root cause: products (assertion price_not_below_cost on cost failed). Affected downstream: dashboard (owner team:exec). Notify: team:analytics, team:exec, team:product.",
            incident.Summary);
    }

    [Fact]
    public void Events_apply_while_the_incidents_found_are_being_completed()
    {
        using var graph = LineageGraph.From(Pipeline());
        var late = Run(Job("present"), [Input(Dataset("summary"))], [Output(Dataset("board"))], at: T0.AddHours(3));
        var reads = 0;
        var appliedMeanwhile = false;
        graph.BeforeRead = () =>
        {
            // The second read is the first incident's completion: the detection's read has ended, so an event from
            // another thread applies at once instead of waiting for every incident to be completed.
            if (++reads == 2)
            {
                appliedMeanwhile = Task.Run(() => graph.Apply(late)).Wait(TimeSpan.FromSeconds(30));
            }
        };

        var incidents = new LineageQueryEngine(graph).Incidents();

        Assert.True(appliedMeanwhile);
        Assert.Equal(2, incidents.Count);
        Assert.Contains(Dataset("board"), incidents.Single(i => i.Node == Node(Dataset("summary"))).DownstreamDatasets);
    }

    [Fact]
    public void A_later_passing_check_resolves_the_incident_and_a_new_failure_opens_another()
    {
        var events = Pipeline(summaryPassesLater: true);
        events.Add(Run(Job("summarise"), [Input(Dataset("products"))], [Checked("summary", "profit_non_negative", false, "total_profit")], at: T0.AddDays(2)));
        using var graph = LineageGraph.From(events);

        var incidents = new LineageQueryEngine(graph).Incidents().Where(i => i.Node == Node(Dataset("summary"))).ToList();

        Assert.Equal([IncidentStatus.Open, IncidentStatus.Resolved], incidents.Select(i => i.Status));
        Assert.NotEqual(incidents[0].Id, incidents[1].Id);
        Assert.Equal(T0.AddDays(1), incidents[1].Resolution!.At);
        Assert.False(incidents[1].Resolution!.ByHand);
        Assert.StartsWith("profit_non_negative passed in run ", incidents[1].Resolution!.Reason, StringComparison.Ordinal);
        Assert.Equal(T0.AddDays(2), incidents[0].OpenedAt);
    }

    [Fact]
    public void Incidents_are_the_same_whatever_order_the_events_arrive_in_and_after_a_checkpoint()
    {
        var events = Pipeline(summaryPassesLater: true);
        using var forward = LineageGraph.From(events);
        using var backward = LineageGraph.From(Enumerable.Reverse(events));
        using var checkpoint = new MemoryStream();
        forward.WriteCheckpoint(checkpoint);
        using var restored = new LineageGraph();
        restored.LoadCheckpoint(checkpoint.ToArray());

        var expected = Json(new LineageQueryEngine(forward).Incidents());

        Assert.Equal(expected, Json(new LineageQueryEngine(backward).Incidents()));
        Assert.Equal(expected, Json(new LineageQueryEngine(restored).Incidents()));
        Assert.Equal([IncidentStatus.Open, IncidentStatus.Resolved], new LineageQueryEngine(forward).Incidents().Select(i => i.Status));
    }

    [Fact]
    public void A_hand_resolution_closes_the_incident_survives_a_checkpoint_and_a_later_failure_opens_a_new_one()
    {
        var events = Pipeline();
        using var before = LineageGraph.From(events);
        var open = new LineageQueryEngine(before).Incidents(new IncidentFilter { Open = true, Name = "summary" }).Single();
        events.Add(IncidentResolutions.Event(open.Id, open.Node, "alice", "prices fixed upstream", T0.AddHours(5)));
        events.Add(IncidentResolutions.Event(open.Id, open.Node, "alice", "prices fixed upstream", T0.AddHours(5)));
        using var resolved = LineageGraph.From(events);
        using var checkpoint = new MemoryStream();
        resolved.WriteCheckpoint(checkpoint);
        using var restored = new LineageGraph();
        restored.LoadCheckpoint(checkpoint.ToArray());

        var incident = new LineageQueryEngine(restored).Incident(open.Id)!;
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(new IncidentResolution(T0.AddHours(5), true, "alice", "prices fixed upstream"), incident.Resolution);
        Assert.Equal(before.DatasetCount, restored.DatasetCount);

        events.Add(Run(Job("summarise"), [Input(Dataset("products"))], [Checked("summary", "profit_non_negative", false, "total_profit")], at: T0.AddDays(1)));
        using var again = LineageGraph.From(events);
        var summary = new LineageQueryEngine(again).Incidents(new IncidentFilter { Name = "summary" });
        Assert.Equal([IncidentStatus.Open, IncidentStatus.Resolved], summary.Select(i => i.Status));
        Assert.Equal(open.Id, summary[1].Id);
    }

    [Fact]
    public void A_failed_run_opens_an_incident_on_its_job_that_the_next_complete_run_resolves()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("load"), [Dataset("raw")], [Dataset("clean")], RunState.Fail, T0) with
            {
                Run = new Run(RunId.New()) { Facets = Facets((ErrorMessageRunFacet.Key, new ErrorMessageRunFacet("disk full", "C#"))) },
            },
            Run(Job("load"), [Dataset("raw")], [Dataset("clean")], RunState.Abort, T0.AddHours(1)),
            Run(Job("load"), [Dataset("raw")], [Dataset("clean")], RunState.Complete, T0.AddHours(2)),
        ]);

        var incident = new LineageQueryEngine(graph).Incidents().Single();

        Assert.Equal((IncidentKind.FailedRun, IncidentStatus.Resolved, 2), (incident.Kind, incident.Status, incident.Occurrences));
        Assert.Equal(Node(Job("load")), incident.Node);
        Assert.Equal([Dataset("clean")], incident.Datasets);
        Assert.Equal("run aborted", incident.Description);
        Assert.Equal(T0.AddHours(2), incident.Resolution!.At);
    }

    [Fact]
    public void A_volume_drop_beyond_the_threshold_opens_an_incident_and_a_wobble_does_not()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("orders"), [], [Output(Dataset("orders"), 1000)], at: T0),
            Run(Job("orders"), [], [Output(Dataset("orders"), 900)], at: T0.AddDays(1)),
            Run(Job("orders"), [], [Output(Dataset("orders"), 50)], at: T0.AddDays(2)),
        ]);

        var incident = new LineageQueryEngine(graph).Incidents().Single();

        Assert.Equal((IncidentKind.VolumeDrop, IncidentSeverity.Critical, IncidentStatus.Open), (incident.Kind, incident.Severity, incident.Status));
        Assert.Equal("rows fell from 900 to 50 (-94.4%)", incident.Description);
        Assert.Empty(new LineageQueryEngine(graph).Incidents(options: IncidentOptions.Default with { VolumeDropPercent = 99 }));
    }

    [Fact]
    public void A_removed_field_is_a_breaking_schema_change_until_it_comes_back()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("prices"), [], [Output(Dataset("products"), Schema("id", "price", "cost"))], at: T0),
            Run(Job("prices"), [], [Output(Dataset("products"), Schema("id", "price"))], at: T0.AddDays(1)),
            Run(Job("prices"), [], [Output(Dataset("products"), Schema("id", "price", "cost", "currency"))], at: T0.AddDays(2)),
        ]);

        var incident = new LineageQueryEngine(graph).Incidents().Single();

        Assert.Equal((IncidentKind.SchemaChange, "breaking schema change: removed cost"), (incident.Kind, incident.Description));
        Assert.Equal(T0.AddDays(2), incident.Resolution!.At);
    }

    [Fact]
    public void A_breaking_change_is_found_against_the_last_schema_reported_before_versions_without_one()
    {
        using var graph = LineageGraph.From(
        [
            Run(Job("prices"), [], [Output(Dataset("products"), Schema("id", "price", "cost"))], at: T0),
            Run(Job("prices"), [], [Output(Dataset("products"))], at: T0.AddDays(1)),
            Run(Job("prices"), [], [Output(Dataset("products"))], at: T0.AddDays(2)),
            Run(Job("prices"), [], [Output(Dataset("products"), Schema("id", "price"))], at: T0.AddDays(3)),
            Run(Job("prices"), [], [Output(Dataset("products"))], at: T0.AddDays(4)),
        ]);

        var incident = new LineageQueryEngine(graph).Incidents().Single();

        Assert.Equal((IncidentKind.SchemaChange, "breaking schema change: removed cost"), (incident.Kind, incident.Description));
        Assert.Equal(T0.AddDays(3), incident.OpenedAt);
        Assert.Null(incident.Resolution);
    }

    [Theory]
    [InlineData("inc-0123456789abcdef", true)]
    [InlineData("INC-0123456789ABCDEF", true)]
    [InlineData("inc-0123", false)]
    [InlineData("run-0123456789abcdef", false)]
    [InlineData("inc-0123456789abcdeg", false)]
    public void An_incident_id_is_inc_and_sixteen_hex_digits(string text, bool valid)
    {
        Assert.Equal(valid, IncidentId.TryParse(text, out var id));
        if (valid)
        {
            Assert.Equal(text.ToLowerInvariant(), id.ToString());
            Assert.Equal(id, IncidentId.Parse(id.ToString()));
        }
        else
        {
            Assert.Contains(text, Assert.Throws<FormatException>(() => IncidentId.Parse(text)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_summary_reports_failed_checks_carry_their_incidents_root_cause_downstream_and_owners_to_notify()
    {
        var events = Pipeline(summaryPassesLater: true);
        events.Add(Run(Job("summarise"), [Input(Dataset("products"))], [Checked("summary", "profit_non_negative", false, "total_profit")], at: T0.AddDays(2)));
        using var graph = LineageGraph.From(events);
        var engine = new LineageQueryEngine(graph);

        var report = Tributary.Export.SummaryReport.Of(engine, T0.AddDays(3), TimeSpan.FromDays(1));
        using var markdown = new StringWriter();
        Tributary.Export.MarkdownReportExporter.Write(report, markdown);

        // Each failure belongs to the incident it opened or repeated: the first summary failure to the resolved one.
        var incidents = engine.Incidents();
        Assert.Equal(3, report.QualityFailures.Count);
        Assert.All(report.QualityFailures, f => Assert.Contains(f.Incident!.Id, incidents.Select(i => i.Id)));
        var summary = report.QualityFailures.Where(f => f.Dataset == Dataset("summary")).ToList();
        Assert.Equal([IncidentStatus.Open, IncidentStatus.Resolved], summary.Select(f => f.Incident!.Status));
        Assert.Equal(Node(Dataset("products")), summary[0].LikelySource);
        var products = report.QualityFailures.Single(f => f.Dataset == Dataset("products"));
        Assert.Equal(("products itself (nothing upstream shows a problem)", "datasets: dashboard, summary; jobs: present, summarise"), (products.RootCauseText, products.DownstreamText));
        Assert.Equal("team:analytics (summary), team:exec (dashboard), team:product (products)", products.NotifyText);
        var text = markdown.ToString();
        Assert.Contains("| summary | profit\\_non\\_negative on total\\_profit | summarise |", text, StringComparison.Ordinal);
        Assert.Contains("| products \\(assertion price\\_not\\_below\\_cost on cost failed\\) | datasets: dashboard; jobs: present |", text, StringComparison.Ordinal);
        Assert.Contains(summary[0].Incident!.Id + " (open)", text, StringComparison.Ordinal);
    }

    private static string Json(IReadOnlyList<Incident> incidents) =>
        System.Text.Json.JsonSerializer.Serialize(incidents, Tributary.Json.QueryJsonContext.Default.IReadOnlyListIncident);
}
