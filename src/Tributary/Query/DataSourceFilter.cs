namespace Tributary.Query;

/// <summary>Which datasets <c>FindDataSources</c> returns; every criterion set must match, unset ones match all.</summary>
public sealed record DataSourceFilter
{
    /// <summary>A namespace or a glob over namespaces (<c>*</c>, <c>?</c>; case-insensitive), or null.</summary>
    public string? Namespace { get; init; }

    /// <summary>A glob over dataset names, for example <c>*orders*</c> (case-insensitive), or null.</summary>
    public string? NamePattern { get; init; }

    /// <summary>The dataset type (<c>datasetType</c> facet) or source name (<c>dataSource</c> facet), case-insensitive, or null.</summary>
    public string? Type { get; init; }

    /// <summary>The kind of source (repository, file, database, api, stream), or null; see <see cref="Graph.DataSourceTypes"/>.</summary>
    public Graph.DataSourceType? SourceType { get; init; }

    /// <summary>A tag key, or <c>key=value</c>, on the dataset or any of its fields, or null.</summary>
    public string? Tag { get; init; }

    /// <summary>An owner name (exact, case-insensitive; <c>team:</c> or <c>user:</c> prefixes may be left out), or null.</summary>
    public string? Owner { get; init; }

    /// <summary>When true, dropped datasets are returned too (default false).</summary>
    public bool IncludeDeleted { get; init; }
}
