using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// The interned graph: every dataset, job, field and run is an int; edges live in one struct array and each node
// keeps the heads of its out- and in-edge lists (forward star), so adding an edge allocates nothing per edge and
// traversal touches only ints. Aliases (symlinks, renames) point a node at its canonical node.
internal sealed partial class GraphStore
{
    private readonly List<NodeRecord> _nodes = [];
    private readonly List<EdgeRecord> _edges = [];
    private readonly Lock _lookupGate = new();
    private Dictionary<EdgeKey, int>? _edgeIndex; // built only when a look-up by the lists is too long, or a link needs it
    private int _liveEdges;
    private readonly Dictionary<DatasetId, int> _datasetIndex = [];
    private readonly Dictionary<JobId, int> _jobIndex = [];

    // Each dataset's and job's id by its record number, beside the records: an answer names thousands of nodes, and
    // reading ids from these small arrays costs a fraction of reaching each record (which a checkpoint decodes lazily).
    private List<DatasetId> _datasetIds = [];
    private List<JobId> _jobIds = [];
    private readonly Dictionary<RunId, int> _runIndex = [];
    private Dictionary<long, int>? _fieldIndex = [];
    private LoadedCheckpoint? _basis;
    private readonly Dictionary<string, int> _nameIndex = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<Transformation[]> _transformations = [[]];
    private readonly Dictionary<IReadOnlyList<Transformation>, int> _transformationIndex = new(ValueListComparer<Transformation>.Transformations) { [Array.Empty<Transformation>()] = 0 };

    public RecordTable<DatasetRecord> Datasets { get; private set; } = new();

    public RecordTable<JobRecord> Jobs { get; private set; } = new();

    public RecordTable<RunRecord> Runs { get; private set; } = new();

    public List<FieldRecord> Fields { get; } = [];

    // Incidents resolved by hand, in the order their events were applied (readers sort by stamp).
    public List<ResolutionRecord> Resolutions { get; } = [];

    // Tags defined with a description, every definition in the order applied (readers take the newest by stamp).
    public List<TagDefinitionRecord> TagDefinitions { get; } = [];

    public int NodeCount => _nodes.Count;

    // The edges held, merged ones included (what the edge array's room is measured in).
    public int EdgeSlots => _edges.Count;

    // What one node, edge and field take in the arrays Reserve makes room in (a field also has its look-up entry).
    public static (int Node, int Edge, int Field) BytesPer => (Unsafe.SizeOf<NodeRecord>(), Unsafe.SizeOf<EdgeRecord>(), Unsafe.SizeOf<FieldRecord>() + 24);

    // How many nodes, edges and fields the arrays have room for.
    public (int Nodes, int Edges, int Fields) Room => (_nodes.Capacity, _edges.Capacity, Fields.Capacity);

    // Makes room for this many more nodes, edges and fields at once (see LineageGraph.Reserve).
    public void Reserve(int nodes, int edges, int fields)
    {
        _nodes.EnsureCapacity(_nodes.Count + nodes);
        _edges.EnsureCapacity(_edges.Count + edges);
        Fields.EnsureCapacity(Fields.Count + fields);
        _fieldIndex?.EnsureCapacity(_fieldIndex.Count + fields);
    }

    // The edges not merged into a twin when their nodes were linked.
    public int EdgeCount => _liveEdges;

    // Edge and field lookups, built on first use (the field lookup after a checkpoint load; readers may race to build
    // it, hence the gate).
    private Dictionary<EdgeKey, int> EdgeIndex => Volatile.Read(ref _edgeIndex) ?? BuildEdgeIndex();

    private Dictionary<long, int> FieldIndex => Volatile.Read(ref _fieldIndex) ?? BuildFieldIndex();

    public ReadOnlySpan<NodeRecord> Nodes => CollectionsMarshal.AsSpan(_nodes);

    public ReadOnlySpan<EdgeRecord> Edges => CollectionsMarshal.AsSpan(_edges);

    public NodeKind KindOf(int node) => _nodes[node].Kind;

    public Transformation[] TransformationsOf(int edge) => _transformations[_edges[edge].Transformations];

    public string NameOf(int nameId) => _names[nameId];

    // Follows alias links to the canonical node; links never form cycles (Link refuses them).
    public int Resolve(int node)
    {
        var span = CollectionsMarshal.AsSpan(_nodes);
        while (span[node].Canonical >= 0)
        {
            node = span[node].Canonical;
        }

        return node;
    }

    public bool IsDeleted(int node)
    {
        var nodes = CollectionsMarshal.AsSpan(_nodes);
        ref readonly var n = ref nodes[node];
        return n.Kind == NodeKind.DatasetField ? nodes[CollectionsMarshal.AsSpan(Fields)[n.Ref].Dataset].Deleted : n.Deleted;
    }

    public void SetDeleted(DatasetRecord dataset, bool deleted, long time)
    {
        dataset.Deleted = deleted;
        dataset.DeletedAt = time;
        ref var node = ref CollectionsMarshal.AsSpan(_nodes)[dataset.Node];
        node.Deleted = deleted;
        node.EverDropped |= dataset.Lifecycle is not null;
    }

    // A dropped job: traversals pass it by, like a dropped dataset.
    public void SetDeleted(int node, bool deleted) => CollectionsMarshal.AsSpan(_nodes)[node].Deleted = deleted;

    public DatasetRecord DatasetOf(int node) => Datasets[_nodes[node].Ref];

    public DatasetId DatasetIdOf(int node) => _datasetIds[_nodes[node].Ref];

    public JobId JobIdOf(int node) => _jobIds[_nodes[node].Ref];

    public JobRecord JobOf(int node) => Jobs[_nodes[node].Ref];

    public RunRecord RunOf(int node) => Runs[_nodes[node].Ref];

    // When a dataset or job was first seen, or a run's first event, without decoding a record still in a checkpoint.
    public long FirstSeenOf(int node)
    {
        var (kind, index) = (_nodes[node].Kind, _nodes[node].Ref);
        return kind switch
        {
            NodeKind.Dataset => Datasets.TryUndecoded(index, out var record) ? FirstSeenInPlace(record, kind) : Datasets[index].FirstSeen,
            NodeKind.Job => Jobs.TryUndecoded(index, out var record) ? FirstSeenInPlace(record, kind) : Jobs[index].FirstSeen,
            NodeKind.Run => Runs.TryUndecoded(index, out var record) ? FirstSeenInPlace(record, kind) : Runs[index].FirstEvent,
            _ => throw new ArgumentException($"node {node} is a {kind}, which has no first-seen time of its own", nameof(node)),
        };
    }

    public ref FieldRecord FieldOf(int node) => ref CollectionsMarshal.AsSpan(Fields)[_nodes[node].Ref];

    public NodeId IdOf(int node)
    {
        ref readonly var n = ref CollectionsMarshal.AsSpan(_nodes)[node];
        return n.Kind switch
        {
            NodeKind.Dataset => NodeId.From(_datasetIds[n.Ref]),
            NodeKind.Job => NodeId.From(_jobIds[n.Ref]),
            NodeKind.Run => NodeId.From(Runs[n.Ref].Id),
            _ => NodeId.From(FieldIdOf(node)),
        };
    }

    public FieldId FieldIdOf(int node)
    {
        var field = Fields[_nodes[node].Ref];
        return new FieldId(_datasetIds[_nodes[field.Dataset].Ref], _names[field.Name]);
    }

    // Finds a node by id without creating it, resolved to its canonical node; -1 when unknown.
    public int Find(NodeId id)
    {
        switch (id.Kind)
        {
            case NodeKind.Dataset:
                return _datasetIndex.TryGetValue(id.AsDataset(), out var d) ? Resolve(d) : -1;
            case NodeKind.Job:
                return _jobIndex.TryGetValue(id.AsJob(), out var j) ? Resolve(j) : -1;
            case NodeKind.Run:
                return RunId.TryParse(id.Name, out var runId) && _runIndex.TryGetValue(runId, out var r) ? r : -1;
            default:
                if (!_datasetIndex.TryGetValue(id.AsDataset(), out var owner) || !_nameIndex.TryGetValue(id.Field!, out var name))
                {
                    return -1;
                }

                if (FieldIndex.TryGetValue(FieldKey(owner, name), out var f) || FieldIndex.TryGetValue(FieldKey(Resolve(owner), name), out f))
                {
                    return Resolve(f);
                }

                return -1;
        }
    }

    public int InternDataset(DatasetId id, long time)
    {
        // One lookup whether the dataset is new or known: the slot found is filled in when it is new.
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_datasetIndex, id, out var known);
        if (known)
        {
            var node = Resolve(slot);
            Touch(DatasetOf(node), time);
            return node;
        }

        var added = slot = _nodes.Count;
        AddNode(NodeKind.Dataset, Datasets.Count);
        Datasets.Add(new DatasetRecord(id, added) { FirstSeen = time, LastSeen = time });
        _datasetIds.Add(id);
        return added;
    }

    public int InternJob(JobId id, long time)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_jobIndex, id, out var known);
        if (known)
        {
            var job = JobOf(slot);
            job.FirstSeen = Math.Min(job.FirstSeen, time);
            job.LastSeen = Math.Max(job.LastSeen, time);
            return slot;
        }

        var added = slot = _nodes.Count;
        AddNode(NodeKind.Job, Jobs.Count);
        Jobs.Add(new JobRecord(id, added) { FirstSeen = time, LastSeen = time });
        _jobIds.Add(id);
        return added;
    }

    // Interns the run of `job` with this runId. A runId another job already used makes a separate run, chained to
    // the others with that id; `otherJob` names one of those jobs (-1 when the id is new). The chain's head, which
    // a lookup by runId alone finds, is the run of the job with the smallest id, whatever the arrival order.
    public int InternRun(RunId id, int job, out bool created, out int otherJob)
    {
        otherJob = -1;
        created = false;
        if (_runIndex.TryGetValue(id, out var head))
        {
            for (var node = head; node >= 0; node = RunOf(node).NextSameId)
            {
                if (RunOf(node).Job == job)
                {
                    return node;
                }
            }

            otherJob = RunOf(head).Job;
        }

        created = true;
        var runNode = AddNode(NodeKind.Run, Runs.Count);
        var run = new RunRecord(id, runNode) { Job = job };
        Runs.Add(run);
        if (otherJob < 0)
        {
            _runIndex.Add(id, runNode);
        }
        else if (JobOf(job).Id.CompareTo(JobOf(otherJob).Id) < 0)
        {
            run.NextSameId = head;
            _runIndex[id] = runNode;
        }
        else
        {
            var last = head;
            while (RunOf(last).NextSameId >= 0)
            {
                last = RunOf(last).NextSameId;
            }

            RunOf(last).NextSameId = runNode;
        }

        return runNode;
    }

    // A dataset's first schema sizes its list of fields, which would otherwise grow from empty through 4 and 8.
    public void ReserveFields(int dataset, int count)
    {
        ref var fields = ref DatasetOf(Resolve(dataset)).Fields;
        if (fields is null && count > 0)
        {
            fields = new List<int>(count);
        }
    }

    // Interns a field of a (canonical) dataset node.
    public int InternField(int dataset, string name)
    {
        dataset = Resolve(dataset);
        var nameId = InternName(name);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(FieldIndex, FieldKey(dataset, nameId), out var known);
        if (known)
        {
            return Resolve(slot);
        }

        var node = slot = _nodes.Count;
        AddNode(NodeKind.DatasetField, Fields.Count);
        Fields.Add(new FieldRecord { Dataset = dataset, Name = nameId });
        (DatasetOf(dataset).Fields ??= []).Add(node);
        return node;
    }

    public int InternTransformations(IReadOnlyList<Transformation> transformations)
    {
        if (transformations.Count == 0)
        {
            return 0;
        }

        // Looked up by the event's own list (every column-lineage input of every event comes here); only a new
        // list is copied, and the copy is the key.
        if (!_transformationIndex.TryGetValue(transformations, out var id))
        {
            id = _transformations.Count;
            Transformation[] copy = [.. transformations];
            _transformations.Add(copy);
            _transformationIndex.Add(copy, id);
        }

        return id;
    }

    public int InternName(string name)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_nameIndex, name, out var known);
        if (known)
        {
            return slot;
        }

        var id = slot = _names.Count;
        _names.Add(name);
        return id;
    }

    private static long FieldKey(int dataset, int name) => ((long)dataset << 32) | (uint)name;

    // Whether `node` is the field `name` of the dataset named `dataset` (its canonical node's own id, not an alias);
    // no lookup, nothing created.
    public bool IsField(int node, DatasetId dataset, string name)
    {
        ref readonly var n = ref CollectionsMarshal.AsSpan(_nodes)[node];
        if (n.Kind != NodeKind.DatasetField)
        {
            return false;
        }

        ref readonly var field = ref CollectionsMarshal.AsSpan(Fields)[n.Ref];
        return string.Equals(_names[field.Name], name, StringComparison.Ordinal) && _datasetIds[_nodes[field.Dataset].Ref] == dataset;
    }

    // The canonical dataset node a field node belongs to.
    public int DatasetOfField(int node) => CollectionsMarshal.AsSpan(Fields)[_nodes[node].Ref].Dataset;

    // Whether the transformations interned as `id` are `transformations`, compared by value.
    public bool IsTransformations(int id, IReadOnlyList<Transformation> transformations) =>
        ValueListComparer<Transformation>.Transformations.Equals(_transformations[id], transformations);

    // A dataset named again at `time` (as InternDataset does for a known one).
    public void Touch(int dataset, long time) => Touch(DatasetOf(dataset), time);

    private static void Touch(DatasetRecord dataset, long time)
    {
        dataset.FirstSeen = Math.Min(dataset.FirstSeen, time);
        dataset.LastSeen = Math.Max(dataset.LastSeen, time);
    }

    private int AddNode(NodeKind kind, int reference)
    {
        _nodes.Add(new NodeRecord { Kind = kind, Ref = reference, FirstOut = -1, FirstIn = -1, Canonical = -1 });
        return _nodes.Count - 1;
    }
}
