using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Turns internal records into the immutable public views; called under the read lock.
internal static class GraphViews
{
    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? OptionalTime(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    // The dataset as it stood at `moment` (GraphMoment.Now: as it is): schema, owners and tags then, its fields those
    // that schema listed, deleted if dropped then, and only the versions written by then.
    public static DatasetInfo Dataset(GraphStore store, DatasetRecord record, long moment = GraphMoment.Now)
    {
        var current = StateHistory.At(record.SchemaHistory, record.Schema, record.SchemaAt, moment);
        var schema = new Dictionary<string, (int Position, string? Description)>(StringComparer.Ordinal);
        if (current is not null)
        {
            AddSchema(schema, current, "");
        }

        var fields = new List<FieldInfo>();
        if (record.Fields is not null)
        {
            foreach (var field in record.Fields)
            {
                if (store.Resolve(field) == field
                    && (moment == GraphMoment.Now || current is null || schema.ContainsKey(store.NameOf(store.FieldOf(field).Name))))
                {
                    fields.Add(Field(store, field));
                }
            }
        }

        // The current schema's order, as the producer listed it (nested fields after their parent); fields no schema
        // lists any more come after, by name. Descriptions come from the same schema.

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
            Owners = StateHistory.At(record.OwnersHistory, record.Owners, record.OwnersAt, moment) ?? [],
            Tags = StateHistory.At(record.TagsHistory, record.Tags, record.TagsAt, moment) ?? [],
            Fields = fields,
            Deleted = GraphMoment.DeletedAt(record, moment),
            LifecycleState = record.LifecycleAt.Time <= moment ? record.LifecycleState : null,
            FirstSeen = Time(record.FirstSeen),
            LastSeen = Time(Math.Min(record.LastSeen, moment)),
            LastWritten = OptionalTime(moment == GraphMoment.Now ? record.LastWritten : LastWrittenAt(store, record, moment)),
            Aliases = aliases,
            VersionCount = moment == GraphMoment.Now ? record.Versions?.Count ?? 0 : record.Versions?.Count(v => v.FirstSeen <= moment) ?? 0,
            LastRun = LastRun(store, record, moment),
        };
    }

    // The run of the newest version written by `moment` (versions are kept in the order first seen), in its state then.
    private static LastRunInfo? LastRun(GraphStore store, DatasetRecord record, long moment)
    {
        var versions = record.Versions;
        var i = versions is null ? -1 : versions.Count - 1;
        while (i >= 0 && versions![i].FirstSeen > moment)
        {
            i--;
        }

        if (i < 0)
        {
            return null;
        }

        var version = versions![i];
        var run = store.RunOf(version.Run);
        var ended = moment == GraphMoment.Now || GraphMoment.EndedBy(run, moment);
        return new LastRunInfo(run.Id, store.JobIdOf(run.Job), GraphMoment.StateAt(run, moment), Time(run.StartedAt != 0 ? run.StartedAt : run.FirstEvent),
            ended ? OptionalTime(run.EndedAt) : null)
        { RowCount = version.Statistics.RowCount };
    }

    // When a run that did not fail last wrote the dataset by `moment` (0: not by then).
    private static long LastWrittenAt(GraphStore store, DatasetRecord record, long moment)
    {
        if (record.LastWritten <= moment)
        {
            return record.LastWritten;
        }

        var last = 0L;
        foreach (var version in record.Versions ?? [])
        {
            if (version.FirstSeen <= moment && store.RunOf(version.Run).State is not (RunState.Fail or RunState.Abort))
            {
                last = Math.Max(last, Math.Min(version.LastSeen, moment));
            }
        }

        return last;
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
    public static void SortVersions(GraphStore store, VersionList versions)
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

    // Puts the version at `at`, the only one changed in a list otherwise in order (its key refreshed), where it
    // belongs. A dataset written daily for years has thousands of versions and each event changes one, so this costs
    // the distance it moves (usually none), not a pass over the list, which made ingest quadratic in a dataset's
    // versions; and runs first seen at one time are placed by a search over the keys, not the versions.
    public static void MoveIntoPlace(GraphStore store, VersionList versions, int at)
    {
        var probe = new VersionProbe(store, versions, at, orEqual: true);
        if (at > 0 && !probe.Before(ref versions.EntryAt(at - 1), at - 1))
        {
            // Earlier than its neighbour (a late event, or many runs at one time): after the versions of the sorted
            // part before it that are not later than it.
            versions.Move(at, versions.CountBefore(ref probe, at - 1));
            return;
        }

        var to = at;
        var later = new VersionProbe(store, versions, at, orEqual: false);
        while (to < versions.Count - 1 && later.Before(ref versions.EntryAt(to + 1), to + 1))
        {
            to++;
        }

        if (to != at)
        {
            versions.Move(at, to);
        }
    }

    // Where a version is in a list in order: a binary search for its (first seen, run id), then the versions equal on
    // both (two jobs may send one run id) for the very one; a pass over the list if it is not where it should be.
    public static int IndexOfVersion(GraphStore store, VersionList versions, DatasetVersionRecord version)
    {
        var probe = new VersionProbe(store, version, orEqual: false);
        var low = versions.CountBefore(ref probe, versions.Count);
        for (var i = low; i < versions.Count && CompareVersions(store, versions[i], version) == 0; i++)
        {
            if (ReferenceEquals(versions[i], version))
            {
                return i;
            }
        }

        return versions.IndexOf(version);
    }

    // Whether a version of the list comes before one version's place (or, with orEqual, not after it), compared by
    // their keys (Compare); a run order worked out on the way is kept in the key it belongs to.
    private struct VersionProbe : IBlockProbe<VersionEntry>
    {
        private readonly GraphStore _store;
        private readonly DatasetVersionRecord _version;
        private readonly bool _orEqual;
        private VersionKey _key;

        public VersionProbe(GraphStore store, VersionList versions, int at, bool orEqual)
            : this(store, versions[at], orEqual) => _key = versions.EntryAt(at).Key;

        public VersionProbe(GraphStore store, DatasetVersionRecord version, bool orEqual)
        {
            (_store, _version, _orEqual) = (store, version, orEqual);
            _key = VersionKey.Of(version);
        }

        public bool Before(ref VersionEntry item, int index)
        {
            // The keys decide alone unless a run order is still unknown or both are equal: only then is the listed
            // version itself read (one object load, which the keys are kept beside the versions to avoid).
            var order = item.Key.FirstSeen != _key.FirstSeen ? item.Key.FirstSeen.CompareTo(_key.FirstSeen)
                : item.Key.RunOrder != 0 && _key.RunOrder != 0 && item.Key.RunOrder != _key.RunOrder ? item.Key.RunOrder.CompareTo(_key.RunOrder)
                : Compare(_store, ref item.Key, item.Version, ref _key, _version);
            return _orEqual ? order <= 0 : order < 0;
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

    private static int CompareVersions(GraphStore store, DatasetVersionRecord a, DatasetVersionRecord b)
    {
        var (first, second) = (VersionKey.Of(a), VersionKey.Of(b));
        return Compare(store, ref first, a, ref second, b);
    }

    // The order of versions: first seen, then run order, then the runs' whole ids. Each key's run order is worked
    // out if the comparison needs it and is still unknown, and kept in the key (and the version).
    private static int Compare(GraphStore store, ref VersionKey a, DatasetVersionRecord aVersion, ref VersionKey b, DatasetVersionRecord bVersion)
    {
        if (a.FirstSeen != b.FirstSeen)
        {
            return a.FirstSeen.CompareTo(b.FirstSeen);
        }

        var first = a.RunOrder != 0 ? a.RunOrder : a.RunOrder = RunOrder(store, aVersion);
        var second = b.RunOrder != 0 ? b.RunOrder : b.RunOrder = RunOrder(store, bVersion);
        return first != second ? first.CompareTo(second) : store.RunOf(aVersion.Run).Id.CompareTo(store.RunOf(bVersion.Run).Id);
    }

    // A version's RunOrder, worked out from its run's id the first time it is compared (versions read from a
    // checkpoint; a run's new version gets it when made).
    private static ulong RunOrder(GraphStore store, DatasetVersionRecord version)
    {
        if (version.RunOrder == 0)
        {
            version.RunOrder = RunOrderOf(store.RunOf(version.Run).Id);
        }

        return version.RunOrder;
    }

    // Guid.CompareTo orders ids as their big-endian bytes (unsigned), so the first eight of them, read as one number,
    // keep that order.
    public static ulong RunOrderOf(Model.RunId run)
    {
        Span<byte> bytes = stackalloc byte[16];
        run.Value.TryWriteBytes(bytes, bigEndian: true, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    public static DatasetVersionInfo DatasetVersion(GraphStore store, DatasetRecord dataset, DatasetVersionRecord version, IReadOnlyList<Model.Facets.SchemaField>? schema)
    {
        var run = store.RunOf(version.Run);
        return new DatasetVersionInfo(dataset.Id, version.Version ?? run.Id.ToString(), run.Id, store.JobIdOf(run.Job))
        {
            Schema = schema ?? [],
            RowCount = version.Statistics.RowCount,
            Bytes = version.Statistics.Bytes,
            LifecycleState = version.LifecycleState,
            FirstSeen = Time(version.FirstSeen),
            LastSeen = Time(version.LastSeen),
            Written = version.Sequence > 0 ? new FacetLocation(version.Sequence, FacetPlace.Output, version.Index) : null,
        };
    }

    // The job as it stood at `moment` (GraphMoment.Now: as it is): its inputs and outputs those of its latest run
    // then, its SQL, owners and tags those it had then, and only the runs begun by then.
    public static JobInfo Job(GraphStore store, JobRecord record, long moment = GraphMoment.Now)
    {
        var inputs = new SortedSet<DatasetId>();
        var outputs = new SortedSet<DatasetId>();
        var edges = store.Edges;
        var nodes = store.Nodes;
        using var runs = moment == GraphMoment.Now ? null : new IntMap(1);
        for (var e = nodes[record.Node].FirstIn; e >= 0; e = edges[e].NextIn)
        {
            if (!edges[e].Dead && edges[e].Kind == EdgeKind.Read && (runs is null || GraphMoment.EdgeAt(store, e, moment, runs)))
            {
                inputs.Add(store.DatasetIdOf(edges[e].From));
            }
        }

        for (var e = nodes[record.Node].FirstOut; e >= 0; e = edges[e].NextOut)
        {
            if (!edges[e].Dead && edges[e].Kind == EdgeKind.Write && (runs is null || GraphMoment.EdgeAt(store, e, moment, runs)))
            {
                outputs.Add(store.DatasetIdOf(edges[e].To));
            }
        }

        Guid? current = null;
        var runCount = 0;
        if (record.Runs is not null)
        {
            for (var i = record.Runs.Count - 1; i >= 0; i--)
            {
                var run = store.RunOf(record.Runs[i]);
                if (run.FirstEvent <= moment)
                {
                    runCount++;
                    current ??= moment == GraphMoment.Now || GraphMoment.EndedBy(run, moment) ? run.JobVersion : null;
                }
            }
        }

        return new JobInfo(record.Id)
        {
            Description = record.Description,
            Sql = StateHistory.At(record.SqlHistory, record.Sql, record.SqlAt, moment),
            SqlDialect = record.SqlDialect,
            Owners = StateHistory.At(record.OwnersHistory, record.Owners, record.OwnersAt, moment) ?? [],
            Tags = StateHistory.At(record.TagsHistory, record.Tags, record.TagsAt, moment) ?? [],
            ProcessingType = record.ProcessingType,
            Integration = record.Integration,
            JobType = record.JobType,
            SourceCodeUrl = record.SourceCodeUrl,
            Inputs = [.. inputs],
            Outputs = [.. outputs],
            RunCount = runCount,
            CurrentVersion = current,
            FirstSeen = Time(record.FirstSeen),
            LastSeen = Time(Math.Min(record.LastSeen, moment)),
            Deleted = GraphMoment.DeletedAt(store, record.Node, moment),
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

    // The run as it stood at `moment` (GraphMoment.Now: as it is): RUNNING until it had ended, its end, error and
    // failed checks only once it had.
    public static RunInfo Run(GraphStore store, RunRecord record, long moment = GraphMoment.Now)
    {
        var ended = moment == GraphMoment.Now || GraphMoment.EndedBy(record, moment);
        var inputs = new List<RunDatasetInfo>();
        var outputs = new List<RunDatasetInfo>();
        foreach (var item in record.Datasets)
        {
            var info = new RunDatasetInfo(store.DatasetIdOf(store.Resolve(item.Dataset)), item.Statistics.RowCount, item.Statistics.Bytes);
            (item.Output ? outputs : inputs).Add(info);
        }

        inputs.Sort((a, b) => a.Dataset.CompareTo(b.Dataset));
        outputs.Sort((a, b) => a.Dataset.CompareTo(b.Dataset));
        var assertions = (ended || record.LastEvent <= moment ? record.FailedAssertions : null)?.Select(a => new FailedAssertion(store.DatasetIdOf(store.Resolve(a.Dataset)), a.Assertion)).ToArray() ?? [];
        var started = record.StartedAt != 0 ? record.StartedAt : record.FirstEvent;
        return new RunInfo(record.Id, store.JobIdOf(record.Job))
        {
            State = GraphMoment.StateAt(record, moment),
            StartedAt = Time(started),
            EndedAt = ended ? OptionalTime(record.EndedAt) : null,
            Producer = record.Producer,
            ErrorMessage = ended ? record.ErrorMessage : null,
            StackTrace = ended ? record.StackTrace : null,
            OperationType = record.OperationType,
            Parameters = record.Parameters ?? [],
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
