using System.Text.Json.Serialization;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>What the graph knows about a dataset now: its description, owners, tags, fields and state.</summary>
/// <param name="Id">The dataset's canonical identity (aliases resolve to it).</param>
public sealed record DatasetInfo(DatasetId Id)
{
    /// <summary>The dataset's node id.</summary>
    public NodeId Node => NodeId.From(Id);

    /// <summary>The <c>datasetType</c> facet's type (TABLE, VIEW, TOPIC, ...), or null.</summary>
    public string? Type { get; init; }

    /// <summary>What kind of source this is (repository, file, database, api, stream), from its type facet or namespace scheme.</summary>
    public DataSourceType SourceType => DataSourceTypes.Of(Type, Id.Namespace, SourceUri);

    /// <summary>Where the data is: the <c>dataSource</c> facet's URI when sent, otherwise the namespace.</summary>
    [JsonIgnore] // SourceUri and the id already say it
    public string Location => SourceUri ?? Id.Namespace;

    /// <summary>The <c>dataSource</c> facet's name, or null.</summary>
    public string? SourceName { get; init; }

    /// <summary>The <c>dataSource</c> facet's URI, or null.</summary>
    public string? SourceUri { get; init; }

    /// <summary>The <c>documentation</c> facet's description, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The owners from the latest <c>ownership</c> facet.</summary>
    public IReadOnlyList<Owner> Owners { get; init; } = [];

    /// <summary>The dataset-level tags from the latest <c>tags</c> facet (field-level tags are on <see cref="Fields"/>).</summary>
    public IReadOnlyList<Tag> Tags { get; init; } = [];

    /// <summary>
    /// Tags that reached this dataset or its fields along lineage (each with its origin and path), when a search by
    /// tag asked; null otherwise.
    /// </summary>
    public IReadOnlyList<Query.Classification>? PropagatedTags { get; init; }

    /// <summary>The fields known from schemas and column lineage, sorted by name.</summary>
    public IReadOnlyList<FieldInfo> Fields { get; init; } = [];

    /// <summary>True when a <c>lifecycleStateChange</c> DROP removed the dataset and nothing wrote it since.</summary>
    public bool Deleted { get; init; }

    /// <summary>The last lifecycle state change reported (CREATE, ALTER, DROP, RENAME, ...), or null.</summary>
    public string? LifecycleState { get; init; }

    /// <summary>When any event first mentioned the dataset.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>When any event last mentioned the dataset.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>When a run last wrote the dataset (a FAIL or ABORT does not count), or null if none ever did.</summary>
    public DateTimeOffset? LastWritten { get; init; }

    /// <summary>Other identities that resolve to this dataset (symlinks, earlier names before a RENAME).</summary>
    public IReadOnlyList<DatasetId> Aliases { get; init; } = [];

    /// <summary>How many versions (writes by distinct runs) the dataset has.</summary>
    public int VersionCount { get; init; }

    /// <summary>The run that wrote the latest of those versions (its state, times and the rows it wrote here), or null when no run wrote the dataset.</summary>
    public LastRunInfo? LastRun { get; init; }
}
