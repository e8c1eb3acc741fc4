using System.Runtime.InteropServices;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// The store's own part of a checkpoint: the node and edge tables as raw struct arrays (a file read, no parsing),
// then the records; indexes are rebuilt on load rather than stored.
internal sealed partial class GraphStore
{
    public void Save(CheckpointWriter w)
    {
        w.Raw<NodeRecord>(Nodes);
        w.Raw<EdgeRecord>(Edges);
        w.Int(_names.Count);
        foreach (var name in _names)
        {
            w.String(name);
        }

        w.Int(_transformations.Count);
        foreach (var list in _transformations)
        {
            w.Int(list.Length);
            foreach (var t in list)
            {
                w.String(t.Type);
                w.String(t.Subtype);
                w.String(t.Description);
                w.Int(t.Masking switch { null => 0, false => 1, true => 2 });
            }
        }

        w.Int(Datasets.Count);
        foreach (var d in Datasets)
        {
            SaveDataset(w, d);
        }

        w.Int(Jobs.Count);
        foreach (var j in Jobs)
        {
            SaveJob(w, j);
        }

        w.Int(Runs.Count);
        foreach (var r in Runs)
        {
            SaveRun(w, r);
        }

        w.Int(Fields.Count);
        foreach (var f in Fields)
        {
            w.Int(f.Dataset);
            w.Int(f.Name);
            w.String(f.Type);
            w.Tags(f.Tags);
        }
    }

    public static GraphStore Load(CheckpointReader r)
    {
        var store = new GraphStore();
        store._nodes.AddRange(r.Raw<NodeRecord>());
        store._edges.AddRange(r.Raw<EdgeRecord>());
        var names = r.Count(store._nodes.Count + store._edges.Count + (1 << 20));
        for (var i = 0; i < names; i++)
        {
            var name = r.RequiredString();
            store._names.Add(name);
            store._nameIndex[name] = i;
        }

        store._transformations.Clear();
        store._transformationIndex.Clear();
        var transformations = r.Count(store._edges.Count + 1);
        for (var i = 0; i < transformations; i++)
        {
            var list = new Transformation[r.Count(1 << 16)];
            for (var k = 0; k < list.Length; k++)
            {
                list[k] = new Transformation(r.RequiredString(), r.String(), r.String(), r.Int() switch { 0 => null, 1 => false, _ => true });
            }

            store._transformations.Add(list);
            store._transformationIndex.TryAdd(TransformationKey(list), i);
        }

        var nodes = store._nodes.Count;
        for (int i = 0, n = r.Count(nodes); i < n; i++)
        {
            var d = LoadDataset(r);
            store.Datasets.Add(d);
            store._datasetIndex[d.Id] = d.Node;
        }

        for (int i = 0, n = r.Count(nodes); i < n; i++)
        {
            var j = LoadJob(r);
            store.Jobs.Add(j);
            store._jobIndex[j.Id] = j.Node;
        }

        for (int i = 0, n = r.Count(nodes); i < n; i++)
        {
            store.Runs.Add(LoadRun(r));
        }

        for (int i = 0, n = r.Count(nodes); i < n; i++)
        {
            store.Fields.Add(new FieldRecord { Dataset = r.Int(), Name = r.Int(), Type = r.String(), Tags = r.Tags() });
        }

        store.Reindex();
        return store;
    }

    // Rebuilds what is derived from the tables: edge, run and field lookups, checking every reference on the way
    // so a checkpoint that does not describe one consistent graph is refused instead of answering wrongly.
    private void Reindex()
    {
        var nodes = CollectionsMarshal.AsSpan(_nodes);
        for (var i = 0; i < nodes.Length; i++)
        {
            ref readonly var n = ref nodes[i];
            var count = n.Kind switch
            {
                NodeKind.Dataset => Datasets.Count,
                NodeKind.Job => Jobs.Count,
                NodeKind.Run => Runs.Count,
                NodeKind.DatasetField => Fields.Count,
                _ => throw new InvalidDataException($"node {i} has an unknown kind"),
            };
            if ((uint)n.Ref >= (uint)count || (n.Canonical >= 0 && Check(n.Canonical) == i))
            {
                throw new InvalidDataException($"node {i} refers outside its table");
            }

            if (n.Kind == NodeKind.DatasetField)
            {
                var field = Fields[n.Ref];
                _fieldIndex[FieldKey(Check(field.Dataset), field.Name < _names.Count ? field.Name : throw new InvalidDataException($"field name {field.Name} is out of range"))] = i;
            }
        }

        var edges = CollectionsMarshal.AsSpan(_edges);
        for (var e = 0; e < edges.Length; e++)
        {
            ref readonly var edge = ref edges[e];
            Check(edge.From);
            Check(edge.To);
            if (edge.Transformations >= _transformations.Count || edge.NextOut >= edges.Length || edge.NextIn >= edges.Length)
            {
                throw new InvalidDataException($"edge {e} refers outside the tables");
            }

            if (!edge.Dead)
            {
                _edgeIndex[new EdgeKey(edge.From, edge.To, edge.Kind)] = e;
            }
        }

        foreach (var run in Runs)
        {
            Check(run.Node);
            if (run.Job >= 0 && nodes[Check(run.Job)].Kind != NodeKind.Job)
            {
                throw new InvalidDataException($"run {run.Id} belongs to a node that is not a job");
            }
        }

        // The head of each runId's chain is what a lookup by runId finds: the run no other run points to.
        var chained = new HashSet<int>();
        foreach (var run in Runs)
        {
            if (run.NextSameId >= 0)
            {
                chained.Add(run.NextSameId);
            }
        }

        foreach (var run in Runs)
        {
            if (!chained.Contains(run.Node))
            {
                _runIndex[run.Id] = run.Node;
            }
        }

        foreach (var d in Datasets)
        {
            Check(d.Node);
        }

        foreach (var j in Jobs)
        {
            Check(j.Node);
        }
    }

    private int Check(int node) => (uint)node < (uint)_nodes.Count ? node : throw new InvalidDataException($"node {node} is out of range");

    private static void SaveDataset(CheckpointWriter w, DatasetRecord d)
    {
        w.String(d.Id.Namespace);
        w.String(d.Id.Name);
        w.Int(d.Node);
        w.Long(d.FirstSeen);
        w.Long(d.LastSeen);
        w.Long(d.LastWritten);
        w.Bool(d.Deleted);
        w.Long(d.DeletedAt);
        w.String(d.LifecycleState);
        w.Schema(d.Schema);
        w.Owners(d.Owners);
        w.Tags(d.Tags);
        w.String(d.Description);
        w.String(d.DatasetType);
        w.String(d.SourceName);
        w.String(d.SourceUri);
        w.Int(d.Aliases?.Count ?? 0);
        foreach (var alias in d.Aliases ?? [])
        {
            w.String(alias.Namespace);
            w.String(alias.Name);
        }

        w.Int(d.Versions?.Count ?? 0);
        foreach (var v in d.Versions ?? [])
        {
            w.Int(v.Run);
            w.String(v.Version);
            w.Schema(v.Schema);
            w.NullableLong(v.RowCount);
            w.NullableLong(v.Bytes);
            w.String(v.LifecycleState);
            w.Long(v.FirstSeen);
            w.Long(v.LastSeen);
        }

        Ints(w, d.Fields);
        w.Int(d.AssertionRun + 1);
        foreach (var stamp in (ReadOnlySpan<Stamp>)[d.SchemaAt, d.OwnersAt, d.TagsAt, d.DescriptionAt, d.TypeAt, d.SourceAt, d.LifecycleAt, d.AssertionAt, d.DroppedAt, d.WrittenAt])
        {
            w.Stamp(stamp);
        }

        Notes(w, d.Notes);
    }

    private static DatasetRecord LoadDataset(CheckpointReader r)
    {
        var d = new DatasetRecord(new DatasetId(r.RequiredString(), r.RequiredString()), r.Int())
        {
            FirstSeen = r.Long(),
            LastSeen = r.Long(),
            LastWritten = r.Long(),
            Deleted = r.Bool(),
            DeletedAt = r.Long(),
            LifecycleState = r.String(),
            Schema = r.Schema(),
            Owners = r.Owners(),
            Tags = r.Tags(),
            Description = r.String(),
            DatasetType = r.String(),
            SourceName = r.String(),
            SourceUri = r.String(),
        };
        var aliases = r.Count(1 << 24);
        if (aliases > 0)
        {
            d.Aliases = new List<DatasetId>(aliases);
            for (var i = 0; i < aliases; i++)
            {
                d.Aliases.Add(new DatasetId(r.RequiredString(), r.RequiredString()));
            }
        }

        var versions = r.Count(1 << 24);
        if (versions > 0)
        {
            d.Versions = new List<DatasetVersionRecord>(versions);
            for (var i = 0; i < versions; i++)
            {
                d.Versions.Add(new DatasetVersionRecord(r.Int())
                {
                    Version = r.String(),
                    Schema = r.Schema(),
                    RowCount = r.NullableLong(),
                    Bytes = r.NullableLong(),
                    LifecycleState = r.String(),
                    FirstSeen = r.Long(),
                    LastSeen = r.Long(),
                });
            }
        }

        d.Fields = LoadInts(r);
        d.AssertionRun = r.Int() - 1;
        d.SchemaAt = r.Stamp();
        d.OwnersAt = r.Stamp();
        d.TagsAt = r.Stamp();
        d.DescriptionAt = r.Stamp();
        d.TypeAt = r.Stamp();
        d.SourceAt = r.Stamp();
        d.LifecycleAt = r.Stamp();
        d.AssertionAt = r.Stamp();
        d.DroppedAt = r.Stamp();
        d.WrittenAt = r.Stamp();
        d.Notes = LoadNotes(r);
        return d;
    }

    private static void SaveJob(CheckpointWriter w, JobRecord j)
    {
        w.String(j.Id.Namespace);
        w.String(j.Id.Name);
        w.Int(j.Node);
        w.Long(j.FirstSeen);
        w.Long(j.LastSeen);
        w.String(j.Sql);
        w.String(j.SqlDialect);
        w.String(j.Description);
        w.Owners(j.Owners);
        w.Tags(j.Tags);
        w.String(j.ProcessingType);
        w.String(j.Integration);
        w.String(j.JobType);
        w.String(j.SourceCodeUrl);
        w.Int(j.Versions?.Count ?? 0);
        foreach (var v in j.Versions ?? [])
        {
            w.Guid(v.Version);
            Ints(w, v.Inputs);
            Ints(w, v.Outputs);
            w.Long(v.FirstSeen);
            w.Long(v.LastSeen);
            w.Int(v.RunCount);
        }

        Ints(w, j.Runs);
        foreach (var stamp in (ReadOnlySpan<Stamp>)[j.SqlAt, j.DescriptionAt, j.OwnersAt, j.TagsAt, j.TypeAt, j.SourceCodeAt])
        {
            w.Stamp(stamp);
        }

        Notes(w, j.Notes);
    }

    private static JobRecord LoadJob(CheckpointReader r)
    {
        var j = new JobRecord(new JobId(r.RequiredString(), r.RequiredString()), r.Int())
        {
            FirstSeen = r.Long(),
            LastSeen = r.Long(),
            Sql = r.String(),
            SqlDialect = r.String(),
            Description = r.String(),
            Owners = r.Owners(),
            Tags = r.Tags(),
            ProcessingType = r.String(),
            Integration = r.String(),
            JobType = r.String(),
            SourceCodeUrl = r.String(),
        };
        var versions = r.Count(1 << 24);
        if (versions > 0)
        {
            j.Versions = new List<JobVersionRecord>(versions);
            for (var i = 0; i < versions; i++)
            {
                j.Versions.Add(new JobVersionRecord(r.Guid(), [.. LoadInts(r) ?? []], [.. LoadInts(r) ?? []])
                {
                    FirstSeen = r.Long(),
                    LastSeen = r.Long(),
                    RunCount = r.Int(),
                });
            }
        }

        j.Runs = LoadInts(r);
        j.SqlAt = r.Stamp();
        j.DescriptionAt = r.Stamp();
        j.OwnersAt = r.Stamp();
        j.TagsAt = r.Stamp();
        j.TypeAt = r.Stamp();
        j.SourceCodeAt = r.Stamp();
        j.Notes = LoadNotes(r);
        return j;
    }

    private static void SaveRun(CheckpointWriter w, RunRecord run)
    {
        w.Guid(run.Id.Value);
        w.Int(run.Node);
        w.Int(run.Job + 1);
        w.Int(run.NextSameId + 1);
        w.Int(run.State is { } state ? (int)state + 1 : 0);
        w.Long(run.FirstEvent);
        w.Long(run.LastEvent);
        w.Long(run.StartedAt);
        w.Long(run.EndedAt);
        w.String(run.Producer);
        w.String(run.Sql);
        w.Bool(run.JobVersion.HasValue);
        if (run.JobVersion is { } version)
        {
            w.Guid(version);
        }

        w.Int(run.Datasets.Count);
        foreach (var item in run.Datasets)
        {
            w.Int(item.Dataset);
            w.Bool(item.Output);
            w.NullableLong(item.RowCount);
            w.NullableLong(item.Bytes);
            w.Stamp(item.StatisticsAt);
        }

        w.Int(run.FailedAssertions?.Count ?? 0);
        foreach (var (dataset, assertion) in run.FailedAssertions ?? [])
        {
            w.Int(dataset);
            w.String(assertion.Name);
            w.Bool(assertion.Success);
            w.String(assertion.Column);
            w.String(assertion.Severity);
            w.String(assertion.Description);
        }

        w.String(run.ErrorMessage);
        w.String(run.StackTrace);
        w.Int(run.OperationType is { } operation ? (int)operation + 1 : 0);
        w.NullableLong(run.NominalStart?.UtcTicks);
        w.NullableLong(run.NominalEnd?.UtcTicks);
        w.Bool(run.ParentRun.HasValue);
        if (run.ParentRun is { } parentRun)
        {
            w.Guid(parentRun.Value);
        }

        w.String(run.ParentJob?.Namespace);
        w.String(run.ParentJob?.Name);
        foreach (var stamp in (ReadOnlySpan<Stamp>)[run.ProducerAt, run.StateAt, run.EndedStamp, run.ErrorAt, run.OperationAt, run.NominalAt, run.ParentAt, run.SqlAt])
        {
            w.Stamp(stamp);
        }

        Notes(w, run.Notes);
    }

    private static RunRecord LoadRun(CheckpointReader r)
    {
        var run = new RunRecord(new RunId(r.Guid()), r.Int())
        {
            Job = r.Int() - 1,
            NextSameId = r.Int() - 1,
            State = r.Int() is > 0 and var state ? (RunState)(state - 1) : null,
            FirstEvent = r.Long(),
            LastEvent = r.Long(),
            StartedAt = r.Long(),
            EndedAt = r.Long(),
            Producer = r.String(),
            Sql = r.String(),
            JobVersion = r.Bool() ? r.Guid() : null,
        };
        for (int i = 0, n = r.Count(1 << 24); i < n; i++)
        {
            var item = new RunDatasetRecord(r.Int(), r.Bool()) { RowCount = r.NullableLong(), Bytes = r.NullableLong() };
            item.StatisticsAt = r.Stamp();
            run.Datasets.Add(item);
        }

        for (int i = 0, n = r.Count(1 << 24); i < n; i++)
        {
            var dataset = r.Int();
            var assertion = new Assertion(r.RequiredString(), r.Bool(), r.String()) { Severity = r.String(), Description = r.String() };
            (run.FailedAssertions ??= []).Add((dataset, assertion));
        }

        run.ErrorMessage = r.String();
        run.StackTrace = r.String();
        run.OperationType = r.Int() is > 0 and var operation ? (OperationType)(operation - 1) : null;
        run.NominalStart = r.NullableLong() is { } start ? new DateTimeOffset(start, TimeSpan.Zero) : null;
        run.NominalEnd = r.NullableLong() is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null;
        run.ParentRun = r.Bool() ? new RunId(r.Guid()) : null;
        var parentNamespace = r.String();
        var parentName = r.String();
        run.ParentJob = parentNamespace is not null && parentName is not null ? new JobId(parentNamespace, parentName) : null;
        run.ProducerAt = r.Stamp();
        run.StateAt = r.Stamp();
        run.EndedStamp = r.Stamp();
        run.ErrorAt = r.Stamp();
        run.OperationAt = r.Stamp();
        run.NominalAt = r.Stamp();
        run.ParentAt = r.Stamp();
        run.SqlAt = r.Stamp();
        run.Notes = LoadNotes(r);
        return run;
    }

    private static void Ints(CheckpointWriter w, IReadOnlyList<int>? items)
    {
        w.Int(items?.Count ?? 0);
        foreach (var item in items ?? [])
        {
            w.Int(item);
        }
    }

    private static List<int>? LoadInts(CheckpointReader r)
    {
        var count = r.Count(1 << 26);
        if (count == 0)
        {
            return null;
        }

        var items = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            items.Add(r.Int());
        }

        return items;
    }

    private static void Notes(CheckpointWriter w, List<FacetNote>? notes)
    {
        w.Int(notes?.Count ?? 0);
        foreach (var note in notes ?? [])
        {
            w.Int(note.Name);
            w.Int((int)note.Place);
            w.Int(note.Index);
            w.Stamp(note.At);
            w.Long(note.Sequence);
            w.Bool(note.Deleted);
        }
    }

    private static List<FacetNote>? LoadNotes(CheckpointReader r)
    {
        var count = r.Count(1 << 16);
        if (count == 0)
        {
            return null;
        }

        var notes = new List<FacetNote>(count);
        for (var i = 0; i < count; i++)
        {
            notes.Add(new FacetNote { Name = r.Int(), Place = (FacetPlace)r.Int(), Index = r.Int(), At = r.Stamp(), Sequence = r.Long(), Deleted = r.Bool() });
        }

        return notes;
    }
}
