using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// What the graph knows about one dataset; mutated only by the writer under the write lock.
internal sealed class DatasetRecord(DatasetId id, int node)
{
    public DatasetId Id { get; } = id;
    public int Node { get; } = node;
    public long FirstSeen;
    public long LastSeen;
    public long LastWritten;
    public bool Deleted;
    public long DeletedAt;
    public string? LifecycleState;
    public IReadOnlyList<SchemaField>? Schema;
    public IReadOnlyList<Owner>? Owners;
    public IReadOnlyList<Tag>? Tags;
    public string? Description;
    public string? DatasetType;
    public string? SourceName;
    public string? SourceUri;
    public List<DatasetId>? Aliases;
    public VersionList? Versions;

    // Each run's version of this dataset, made only when a run's version was not among the newest (runs writing it
    // concurrently; see GraphProjection.ApplyVersion): a lookup cache, rebuilt from Versions whenever their counts
    // differ, never saved.
    public Dictionary<int, DatasetVersionRecord>? VersionByRun;

    // Some run has two versions here (merged from an alias), so a run's version is found by a pass over them all.
    public bool VersionRunsRepeat;

    // The edges the newest column-lineage facet applied here made, one per input in the facet's order, and the
    // store's link count then (a link moves edges): the next event of the run usually repeats the facet, which is
    // then recognised from these edges without interning a field again (GraphProjection.ApplyColumnLineage). Never saved.
    public int[]? ColumnLineageEdges;
    public int ColumnLineageLinks;

    public List<int>? Fields;
    public int AssertionRun = -1;
    public Stamp SchemaAt, OwnersAt, TagsAt, DescriptionAt, TypeAt, SourceAt, LifecycleAt, AssertionAt;

    // The newest DROP and the newest write or create: the dataset is deleted while the DROP is the newer of the two.
    public Stamp DroppedAt, WrittenAt;
    public List<FacetNote>? Notes;

    // Earlier values, for answers "as of" a moment (see StateHistory); null while a value never changed.
    public List<(Stamp At, IReadOnlyList<SchemaField>? Value)>? SchemaHistory;
    public List<(Stamp At, IReadOnlyList<Owner>? Value)>? OwnersHistory;
    public List<(Stamp At, IReadOnlyList<Tag>? Value)>? TagsHistory;

    // Every DROP (true) and, once a DROP was seen, every write or create (false), by stamp: whether the dataset was
    // deleted at a moment. Null for a dataset never dropped.
    public List<(Stamp At, bool Dropped)>? Lifecycle;
}
