using Tributary.Graph;
using Tributary.Query;

namespace Tributary.Export;

/// <summary>
/// Everything the summary report shows (the first source document's <c>generate_summary_report</c>): counts, the
/// graph, recent runs, failures with their errors, failed data-quality assertions and their likely sources, personal
/// data and where it flows, stale data, run performance and data volume over time. Write it
/// with <see cref="MarkdownReportExporter"/> or <see cref="HtmlReportExporter"/>.
/// </summary>
public sealed record SummaryReport
{
    /// <summary>The report's title.</summary>
    public required string Title { get; init; }

    /// <summary>The moment the report describes ("now"), from the visualizer's time provider.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>The whole graph (datasets and jobs), for drawing.</summary>
    public required LineageView Graph { get; init; }

    /// <summary>How many datasets, jobs, runs, fields and edges the graph holds.</summary>
    public required IReadOnlyList<SummaryCount> Totals { get; init; }

    /// <summary>Datasets per type (TABLE, VIEW, ...; <c>unknown</c> when no <c>datasetType</c> facet said), sorted by type.</summary>
    public required IReadOnlyList<SummaryCount> DatasetsByType { get; init; }

    /// <summary>Runs per latest state, sorted by state.</summary>
    public required IReadOnlyList<SummaryCount> RunsByState { get; init; }

    /// <summary>The most recently started runs, newest first, at most <see cref="ExportOptions.MaxReportRuns"/>.</summary>
    public required IReadOnlyList<RunInfo> RecentRuns { get; init; }

    /// <summary>How many runs the graph holds in all (the recent list may show fewer).</summary>
    public required int RunCount { get; init; }

    /// <summary>Runs that failed or were aborted, oldest first, with their error messages.</summary>
    public required IReadOnlyList<RunInfo> Failures { get; init; }

    /// <summary>How long a dataset may go unwritten before it counts as stale.</summary>
    public required TimeSpan StaleAfter { get; init; }

    /// <summary>Datasets not written within <see cref="StaleAfter"/>, sorted by id.</summary>
    public required IReadOnlyList<StaleDataset> Stale { get; init; }

    /// <summary>Run duration statistics per job (count, mean, p50, p95, max, error rate), sorted by job.</summary>
    public required IReadOnlyList<PerformanceStats> Performance { get; init; }

    /// <summary>Rows and bytes moved per job and dataset over time.</summary>
    public required VolumeFlowReport Volume { get; init; }

    /// <summary>Failed data-quality assertions, newest first (at most <see cref="ExportOptions.MaxReportRuns"/>), each with its incident: where it most likely comes from, what it affects downstream and whom to notify.</summary>
    public IReadOnlyList<QualityFailure> QualityFailures { get; init; } = [];

    /// <summary>Data-quality incidents: every open one, then the most recently resolved, at most <see cref="ExportOptions.MaxReportRuns"/> in all.</summary>
    public IReadOnlyList<Incidents.Incident> Incidents { get; init; } = [];

    /// <summary>Fields holding personal data and every field and dataset it reaches unmasked.</summary>
    public PiiReport? Pii { get; init; }

    /// <summary>Gathers the report from a query engine and its graph as of <paramref name="now"/>.</summary>
    public static SummaryReport Of(LineageQueryEngine engine, DateTimeOffset now, TimeSpan staleAfter, ExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        options ??= ExportOptions.Default;
        var graph = engine.Graph;
        var view = LineageView.Of(graph, options with { IncludeFields = false, IncludeRuns = false });
        var runs = graph.GetRuns();
        var datasets = graph.GetDatasets();
        var span = runs.Count == 0 ? TimeSpan.Zero : runs[^1].StartedAt - runs[0].StartedAt;
        var bucket = span <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1) : span <= TimeSpan.FromDays(90) ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7);
        var incidents = engine.Incidents();
        var open = incidents.Count(i => i.Status == Tributary.Incidents.IncidentStatus.Open);
        return new SummaryReport
        {
            Title = options.Title,
            GeneratedAt = now,
            Graph = view,
            Totals =
            [
                new("datasets", datasets.Count(d => !d.Deleted)),
                new("jobs", graph.JobCount),
                new("runs", runs.Count),
                new("fields", graph.FieldCount),
                new("edges", graph.EdgeCount),
            ],
            DatasetsByType = Count(datasets.Where(d => !d.Deleted).Select(d => d.Type ?? "unknown")),
            RunsByState = Count(runs.Select(r => Formats.State(r.State))),
            RecentRuns = runs.Reverse().Take(options.MaxReportRuns).ToArray(),
            RunCount = runs.Count,
            Failures = engine.FailedRuns(),
            StaleAfter = staleAfter,
            Stale = engine.Stale(staleAfter, now),
            Performance = engine.PerformanceStats(PerformanceGrouping.Job),
            Volume = engine.VolumeFlow(bucket),
            QualityFailures = QualityFailuresOf(incidents, runs, options.MaxReportRuns),
            Incidents = [.. incidents.Take(Math.Max(open, options.MaxReportRuns))],
            Pii = engine.PiiFlow(),
        };
    }

    // Each failed assertion with the incident it opened or repeated: the incident already holds the root cause, the
    // downstream impact and the owners to notify, so the report shows the same answer `tributary incident` gives.
    private static QualityFailure[] QualityFailuresOf(IReadOnlyList<Tributary.Incidents.Incident> incidents, IReadOnlyList<RunInfo> runs, int max)
    {
        var byCheck = incidents.Where(i => i.Kind == Tributary.Incidents.IncidentKind.FailedAssertion)
            .ToLookup(i => (i.Node, i.Check, i.Column));
        var failures = new List<QualityFailure>();
        for (var i = runs.Count - 1; i >= 0 && failures.Count < max; i--)
        {
            var run = runs[i];
            foreach (var failed in run.FailedAssertions)
            {
                var incident = byCheck[(Model.NodeId.From(failed.Dataset), failed.Assertion.Name, failed.Assertion.Column)]
                    .FirstOrDefault(x => x.OpenedAt <= run.StartedAt && run.StartedAt <= x.LastSeenAt);
                failures.Add(new QualityFailure(failed.Dataset, failed.Assertion, run.Job, run.Id, run.StartedAt, incident));
            }
        }

        return [.. failures.Take(max)];
    }

    private static SummaryCount[] Count(IEnumerable<string> keys) =>
        [.. keys.GroupBy(k => k, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SummaryCount(g.Key, g.Count()))];
}
