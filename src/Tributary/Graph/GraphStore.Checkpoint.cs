using System.Runtime.InteropServices;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// The store's own part of a checkpoint: the node, edge and field tables and the ids as raw struct arrays (a file
// read, no parsing), then the datasets', jobs' and runs' records as tables a reader decodes one record at a time.
// Lookups are rebuilt on load rather than stored.
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

        var fields = new FieldImage[Fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var f = Fields[i];
            fields[i] = new FieldImage { Dataset = f.Dataset, Name = f.Name, Type = w.StringRef(f.Type), Tags = w.TagsRef(f.Tags) };
        }

        w.Raw<FieldImage>(fields);

        // Ids and nodes come from the id lists and, for a record still undecoded, from the checkpoint it is in, so
        // writing on top of that checkpoint decodes nothing it need not.
        var datasets = new IdImage[Datasets.Count];
        for (var i = 0; i < datasets.Length; i++)
        {
            var id = _datasetIds[i];
            var node = Datasets.DecodedOrNull(i)?.Node ?? _basis!.Datasets[i].Node;
            datasets[i] = new IdImage { Namespace = w.StringRef(id.Namespace), Name = w.StringRef(id.Name), Node = node };
        }

        w.Raw<IdImage>(datasets);
        w.Table(Datasets, SaveDataset);

        var jobs = new IdImage[Jobs.Count];
        for (var i = 0; i < jobs.Length; i++)
        {
            var id = _jobIds[i];
            var node = Jobs.DecodedOrNull(i)?.Node ?? _basis!.Jobs[i].Node;
            jobs[i] = new IdImage { Namespace = w.StringRef(id.Namespace), Name = w.StringRef(id.Name), Node = node };
        }

        w.Raw<IdImage>(jobs);
        w.Table(Jobs, SaveJob);

        var runs = new RunImage[Runs.Count];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = Runs.DecodedOrNull(i) is { } r
                ? new RunImage { Id = r.Id.Value, Node = r.Node, Job = r.Job, NextSameId = r.NextSameId }
                : _basis!.Runs[i];
        }

        w.Raw<RunImage>(runs);
        w.Table(Runs, SaveRun);
        w.Int(Resolutions.Count);
        foreach (var resolution in Resolutions)
        {
            w.String(resolution.Incident);
            w.Stamp(resolution.At);
            w.String(resolution.By);
            w.String(resolution.Note);
        }

        w.Int(TagDefinitions.Count);
        foreach (var definition in TagDefinitions)
        {
            w.String(definition.Name);
            w.String(definition.Description);
            w.Stamp(definition.At);
        }
    }

    // The checkpoint a new one is best written on top of (CheckpointWriter): the one this store was loaded from, while
    // at least half its records are still undecoded in it. Once most are decoded, a checkpoint of its own costs little
    // more and leaves out what the old one held that nothing refers to any more.
    public CheckpointImage? CheckpointBasis()
    {
        if (_basis is null)
        {
            return null;
        }

        return UndecodedRecords * 2 >= (long)Datasets.Count + Jobs.Count + Runs.Count ? _basis.Image : null;
    }

    // Datasets', jobs' and runs' records still undecoded in the checkpoint this store was loaded from.
    public long UndecodedRecords => (long)Datasets.UndecodedCount() + Jobs.UndecodedCount() + Runs.UndecodedCount();

    // Loads the tables a traversal needs (nodes, edges, names, fields, ids) and checks every reference in them; the
    // datasets', jobs' and runs' other facts stay in the checkpoint until something asks for them. The independent
    // parts are decoded on all cores.
    public static GraphStore Load(CheckpointReader r)
    {
        var image = r.Image;
        var store = new GraphStore { _edgeIndex = null, _fieldIndex = null };
        r.RawInto(store._nodes);
        r.RawInto(store._edges);
        foreach (ref readonly var edge in CollectionsMarshal.AsSpan(store._edges))
        {
            store._liveEdges += edge.Dead ? 0 : 1;
        }

        var names = r.Count(store._nodes.Count + store._edges.Count + (1 << 20));
        store._names.Capacity = names;
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
            store._transformationIndex.TryAdd(list, i);
        }

        var fields = r.Raw<FieldImage>();
        var datasetIds = r.Raw<IdImage>();
        var datasetRecords = r.Table();
        CheckTable(datasetIds.Length, datasetRecords, "datasets");
        var jobIds = r.Raw<IdImage>();
        var jobRecords = r.Table();
        CheckTable(jobIds.Length, jobRecords, "jobs");
        var runs = r.Raw<RunImage>();
        var runRecords = r.Table();
        CheckTable(runs.Length, runRecords, "runs");
        for (int i = 0, n = r.Count(1 << 24); i < n; i++)
        {
            store.Resolutions.Add(new ResolutionRecord(r.RequiredString(), r.Stamp(), r.String(), r.String()));
        }

        for (int i = 0, n = r.Count(1 << 24); i < n; i++)
        {
            store.TagDefinitions.Add(new TagDefinitionRecord(r.RequiredString(), r.String(), r.Stamp()));
        }

        var datasets = new DatasetId[datasetIds.Length];
        var jobs = new JobId[jobIds.Length];
        store.Datasets = new RecordTable<DatasetRecord>(datasets.Length, i => LoadDataset(image.Record(datasetRecords, i), datasets[i], datasetIds[i].Node), image, datasetRecords);
        store.Jobs = new RecordTable<JobRecord>(jobs.Length, i => LoadJob(image.Record(jobRecords, i), jobs[i], jobIds[i].Node), image, jobRecords);
        store.Runs = new RecordTable<RunRecord>(runs.Length, i => LoadRun(image.Record(runRecords, i), runs[i]), image, runRecords);
        try
        {
            Parallel.Invoke(
                () => store.LoadFields(fields, image),
                () => store.IndexIds(datasetIds, image, datasets, store._datasetIndex, (ns, name) => new DatasetId(ns, name)),
                () => store.IndexIds(jobIds, image, jobs, store._jobIndex, (ns, name) => new JobId(ns, name)),
                () => store.Reindex(runs, fields.Length));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
        }

        store._datasetIds = [.. datasets];
        store._jobIds = [.. jobs];
        store._basis = new LoadedCheckpoint(image, datasetIds, jobIds, runs);
        return store;
    }

    private void LoadFields(FieldImage[] fields, CheckpointImage image)
    {
        CollectionsMarshal.SetCount(Fields, fields.Length);
        var records = CollectionsMarshal.AsSpan(Fields);
        for (var i = 0; i < fields.Length; i++)
        {
            ref readonly var f = ref fields[i];
            Check(f.Dataset);
            if ((uint)f.Name >= (uint)_names.Count)
            {
                throw new InvalidDataException($"field name {f.Name} is out of range");
            }

            records[i] = new FieldRecord { Dataset = f.Dataset, Name = f.Name, Type = image.String(f.Type), Tags = image.Tags(f.Tags) };
        }
    }

    private void IndexIds<TId>(IdImage[] ids, CheckpointImage image, TId[] decoded, Dictionary<TId, int> index, Func<string, string, TId> create)
        where TId : notnull
    {
        index.EnsureCapacity(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            decoded[i] = create(RequiredString(image, ids[i].Namespace), RequiredString(image, ids[i].Name));
            index[decoded[i]] = Check(ids[i].Node);
        }
    }

    // Checks what the loaded tables refer to, so a checkpoint that does not describe one consistent graph is
    // refused instead of answering wrongly, and rebuilds the run lookup. The edge and field lookups are built when
    // first needed (a query that only traverses never needs them).
    private void Reindex(RunImage[] runs, int fieldCount)
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
                NodeKind.DatasetField => fieldCount,
                _ => throw new InvalidDataException($"node {i} has an unknown kind"),
            };
            if ((uint)n.Ref >= (uint)count || (n.Canonical >= 0 && Check(n.Canonical) == i))
            {
                throw new InvalidDataException($"node {i} refers outside its table");
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
        }

        // The head of each runId's chain is what a lookup by runId finds: the run no other run points to.
        var chained = new bool[nodes.Length];
        foreach (var run in runs)
        {
            Check(run.Node);
            if (run.Job >= 0 && nodes[Check(run.Job)].Kind != NodeKind.Job)
            {
                throw new InvalidDataException($"run {run.Id} belongs to a node that is not a job");
            }

            if (run.NextSameId >= 0)
            {
                chained[Check(run.NextSameId)] = true;
            }
        }

        foreach (var run in runs)
        {
            if (!chained[run.Node])
            {
                _runIndex[new RunId(run.Id)] = run.Node;
            }
        }
    }

    private Dictionary<EdgeKey, int> BuildEdgeIndex()
    {
        lock (_lookupGate)
        {
            if (_edgeIndex is null)
            {
                var edgeIndex = new Dictionary<EdgeKey, int>(_liveEdges);
                var edges = CollectionsMarshal.AsSpan(_edges);
                for (var e = 0; e < edges.Length; e++)
                {
                    if (!edges[e].Dead)
                    {
                        edgeIndex[new EdgeKey(edges[e].From, edges[e].To, edges[e].Kind)] = e;
                    }
                }

                Volatile.Write(ref _edgeIndex, edgeIndex);
            }

            return _edgeIndex;
        }
    }

    private Dictionary<long, int> BuildFieldIndex()
    {
        lock (_lookupGate)
        {
            if (_fieldIndex is null)
            {
                var fieldIndex = new Dictionary<long, int>(Fields.Count);
                var nodes = CollectionsMarshal.AsSpan(_nodes);
                var fields = CollectionsMarshal.AsSpan(Fields);
                for (var i = 0; i < nodes.Length; i++)
                {
                    if (nodes[i].Kind == NodeKind.DatasetField)
                    {
                        ref readonly var field = ref fields[nodes[i].Ref];
                        fieldIndex[FieldKey(field.Dataset, field.Name)] = i;
                    }
                }

                Volatile.Write(ref _fieldIndex, fieldIndex);
            }

            return _fieldIndex;
        }
    }

    private static void CheckTable(int ids, int[] offsets, string what)
    {
        if (offsets.Length != ids + 1)
        {
            throw new InvalidDataException($"the checkpoint lists {ids} {what} but has {offsets.Length - 1} records of them");
        }
    }

    private static string RequiredString(CheckpointImage image, int tag) => image.String(tag) ?? throw new InvalidDataException("a required string is missing");

    private int Check(int node) => (uint)node < (uint)_nodes.Count ? node : throw new InvalidDataException($"node {node} is out of range");

    private static void SaveDataset(CheckpointWriter w, DatasetRecord d)
    {
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
        // Absent lists are written as empty ones without making one (`?? []` would allocate an empty list per record).
        w.Int(d.Aliases?.Count ?? 0);
        foreach (var alias in CollectionsMarshal.AsSpan(d.Aliases))
        {
            w.String(alias.Namespace);
            w.String(alias.Name);
        }

        w.Int(d.Versions?.Count ?? 0);
        for (var i = 0; i < (d.Versions?.Count ?? 0); i++)
        {
            var v = d.Versions![i];
            w.Int(v.Run);
            w.String(v.Version);
            w.Schema(v.Schema);
            w.NullableLong(v.Statistics.RowCount);
            w.NullableLong(v.Statistics.Bytes);
            w.String(v.LifecycleState);
            w.Long(v.FirstSeen);
            w.Long(v.LastSeen);
            w.Long(v.Sequence);
            w.Int(v.Index);
        }

        Ints(w, CollectionsMarshal.AsSpan(d.Fields));
        w.Int(d.AssertionRun + 1);
        foreach (var stamp in (ReadOnlySpan<Stamp>)[d.SchemaAt, d.OwnersAt, d.TagsAt, d.DescriptionAt, d.TypeAt, d.SourceAt, d.LifecycleAt, d.AssertionAt, d.DroppedAt, d.WrittenAt])
        {
            w.Stamp(stamp);
        }

        Notes(w, d.Notes);
        History(w, d.SchemaHistory, static (writer, value) => writer.Schema(value));
        History(w, d.OwnersHistory, static (writer, value) => writer.Owners(value));
        History(w, d.TagsHistory, static (writer, value) => writer.Tags(value));
        History(w, d.Lifecycle, static (writer, value) => writer.Bool(value));
    }

    private static DatasetRecord LoadDataset(CheckpointReader r, DatasetId id, int node)
    {
        var d = new DatasetRecord(id, node)
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
            d.Versions = new VersionList(versions);
            for (var i = 0; i < versions; i++)
            {
                d.Versions.Add(new DatasetVersionRecord(r.Int())
                {
                    Version = r.String(),
                    Schema = r.Schema(),
                    Statistics = new() { RowCount = r.NullableLong(), Bytes = r.NullableLong() },
                    LifecycleState = r.String(),
                    FirstSeen = r.Long(),
                    LastSeen = r.Long(),
                    Sequence = r.Long(),
                    Index = r.Int(),
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
        d.SchemaHistory = LoadHistory(r, r.Schema);
        d.OwnersHistory = LoadHistory(r, r.Owners);
        d.TagsHistory = LoadHistory(r, r.Tags);
        d.Lifecycle = LoadHistory(r, r.Bool);
        r.ExpectEnd();
        return d;
    }

    private static void SaveJob(CheckpointWriter w, JobRecord j)
    {
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
        foreach (var v in CollectionsMarshal.AsSpan(j.Versions))
        {
            w.Guid(v.Version);
            Ints(w, v.Inputs);
            Ints(w, v.Outputs);
            w.Long(v.FirstSeen);
            w.Long(v.LastSeen);
            w.Int(v.RunCount);
        }

        Ints(w, CollectionsMarshal.AsSpan(j.Runs));
        foreach (var stamp in (ReadOnlySpan<Stamp>)[j.SqlAt, j.DescriptionAt, j.OwnersAt, j.TagsAt, j.TypeAt, j.SourceCodeAt])
        {
            w.Stamp(stamp);
        }

        Notes(w, j.Notes);
        History(w, j.SqlHistory, static (writer, value) => writer.String(value));
        History(w, j.OwnersHistory, static (writer, value) => writer.Owners(value));
        History(w, j.TagsHistory, static (writer, value) => writer.Tags(value));
    }

    private static JobRecord LoadJob(CheckpointReader r, JobId id, int node)
    {
        var j = new JobRecord(id, node)
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
        j.SqlHistory = LoadHistory(r, r.String);
        j.OwnersHistory = LoadHistory(r, r.Owners);
        j.TagsHistory = LoadHistory(r, r.Tags);
        r.ExpectEnd();
        return j;
    }

    // Readers of the few facts as-of walks need from a record still in the checkpoint, in place. Each follows the
    // order SaveDataset, SaveJob and SaveRun write; AsOfCheckpointTests compares their answers with decoded records'.

    // When a dataset or job was first seen (the first number of its record), or a run's first event (the second).
    internal static long FirstSeenInPlace(ReadOnlySpan<byte> record, NodeKind kind)
    {
        var scanner = new RecordScanner(record);
        scanner.SkipNumbers(kind == NodeKind.Run ? 1 : 0);
        return scanner.Number();
    }

    // Positions the scanner at the runs a job's record lists and returns how many there are.
    internal static int SeekJobRuns(ref RecordScanner job)
    {
        job.SkipNumbers(11); // first and last seen, SQL, dialect, description, owners, tags, four type strings
        for (int v = 0, versions = job.Count(); v < versions; v++)
        {
            job.SkipBytes(16);
            job.SkipNumbers(job.Count());
            job.SkipNumbers(job.Count());
            job.SkipNumbers(3);
        }

        return job.Count();
    }

    // Positions the scanner at the datasets a run's record names and returns how many; read each with ReadRunDataset.
    internal static int SeekRunDatasets(ref RecordScanner run)
    {
        run.SkipNumbers(7); // state, four times, producer, SQL
        if (run.Bool())
        {
            run.SkipBytes(16);
        }

        return run.Count();
    }

    internal static (int Dataset, bool Output) ReadRunDataset(ref RecordScanner run)
    {
        var dataset = (int)run.Number();
        var output = run.Bool();
        for (var i = 0; i < 2; i++)
        {
            if (run.Bool())
            {
                run.SkipBytes(8);
            }
        }

        run.SkipBytes(8);
        run.SkipNumbers(1);
        return (dataset, output);
    }

    private static void SaveRun(CheckpointWriter w, RunRecord run)
    {
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

        w.Int(run.Datasets.Length);
        foreach (var item in run.Datasets)
        {
            w.Int(item.Dataset);
            w.Bool(item.Output);
            w.NullableLong(item.Statistics.RowCount);
            w.NullableLong(item.Statistics.Bytes);
            w.Stamp(item.StatisticsAt);
        }

        Assertions(w, run.FailedAssertions);
        Assertions(w, run.PassedAssertions);

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
        foreach (var stamp in (ReadOnlySpan<Stamp>)[run.ProducerAt, run.StateAt, run.EndedStamp, run.ErrorAt, run.OperationAt, run.NominalAt, run.ParentAt, run.SqlAt, run.ParametersAt])
        {
            w.Stamp(stamp);
        }

        w.Int(run.Parameters is null ? -1 : run.Parameters.Count);
        for (var i = 0; i < (run.Parameters?.Count ?? 0); i++)
        {
            var (name, value) = run.Parameters![i];
            w.String(name);
            w.String(value);
        }

        Notes(w, run.Notes);
    }

    private static RunRecord LoadRun(CheckpointReader r, RunImage image)
    {
        var run = new RunRecord(new RunId(image.Id), image.Node)
        {
            Job = image.Job,
            NextSameId = image.NextSameId,
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
            var item = new RunDatasetRecord(r.Int(), r.Bool()) { Statistics = new() { RowCount = r.NullableLong(), Bytes = r.NullableLong() } };
            item.StatisticsAt = r.Stamp();
            run.AddDataset(item);
        }

        for (int i = 0, n = r.Count(1 << 24); i < n; i++)
        {
            var dataset = r.Int();
            var assertion = new Assertion(r.RequiredString(), r.Bool(), r.String()) { Severity = r.String(), Description = r.String() };
            (run.FailedAssertions ??= []).Add((dataset, assertion));
        }

        for (int i = 0, n = r.Count(1 << 24); i < n; i++)
        {
            var dataset = r.Int();
            var assertion = new Assertion(r.RequiredString(), r.Bool(), r.String()) { Severity = r.String(), Description = r.String() };
            (run.PassedAssertions ??= []).Add((dataset, assertion));
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
        run.ParametersAt = r.Stamp();
        if (r.Int() is var parameters and >= 0)
        {
            var list = new KeyValuePair<string, string?>[parameters];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = new(r.RequiredString(), r.String());
            }

            run.Parameters = list;
        }

        run.Notes = LoadNotes(r);
        r.ExpectEnd();
        return run;
    }

    private static void Assertions(CheckpointWriter w, List<(int Dataset, Assertion Assertion)>? assertions)
    {
        w.Int(assertions?.Count ?? 0);
        foreach (var (dataset, assertion) in CollectionsMarshal.AsSpan(assertions))
        {
            w.Int(dataset);
            w.String(assertion.Name);
            w.Bool(assertion.Success);
            w.String(assertion.Column);
            w.String(assertion.Severity);
            w.String(assertion.Description);
        }
    }

    private static void Ints(CheckpointWriter w, ReadOnlySpan<int> items)
    {
        w.Int(items.Length);
        foreach (var item in items)
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

    // A state history (see StateHistory): null and empty are both written as no entries.
    // The writer of a value comes as a lambda of no captures (made once), not as `w.Schema` (a delegate per call).
    private static void History<T>(CheckpointWriter w, List<(Stamp At, T Value)>? history, Action<CheckpointWriter, T> value)
    {
        w.Int(history?.Count ?? 0);
        foreach (var (at, item) in CollectionsMarshal.AsSpan(history))
        {
            w.Stamp(at);
            value(w, item);
        }
    }

    private static List<(Stamp At, T Value)>? LoadHistory<T>(CheckpointReader r, Func<T> value)
    {
        var count = r.Count(1 << 24);
        if (count == 0)
        {
            return null;
        }

        var history = new List<(Stamp At, T Value)>(count);
        for (var i = 0; i < count; i++)
        {
            history.Add((r.Stamp(), value()));
        }

        return history;
    }

    private static void Notes(CheckpointWriter w, List<FacetNote>? notes)
    {
        w.Int(notes?.Count ?? 0);
        foreach (var note in CollectionsMarshal.AsSpan(notes))
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

    // The checkpoint a store was loaded from, with the ids and run facts of its records as written there: what a new
    // checkpoint needs of a record it copies undecoded.
    private sealed record LoadedCheckpoint(CheckpointImage Image, IdImage[] Datasets, IdImage[] Jobs, RunImage[] Runs);

    // The parts of the tables a checkpoint keeps as raw struct arrays: strings and lists by their table numbers.
    private struct FieldImage
    {
        public int Dataset;
        public int Name;
        public int Type;
        public int Tags;
    }

    private struct IdImage
    {
        public int Namespace;
        public int Name;
        public int Node;
    }

    private struct RunImage
    {
        public Guid Id;
        public int Node;
        public int Job;
        public int NextSameId;
    }
}
