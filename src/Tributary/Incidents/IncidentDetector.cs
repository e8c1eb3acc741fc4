using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Incidents;

// Finds incidents in the graph's history: each kind of evidence (assertion results, terminal run states, dataset
// versions) is replayed in event-time order, opening an incident at the first bad observation and resolving it at
// the first good one or at a hand resolution. Only what the graph keeps is read, so the answer depends on the
// events, never on when or through which door they arrived. Given a moment, only what had happened by then counts,
// so an answer "as of" a time shows the incidents as they stood then.
internal sealed class IncidentDetector(GraphStore store, IncidentOptions options, long moment = GraphMoment.Now)
{
    private readonly Dictionary<string, List<ResolutionRecord>> _resolutions = Resolutions(store, moment);

    public List<DetectedIncident> Detect()
    {
        var found = new List<DetectedIncident>();
        Assertions(found);
        FailedRuns(found);
        Versions(found);
        found.Sort((a, b) => a.Id.CompareTo(b.Id));
        return found;
    }

    private static Dictionary<string, List<ResolutionRecord>> Resolutions(GraphStore store, long moment)
    {
        var byIncident = new Dictionary<string, List<ResolutionRecord>>(StringComparer.Ordinal);
        foreach (var resolution in store.Resolutions)
        {
            if (resolution.At.Time > moment)
            {
                continue;
            }

            if (!byIncident.TryGetValue(resolution.Incident, out var list))
            {
                byIncident[resolution.Incident] = list = [];
            }

            list.Add(resolution);
        }

        foreach (var list in byIncident.Values)
        {
            list.Sort((a, b) => a.At.CompareTo(b.At));
        }

        return byIncident;
    }

    private static long RunTime(RunRecord run) => run.StartedAt != 0 ? run.StartedAt : run.FirstEvent;

    // Every assertion result, grouped by dataset, check and column, replayed in the order the runs happened.
    private void Assertions(List<DetectedIncident> found)
    {
        var results = new Dictionary<(int Dataset, string Name, string? Column), List<(long At, RunRecord Run, Assertion Assertion)>>();
        void Add(RunRecord run, List<(int Dataset, Assertion Assertion)>? assertions)
        {
            // A run's check results are known once it has ended.
            if (moment != GraphMoment.Now && !GraphMoment.EndedBy(run, moment))
            {
                return;
            }

            foreach (var (dataset, assertion) in assertions ?? [])
            {
                var key = (store.Resolve(dataset), assertion.Name, assertion.Column);
                if (!results.TryGetValue(key, out var list))
                {
                    results[key] = list = [];
                }

                list.Add((RunTime(run), run, assertion));
            }
        }

        for (var i = 0; i < store.Runs.Count; i++)
        {
            var run = store.Runs[i];
            Add(run, run.FailedAssertions);
            Add(run, run.PassedAssertions);
        }

        foreach (var ((dataset, name, column), list) in results)
        {
            list.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Run.Id.CompareTo(b.Run.Id));
            var datasetId = store.DatasetIdOf(dataset);
            var columnText = column is null ? "" : "\u0000" + column;
            DetectedIncident? open = null;
            foreach (var (at, run, assertion) in list)
            {
                open = CloseByHand(open, at, found);
                if (assertion.Success)
                {
                    if (open is not null)
                    {
                        found.Add(open with { Resolution = new IncidentResolution(GraphViews.Time(at), false, null, $"{name} passed in run {run.Id}") });
                        open = null;
                    }

                    continue;
                }

                var description = assertion.Description is { Length: > 0 } text ? text : $"assertion {name}{(column is null ? "" : " on " + column)} failed";
                open = open is null
                    ? new DetectedIncident(
                        IncidentId.Of($"assertion\u0000{datasetId}\u0000{name}{columnText}\u0000{run.Id}"),
                        IncidentKind.FailedAssertion, SeverityOf(assertion.Severity), store.IdOf(dataset), [datasetId], name, column,
                        description, at, at, 1, run.Id, run.Id, run.Job >= 0 ? store.JobIdOf(run.Job) : null)
                    : open with { Description = description, LastSeen = Math.Max(open.LastSeen, at), Occurrences = open.Occurrences + 1, LastRun = run.Id };
            }

            Finish(open, found);
        }
    }

    // A run that ends in FAIL or ABORT opens an incident on its job; the job's next COMPLETE run resolves it.
    private void FailedRuns(List<DetectedIncident> found)
    {
        for (var j = 0; j < store.Jobs.Count; j++)
        {
            var job = store.Jobs[j];
            if (job.Runs is not { Count: > 0 } runIds || store.Resolve(job.Node) != job.Node)
            {
                continue;
            }

            var runs = new List<RunRecord>(runIds.Count);
            foreach (var id in runIds)
            {
                if (store.RunOf(id) is { State: RunState.Complete or RunState.Fail or RunState.Abort } run)
                {
                    runs.Add(run);
                }
            }

            runs.Sort((a, b) => RunTime(a) != RunTime(b) ? RunTime(a).CompareTo(RunTime(b)) : a.Id.CompareTo(b.Id));
            DetectedIncident? open = null;
            foreach (var run in runs)
            {
                var at = run.EndedAt != 0 ? run.EndedAt : run.LastEvent;
                if (at > moment)
                {
                    continue;
                }

                open = CloseByHand(open, at, found);
                if (run.State == RunState.Complete)
                {
                    if (open is not null)
                    {
                        found.Add(open with { Resolution = new IncidentResolution(GraphViews.Time(at), false, null, $"run {run.Id} completed") });
                        open = null;
                    }

                    continue;
                }

                var state = run.State == RunState.Fail ? "failed" : "aborted";
                var description = $"run {state}" + (run.ErrorMessage is { Length: > 0 } error ? ": " + error : "");
                open = open is null
                    ? new DetectedIncident(
                        IncidentId.Of($"run\u0000{job.Id}\u0000{run.Id}"), IncidentKind.FailedRun, IncidentSeverity.High, store.IdOf(job.Node),
                        Outputs(run), "run", null, description, at, at, 1, run.Id, run.Id, job.Id)
                    : open with { Description = description, LastSeen = Math.Max(open.LastSeen, at), Occurrences = open.Occurrences + 1, LastRun = run.Id };
            }

            Finish(open, found);
        }
    }

    private DatasetId[] Outputs(RunRecord run)
    {
        var outputs = new SortedSet<DatasetId>();
        foreach (var item in run.Datasets)
        {
            if (item.Output)
            {
                outputs.Add(store.DatasetIdOf(store.Resolve(item.Dataset)));
            }
        }

        return [.. outputs];
    }

    // Row-count drops and breaking schema changes between consecutive versions of each dataset.
    private void Versions(List<DetectedIncident> found)
    {
        for (var d = 0; d < store.Datasets.Count; d++)
        {
            var dataset = store.Datasets[d];
            if (dataset.Versions is not { Count: >= 2 } versions || store.Resolve(dataset.Node) != dataset.Node)
            {
                continue;
            }

            DetectedIncident? drop = null;
            long baseline = 0;
            DetectedIncident? schema = null;
            IReadOnlyList<SchemaField> missing = [];

            // The schema as of each version (GraphViews.VersionSchema) carried along: looking back from every version
            // to the last one that reported a schema made a dataset with thousands of versions and no schema facet
            // quadratic (8.8 s of detection in one read of a 2M-event graph).
            var reported = versions[0].Schema;
            for (var i = 1; i < versions.Count; i++)
            {
                var (previous, version) = (versions[i - 1], versions[i]);
                RunRecord? decoded = null;
                RunRecord Run() => decoded ??= store.RunOf(version.Run); // only an incident needs it (from a checkpoint it is decoded)
                var at = version.FirstSeen;
                var before2 = reported ?? dataset.Schema;
                reported = version.Schema ?? reported;
                var after = reported ?? dataset.Schema;
                if (at > moment)
                {
                    break; // versions are kept in event-time order
                }

                drop = CloseByHand(drop, at, found);
                schema = CloseByHand(schema, at, found);
                if (version.Statistics.RowCount is { } rows)
                {
                    if (drop is not null && rows >= baseline * (100 - options.VolumeDropPercent) / 100)
                    {
                        found.Add(drop with { Resolution = new IncidentResolution(GraphViews.Time(at), false, null, $"rows back to {rows} in run {Run().Id}") });
                        drop = null;
                    }
                    else if (previous.Statistics.RowCount is > 0 and var before && 100.0 * (before - rows) / before is var percent && percent >= options.VolumeDropPercent)
                    {
                        var description = $"rows fell from {before} to {rows} (-{percent:0.#}%)";
                        var severity = percent >= 90 ? IncidentSeverity.Critical : IncidentSeverity.Medium;
                        if (drop is null)
                        {
                            baseline = before;
                            drop = new DetectedIncident(
                                IncidentId.Of($"volume\u0000{dataset.Id}\u0000{Run().Id}"), IncidentKind.VolumeDrop, severity, store.IdOf(dataset.Node),
                                [dataset.Id], "volume", null, description, at, at, 1, Run().Id, Run().Id, Run().Job >= 0 ? store.JobIdOf(Run().Job) : null);
                        }
                        else
                        {
                            drop = drop with { Description = description, Severity = (IncidentSeverity)Math.Max((int)drop.Severity, (int)severity), LastSeen = at, Occurrences = drop.Occurrences + 1, LastRun = Run().Id };
                        }
                    }
                }

                if (before2 is null || after is null)
                {
                    continue;
                }

                if (schema is not null && missing.All(f => after.Any(a => SameField(a, f))))
                {
                    found.Add(schema with { Resolution = new IncidentResolution(GraphViews.Time(at), false, null, $"fields restored in run {Run().Id}") });
                    schema = null;
                }

                if (ReferenceEquals(before2, after))
                {
                    continue; // the graph keeps one list per distinct schema: the same list is an unchanged schema
                }

                var removed = before2.Where(f => !after.Any(a => string.Equals(a.Name, f.Name, StringComparison.Ordinal))).ToArray();
                var retyped = before2.Where(f => after.Any(a => string.Equals(a.Name, f.Name, StringComparison.Ordinal) && f.Type is not null && a.Type is not null
                    && !string.Equals(a.Type, f.Type, StringComparison.OrdinalIgnoreCase))).ToArray();
                if (removed.Length + retyped.Length > 0)
                {
                    var parts = new List<string>();
                    if (removed.Length > 0)
                    {
                        parts.Add("removed " + string.Join(", ", removed.Select(f => f.Name).Order(StringComparer.Ordinal)));
                    }

                    foreach (var f in retyped.OrderBy(f => f.Name, StringComparer.Ordinal))
                    {
                        parts.Add($"{f.Name} changed type from {f.Type} to {after.First(a => a.Name == f.Name).Type}");
                    }

                    var description = "breaking schema change: " + string.Join("; ", parts);
                    if (schema is null)
                    {
                        missing = [.. removed, .. retyped];
                        schema = new DetectedIncident(
                            IncidentId.Of($"schema\u0000{dataset.Id}\u0000{Run().Id}"), IncidentKind.SchemaChange, IncidentSeverity.High, store.IdOf(dataset.Node),
                            [dataset.Id], "schema", null, description, at, at, 1, Run().Id, Run().Id, Run().Job >= 0 ? store.JobIdOf(Run().Job) : null);
                    }
                    else
                    {
                        missing = [.. missing, .. removed, .. retyped];
                        schema = schema with { Description = description, LastSeen = at, Occurrences = schema.Occurrences + 1, LastRun = Run().Id };
                    }
                }
            }

            Finish(drop, found);
            Finish(schema, found);
        }
    }

    private static bool SameField(SchemaField a, SchemaField b) =>
        string.Equals(a.Name, b.Name, StringComparison.Ordinal) && (a.Type is null || b.Type is null || string.Equals(a.Type, b.Type, StringComparison.OrdinalIgnoreCase));

    // A hand resolution made before the next observation closes the open incident; a later failure opens a new one.
    private DetectedIncident? CloseByHand(DetectedIncident? open, long before, List<DetectedIncident> found)
    {
        if (open is not null && HandResolution(open, before) is { } resolution)
        {
            found.Add(open with { Resolution = resolution });
            return null;
        }

        return open;
    }

    private void Finish(DetectedIncident? open, List<DetectedIncident> found)
    {
        if (open is not null)
        {
            found.Add(open with { Resolution = HandResolution(open, long.MaxValue) });
        }
    }

    private IncidentResolution? HandResolution(DetectedIncident open, long before)
    {
        if (!_resolutions.TryGetValue(open.Id.Value, out var list))
        {
            return null;
        }

        foreach (var resolution in list)
        {
            if (resolution.At.Time < before)
            {
                return new IncidentResolution(GraphViews.Time(resolution.At.Time), true, resolution.By, resolution.Note is { Length: > 0 } note ? note : "resolved by hand");
            }
        }

        return null;
    }

    private static IncidentSeverity SeverityOf(string? severity) => severity?.ToLowerInvariant() switch
    {
        "critical" or "fatal" => IncidentSeverity.Critical,
        "error" or "high" => IncidentSeverity.High,
        "warn" or "warning" or "low" or "info" => IncidentSeverity.Low,
        _ => IncidentSeverity.Medium,
    };
}

// An incident as the detector finds it, before its root causes and impact are added.
internal sealed record DetectedIncident(
    IncidentId Id, IncidentKind Kind, IncidentSeverity Severity, NodeId Node, IReadOnlyList<DatasetId> Datasets, string Check, string? Column,
    string Description, long Opened, long LastSeen, int Occurrences, RunId FirstRun, RunId LastRun, JobId? Job)
{
    public IncidentResolution? Resolution { get; init; }
}
