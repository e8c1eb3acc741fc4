using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Turns internal records into the immutable public views; called under the read lock.
internal static class GraphViews
{
    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? OptionalTime(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    public static DatasetInfo Dataset(GraphStore store, DatasetRecord record)
    {
        var fields = new List<FieldInfo>();
        if (record.Fields is not null)
        {
            foreach (var field in record.Fields)
            {
                if (store.Resolve(field) == field)
                {
                    fields.Add(Field(store, field));
                }
            }
        }

        // The current schema's order, as the producer listed it (nested fields after their parent); fields no schema
        // lists any more come after, by name. Descriptions come from the same schema.
        var schema = new Dictionary<string, (int Position, string? Description)>(StringComparer.Ordinal);
        if (record.Schema is { } current)
        {
            AddSchema(schema, current, "");
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (schema.TryGetValue(fields[i].Id.Name, out var entry) && entry.Description is not null)
            {
                fields[i] = fields[i] with { Description = entry.Description };
            }
        }

        fields.Sort((a, b) =>
        {
            var x = schema.TryGetValue(a.Id.Name, out var ea) ? ea.Position : int.MaxValue;
            var y = schema.TryGetValue(b.Id.Name, out var eb) ? eb.Position : int.MaxValue;
            return x != y ? x.CompareTo(y) : string.CompareOrdinal(a.Id.Name, b.Id.Name);
        });
        var aliases = record.Aliases is null ? [] : record.Aliases.Distinct().Order().ToArray();
        return new DatasetInfo(record.Id)
        {
            Type = record.DatasetType,
            SourceName = record.SourceName,
            SourceUri = record.SourceUri,
            Description = record.Description,
            Owners = record.Owners ?? [],
            Tags = record.Tags ?? [],
            Fields = fields,
            Deleted = record.Deleted,
            LifecycleState = record.LifecycleState,
            FirstSeen = Time(record.FirstSeen),
            LastSeen = Time(record.LastSeen),
            LastWritten = OptionalTime(record.LastWritten),
            Aliases = aliases,
            VersionCount = record.Versions?.Count ?? 0,
        };
    }

    private static void AddSchema(Dictionary<string, (int, string?)> schema, IReadOnlyList<SchemaField> fields, string prefix)
    {
        foreach (var field in fields)
        {
            var name = prefix + field.Name;
            schema.TryAdd(name, (schema.Count, field.Description));
            if (field.Fields.Count > 0)
            {
                AddSchema(schema, field.Fields, name + ".");
            }
        }
    }

    public static FieldInfo Field(GraphStore store, int node)
    {
        var record = store.FieldOf(node);
        return new FieldInfo(store.FieldIdOf(node)) { Type = record.Type, Tags = record.Tags ?? [] };
    }

    // Keeps a dataset's versions in the order they were first seen (ties: run id), whatever order their events came in.
    public static void SortVersions(GraphStore store, List<DatasetVersionRecord> versions)
    {
        for (var i = 1; i < versions.Count; i++)
        {
            if (CompareVersions(store, versions[i - 1], versions[i]) > 0)
            {
                versions.Sort((a, b) => CompareVersions(store, a, b));
                return;
            }
        }
    }

    // The schema of a version: its own, else that of the nearest earlier version with one, else the dataset's.
    public static IReadOnlyList<Model.Facets.SchemaField>? VersionSchema(DatasetRecord dataset, int index)
    {
        for (var i = index; i >= 0; i--)
        {
            if (dataset.Versions![i].Schema is { } schema)
            {
                return schema;
            }
        }

        return dataset.Schema;
    }

    private static int CompareVersions(GraphStore store, DatasetVersionRecord a, DatasetVersionRecord b) =>
        a.FirstSeen != b.FirstSeen ? a.FirstSeen.CompareTo(b.FirstSeen) : store.RunOf(a.Run).Id.CompareTo(store.RunOf(b.Run).Id);

    public static DatasetVersionInfo DatasetVersion(GraphStore store, DatasetRecord dataset, DatasetVersionRecord version, IReadOnlyList<Model.Facets.SchemaField>? schema)
    {
        var run = store.RunOf(version.Run);
        return new DatasetVersionInfo(dataset.Id, version.Version ?? run.Id.ToString(), run.Id, store.JobIdOf(run.Job))
        {
            Schema = schema ?? [],
            RowCount = version.RowCount,
            Bytes = version.Bytes,
            LifecycleState = version.LifecycleState,
            FirstSeen = Time(version.FirstSeen),
            LastSeen = Time(version.LastSeen),
        };
    }

    public static JobInfo Job(GraphStore store, JobRecord record)
    {
        var inputs = new SortedSet<DatasetId>();
        var outputs = new SortedSet<DatasetId>();
        var edges = store.Edges;
        var nodes = store.Nodes;
        for (var e = nodes[record.Node].FirstIn; e >= 0; e = edges[e].NextIn)
        {
            if (!edges[e].Dead && edges[e].Kind == EdgeKind.Read)
            {
                inputs.Add(store.DatasetIdOf(edges[e].From));
            }
        }

        for (var e = nodes[record.Node].FirstOut; e >= 0; e = edges[e].NextOut)
        {
            if (!edges[e].Dead && edges[e].Kind == EdgeKind.Write)
            {
                outputs.Add(store.DatasetIdOf(edges[e].To));
            }
        }

        Guid? current = null;
        if (record.Runs is not null)
        {
            for (var i = record.Runs.Count - 1; i >= 0 && current is null; i--)
            {
                current = store.RunOf(record.Runs[i]).JobVersion;
            }
        }

        return new JobInfo(record.Id)
        {
            Description = record.Description,
            Sql = record.Sql,
            SqlDialect = record.SqlDialect,
            Owners = record.Owners ?? [],
            Tags = record.Tags ?? [],
            ProcessingType = record.ProcessingType,
            Integration = record.Integration,
            JobType = record.JobType,
            SourceCodeUrl = record.SourceCodeUrl,
            Inputs = [.. inputs],
            Outputs = [.. outputs],
            RunCount = record.Runs?.Count ?? 0,
            CurrentVersion = current,
            FirstSeen = Time(record.FirstSeen),
            LastSeen = Time(record.LastSeen),
            Deleted = store.IsDeleted(record.Node),
        };
    }

    public static JobVersionInfo JobVersion(GraphStore store, JobRecord job, JobVersionRecord version) => new(job.Id, version.Version)
    {
        Inputs = version.Inputs.Select(n => store.DatasetIdOf(store.Resolve(n))).Distinct().Order().ToArray(),
        Outputs = version.Outputs.Select(n => store.DatasetIdOf(store.Resolve(n))).Distinct().Order().ToArray(),
        RunCount = version.RunCount,
        FirstSeen = Time(version.FirstSeen),
        LastSeen = Time(version.LastSeen),
    };

    public static RunInfo Run(GraphStore store, RunRecord record)
    {
        var inputs = new List<RunDatasetInfo>();
        var outputs = new List<RunDatasetInfo>();
        foreach (var item in record.Datasets)
        {
            var info = new RunDatasetInfo(store.DatasetIdOf(store.Resolve(item.Dataset)), item.RowCount, item.Bytes);
            (item.Output ? outputs : inputs).Add(info);
        }

        inputs.Sort((a, b) => a.Dataset.CompareTo(b.Dataset));
        outputs.Sort((a, b) => a.Dataset.CompareTo(b.Dataset));
        var assertions = record.FailedAssertions?.Select(a => new FailedAssertion(store.DatasetIdOf(store.Resolve(a.Dataset)), a.Assertion)).ToArray() ?? [];
        var started = record.StartedAt != 0 ? record.StartedAt : record.FirstEvent;
        return new RunInfo(record.Id, store.JobIdOf(record.Job))
        {
            State = record.State,
            StartedAt = Time(started),
            EndedAt = OptionalTime(record.EndedAt),
            Producer = record.Producer,
            ErrorMessage = record.ErrorMessage,
            StackTrace = record.StackTrace,
            OperationType = record.OperationType,
            NominalStart = record.NominalStart,
            NominalEnd = record.NominalEnd,
            ParentRun = record.ParentRun,
            ParentJob = record.ParentJob,
            Sql = record.Sql,
            JobVersion = record.JobVersion,
            Inputs = inputs,
            Outputs = outputs,
            FailedAssertions = assertions,
        };
    }

    public static LineageEdge Edge(GraphStore store, int edge) =>
        Edge(store, edge, store.IdOf(store.Edges[edge].From), store.IdOf(store.Edges[edge].To));

    public static LineageEdge Edge(GraphStore store, int edge, NodeId from, NodeId to)
    {
        ref readonly var record = ref store.Edges[edge];
        return new LineageEdge(from, to, record.Kind, Time(record.FirstSeen), Time(record.LastSeen))
        {
            Transformations = store.TransformationsOf(edge),
            IsMasking = record.Masking,
        };
    }
}
