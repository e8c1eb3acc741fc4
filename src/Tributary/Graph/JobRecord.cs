using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// What the graph knows about one job; mutated only by the writer under the write lock.
internal sealed class JobRecord(JobId id, int node)
{
    public JobId Id { get; } = id;
    public int Node { get; } = node;
    public long FirstSeen;
    public long LastSeen;
    public string? Sql;
    public string? SqlDialect;
    public string? Description;
    public IReadOnlyList<Owner>? Owners;
    public IReadOnlyList<Tag>? Tags;
    public string? ProcessingType;
    public string? Integration;
    public string? JobType;
    public string? SourceCodeUrl;
    public List<JobVersionRecord>? Versions;
    public List<int>? Runs;
    public Stamp SqlAt, DescriptionAt, OwnersAt, TagsAt, TypeAt, SourceCodeAt;
    public List<FacetNote>? Notes;

    // Earlier values, for answers "as of" a moment (see StateHistory); null while a value never changed.
    public List<(Stamp At, string? Value)>? SqlHistory;
    public List<(Stamp At, IReadOnlyList<Owner>? Value)>? OwnersHistory;
    public List<(Stamp At, IReadOnlyList<Tag>? Value)>? TagsHistory;
}
