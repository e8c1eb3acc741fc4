using System.Text;
using Tributary.Graph;
using Tributary.Incidents;
using Tributary.Model;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Data-quality incidents derived from the graph's history: failed assertions (input and output facets, dbt
    /// tests), failed or aborted runs, row-count drops beyond <see cref="IncidentOptions.VolumeDropPercent"/> and
    /// breaking schema changes. Each carries its ranked root-cause candidates (<see cref="RootCause"/>) and downstream
    /// impact with owners to notify (<see cref="Impact"/>). Open incidents first, then newest first, then by id.
    /// </summary>
    public IReadOnlyList<Incident> Incidents(IncidentFilter? filter = null, IncidentOptions? options = null)
    {
        filter ??= new IncidentFilter();
        options ??= IncidentOptions.Default;

        // Detecting reads the graph once; each incident's root cause, impact and owners then take reads of their own.
        // Completing thousands of incidents inside one read held the graph for seconds on a busy server, and every
        // event acknowledged meanwhile waited to be applied (a compaction's data-quality table stalled all producers).
        var detected = _graph.Read(store =>
        {
            var found = new List<DetectedIncident>();
            foreach (var incident in new IncidentDetector(store, options, Moment()).Detect())
            {
                if (Matches(incident, filter))
                {
                    found.Add(incident);
                }
            }

            return found;
        });
        var list = new List<Incident>(detected.Count);
        foreach (var incident in detected)
        {
            list.Add(Complete(incident, options));
        }

        list.Sort((a, b) =>
            a.Status.CompareTo(b.Status) is var s && s != 0 ? s
            : b.LastSeenAt.CompareTo(a.LastSeenAt) is var t && t != 0 ? t
            : a.Id.CompareTo(b.Id));
        return list;
    }

    /// <summary>One incident by id, or null when the graph shows no such incident.</summary>
    public Incident? Incident(IncidentId id, IncidentOptions? options = null)
    {
        options ??= IncidentOptions.Default;
        return _graph.Read(store =>
            new IncidentDetector(store, options, Moment()).Detect().Find(i => i.Id == id) is { } found ? Complete(found, options) : null);
    }

    private static bool Matches(DetectedIncident incident, IncidentFilter filter)
    {
        var (ns, name) = incident.Node.Kind == NodeKind.Job
            ? (incident.Node.AsJob().Namespace, incident.Node.AsJob().Name)
            : (incident.Node.AsDataset().Namespace, incident.Node.AsDataset().Name);
        return (filter.Open is not { } open || open == (incident.Resolution is null))
            && (filter.MinSeverity is not { } severity || incident.Severity >= severity)
            && (filter.Namespace is not { } nsPattern || Glob.IsMatch(nsPattern, ns))
            && (filter.Name is not { } namePattern || Glob.IsMatch(namePattern, name));
    }

    // Adds what the root-cause and impact queries say about the incident's node, and the alert text.
    private Incident Complete(DetectedIncident detected, IncidentOptions options)
    {
        var causeStart = detected.Node.Kind == NodeKind.Dataset ? detected.Node
            : detected.Datasets.Count > 0 ? NodeId.From(detected.Datasets[0]) : (NodeId?)null;
        var causes = causeStart is { } start ? RootCause(start, options.MaxDepth).Candidates : [];
        var impact = Impact(detected.Node, options.MaxDepth);
        var datasets = new SortedSet<DatasetId>(impact.Levels.SelectMany(l => l.Datasets));
        datasets.ExceptWith(detected.Datasets);
        var owners = _graph.Read(store => OwnersOf(store, new[] { store.Find(detected.Node), causes is [var top, ..] ? store.Find(top.Node) : -1 }
            .Concat(impact.Levels.SelectMany(l => l.Datasets).Select(d => store.Find(NodeId.From(d))))
            .Concat(impact.Levels.SelectMany(l => l.Jobs).Select(j => store.Find(NodeId.From(j))))
            .Where(n => n >= 0), Moment()));
        var incident = new Incident
        {
            Id = detected.Id,
            Kind = detected.Kind,
            Severity = detected.Severity,
            Status = detected.Resolution is null ? IncidentStatus.Open : IncidentStatus.Resolved,
            Node = detected.Node,
            Datasets = detected.Datasets,
            Check = detected.Check,
            Column = detected.Column,
            Description = detected.Description,
            OpenedAt = GraphViews.Time(detected.Opened),
            LastSeenAt = GraphViews.Time(detected.LastSeen),
            Occurrences = detected.Occurrences,
            FirstRun = detected.FirstRun,
            LastRun = detected.LastRun,
            Job = detected.Job,
            Resolution = detected.Resolution,
            RootCauses = causes,
            DownstreamDatasets = [.. datasets],
            DownstreamJobs = [.. impact.Levels.SelectMany(l => l.Jobs).Distinct().Order()],
            Owners = owners,
            Summary = "",
        };
        return incident with { Summary = SummaryOf(incident) };
    }

    // The pattern document's alert: "Warning: data quality issue in X. Root cause: Y. Affected downstream: Z".
    private static string SummaryOf(Incident incident)
    {
        var text = new StringBuilder();
        var subject = incident.Node.Kind == NodeKind.Job ? "job " + incident.Node.AsJob().Name : incident.Node.AsDataset().Name;
        text.Append(incident.Status == IncidentStatus.Open ? "Warning: " : "Resolved: ")
            .Append(incident.Kind switch
            {
                IncidentKind.FailedAssertion => "data quality issue in ",
                IncidentKind.FailedRun => "failed run of ",
                IncidentKind.VolumeDrop => "volume drop in ",
                _ => "breaking schema change in ",
            })
            .Append(subject).Append(": ");
        if (incident.Kind == IncidentKind.FailedAssertion)
        {
            text.Append(incident.Check).Append(incident.Column is null ? "" : " on " + incident.Column).Append(" failed (").Append(incident.Description.TrimEnd('.')).Append(')');
        }
        else
        {
            text.Append(incident.Description.TrimEnd('.'));
        }

        text.Append(". Root cause: ");
        if (incident.RootCauses is [var top, ..])
        {
            text.Append(NameOf(top.Node)).Append(" (").Append(top.Evidence[0].Description.TrimEnd('.')).Append(')');
        }
        else
        {
            text.Append(incident.Kind == IncidentKind.FailedRun ? "the run itself (nothing upstream shows a problem)" : subject + " itself (nothing upstream shows a problem)");
        }

        text.Append(". Affected downstream: ");
        if (incident.DownstreamDatasets.Count == 0)
        {
            text.Append("nothing");
        }
        else
        {
            var byAsset = incident.Owners.SelectMany(o => o.Owns.Select(n => (Node: n, Owner: o.Name))).ToLookup(p => p.Node, p => p.Owner);
            text.AppendJoin(", ", incident.DownstreamDatasets.Select(d =>
                byAsset[NodeId.From(d)].ToArray() is { Length: > 0 } owners ? $"{d.Name} (owner {string.Join(", ", owners)})" : d.Name));
        }

        text.Append(". Notify: ").Append(incident.Owners.Count == 0 ? "nobody (no owners recorded)" : string.Join(", ", incident.Owners.Select(o => o.Name))).Append('.');
        if (incident.Resolution is { } resolution)
        {
            text.Append(" Resolved ").Append(resolution.At.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append(": ").Append(resolution.Reason).Append('.');
        }

        return text.ToString();
    }

    // A node by its short name, as alerts and reports write it ("job " before a job's).
    internal static string NameOf(NodeId node) => node.Kind switch
    {
        NodeKind.Dataset => node.AsDataset().Name,
        NodeKind.Job => "job " + node.AsJob().Name,
        _ => node.ToString(),
    };
}
