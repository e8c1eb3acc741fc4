using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Query;

public sealed partial class LineageQueryEngine
{
    /// <summary>
    /// Personal data and where it goes: fields tagged as personal data (by tag key, on the field or its whole
    /// dataset) or named like it, and every field and dataset their values flow into through column lineage.
    /// A transformation marked <c>masking</c> stops the flow; the fields behind it are listed as masked.
    /// </summary>
    public PiiReport PiiFlow(PiiOptions? pii = null, LineageQueryOptions? options = null)
    {
        pii ??= PiiOptions.Default;
        return _graph.Read(store => PiiFlow(store, pii, options));
    }

    /// <summary>
    /// A GDPR Article 30 style record of processing activities: for every job that reads personal data, its
    /// purpose (description), controllers (owners), categories of personal data (fields), sources, recipients
    /// (datasets the data reaches and their owners), systems and last run.
    /// </summary>
    public ProcessingRecord ProcessingRecord(PiiOptions? pii = null, LineageQueryOptions? options = null)
    {
        pii ??= PiiOptions.Default;
        return _graph.Read(store =>
        {
            var report = PiiFlow(store, pii, options);
            var personal = new HashSet<FieldId>(report.AffectedFields);
            // Every flow a personal-data field takes part in, as its source or on its way.
            var flows = new Dictionary<FieldId, List<PiiFlow>>();
            foreach (var flow in report.Flows)
            {
                foreach (var field in flow.Fields.Append(flow.Source))
                {
                    if (!flows.TryGetValue(field, out var list))
                    {
                        flows[field] = list = [];
                    }

                    list.Add(flow);
                }
            }

            var partial = report.Partial;
            var activities = new List<ProcessingActivity>();
            var moment = Moment(options);
            foreach (var job in store.Jobs)
            {
                if (job.FirstSeen > moment)
                {
                    continue;
                }

                var info = GraphViews.Job(store, job, moment);
                var categories = new SortedSet<FieldId>();
                var sources = new SortedSet<DatasetId>();
                var recipients = new SortedSet<DatasetId>();
                foreach (var input in info.Inputs)
                {
                    foreach (var field in store.DatasetOf(store.Find(NodeId.From(input))).Fields ?? [])
                    {
                        var id = store.FieldIdOf(field);
                        if (personal.Contains(id))
                        {
                            categories.Add(id);
                            sources.Add(input);
                        }
                    }
                }

                if (categories.Count == 0)
                {
                    continue;
                }

                // Recipients: datasets downstream of the job that its personal data reaches unmasked.
                using var downstream = GraphTraversal.Walk(store, [job.Node], Request(options, 0, pii.MaxDepth, EdgeMask.Table));
                partial |= downstream.Partial;
                foreach (var category in categories)
                {
                    foreach (var dataset in flows[category].SelectMany(f => f.Datasets))
                    {
                        if (downstream.Contains(store.Find(NodeId.From(dataset))))
                        {
                            recipients.Add(dataset);
                        }
                    }
                }

                recipients.ExceptWith(sources);
                var recipientOwners = new SortedSet<string>(StringComparer.Ordinal);
                var systems = new SortedSet<string>(StringComparer.Ordinal) { job.Id.Namespace };
                foreach (var dataset in sources.Concat(recipients))
                {
                    var record = store.DatasetOf(store.Find(NodeId.From(dataset)));
                    systems.Add(record.SourceName ?? dataset.Namespace);
                    if (recipients.Contains(dataset))
                    {
                        recipientOwners.UnionWith((StateHistory.At(record.OwnersHistory, record.Owners, record.OwnersAt, moment) ?? []).Select(o => o.Name));
                    }
                }

                var lastRun = job.Runs is { Count: > 0 } runs ? runs.Max(r => store.RunOf(r).LastEvent is var last && last <= moment ? last : 0) : 0;
                activities.Add(new ProcessingActivity(job.Id)
                {
                    Purpose = job.Description,
                    Controllers = [.. info.Owners.Select(o => o.Name).Distinct().Order(StringComparer.Ordinal)],
                    PersonalData = [.. categories],
                    Sources = [.. sources],
                    Recipients = [.. recipients],
                    RecipientOwners = [.. recipientOwners],
                    Systems = [.. systems],
                    LastRun = GraphViews.OptionalTime(lastRun),
                });
            }

            activities.Sort((a, b) => a.Job.CompareTo(b.Job));
            return new ProcessingRecord(activities, partial);
        });
    }

    // A view of classification propagation: each personal-data field is an origin, walked with the rules a pii tag
    // follows (blocks naming any of the personal-data tag keys, masking stops it).
    private PiiReport PiiFlow(GraphStore store, PiiOptions pii, LineageQueryOptions? options)
    {
        var sources = FindPii(store, pii, Moment(options));
        var flows = new List<PiiFlow>();
        var affectedFields = new SortedSet<FieldId>();
        var affectedDatasets = new SortedSet<DatasetId>();
        var partial = false;
        using var steps = new PooledList<TagPropagation.Step>(64);
        using var stops = new PooledList<TagPropagation.Stop>();
        using var known = new IntMap(64);
        using var blockingJobs = new IntMap();
        using var blockingFields = new IntMap();
        var rules = Rules(store, Blocks(store, Moment(options)), pii.TagKeys, blockingJobs, blockingFields, known, options) with
        {
            Indirect = pii.IncludeIndirect,
            MaxDepth = pii.MaxDepth,
        };
        foreach (var (node, field) in sources)
        {
            var complete = TagPropagation.Walk(store, node, rules, steps, stops);
            partial |= !complete;
            var fields = new SortedSet<FieldId>();
            var datasets = new SortedSet<DatasetId>();
            var masked = new SortedSet<FieldId>();
            for (var i = 0; i < steps.Count; i++)
            {
                var reached = steps[i].Node;
                var isField = store.KindOf(reached) == NodeKind.DatasetField;
                datasets.Add(store.DatasetIdOf(isField ? store.FieldOf(reached).Dataset : reached));
                if (isField)
                {
                    fields.Add(store.FieldIdOf(reached));
                }
            }

            for (var i = 0; i < stops.Count; i++)
            {
                if (stops[i].Reason == TagPropagation.StopReason.Masking && store.KindOf(stops[i].Node) == NodeKind.DatasetField)
                {
                    masked.Add(store.FieldIdOf(stops[i].Node));
                }
            }

            affectedFields.UnionWith(fields);
            affectedDatasets.UnionWith(datasets);
            fields.Remove(field.Field);
            flows.Add(new PiiFlow(field.Field, [.. fields], [.. datasets], [.. masked], !complete));
        }

        return new PiiReport([.. sources.Select(s => s.Field)], flows, [.. affectedFields], [.. affectedDatasets], partial);
    }

    // Fields marked personal by a tag (on the field, or its dataset's tags as of the moment) or by their name; fields
    // of datasets not yet seen, or dropped, at the moment are left out.
    private static List<(int Node, PiiField Field)> FindPii(GraphStore store, PiiOptions pii, long moment)
    {
        var found = new List<(int Node, PiiField Field)>();
        for (var i = 0; i < store.Fields.Count; i++)
        {
            var record = store.Fields[i];
            var node = store.Find(NodeId.From(new FieldId(store.DatasetIdOf(record.Dataset), store.NameOf(record.Name))));
            var dataset = store.DatasetOf(record.Dataset);
            if (node < 0 || store.FieldOf(node).Dataset != record.Dataset || dataset.FirstSeen > moment || GraphMoment.DeletedAt(dataset, moment)
                || found.Exists(f => f.Node == node))
            {
                continue;
            }

            var reason = TaggedPii(record.Tags, pii, "tag ") ?? TaggedPii(StateHistory.At(dataset.TagsHistory, dataset.Tags, dataset.TagsAt, moment), pii, "dataset tag ");
            var name = store.NameOf(record.Name);
            if (reason is null)
            {
                foreach (var pattern in pii.FieldPatterns)
                {
                    if (Glob.IsMatch(pattern, name))
                    {
                        reason = "name matches " + pattern;
                        break;
                    }
                }
            }

            if (reason is not null)
            {
                found.Add((node, new PiiField(store.FieldIdOf(node), reason)));
            }
        }

        found.Sort((a, b) => a.Field.Field.CompareTo(b.Field.Field));
        return found;
    }

    private static string? TaggedPii(IReadOnlyList<Tag>? tags, PiiOptions pii, string prefix)
    {
        foreach (var tag in tags ?? [])
        {
            var marks = pii.TagKeys.Any(k => string.Equals(k, tag.Key, StringComparison.OrdinalIgnoreCase));
            var denied = tag.Value.Equals("false", StringComparison.OrdinalIgnoreCase) || tag.Value == "0"
                || tag.Value.Equals("no", StringComparison.OrdinalIgnoreCase);
            if (marks && !denied)
            {
                return $"{prefix}{tag.Key}={tag.Value}";
            }
        }

        return null;
    }
}
