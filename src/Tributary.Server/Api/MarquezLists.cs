namespace Tributary.Server.Api;

/// <summary>Namespaces.</summary>
/// <param name="Namespaces">Sorted by name.</param>
public sealed record NamespaceList(IReadOnlyList<NamespaceResource> Namespaces);

/// <summary>A page of datasets.</summary>
/// <param name="TotalCount">Datasets in all pages.</param>
/// <param name="Datasets">This page, sorted by id.</param>
public sealed record DatasetList(int TotalCount, IReadOnlyList<DatasetResource> Datasets);

/// <summary>A page of dataset versions.</summary>
/// <param name="TotalCount">Versions in all pages.</param>
/// <param name="Versions">This page, newest first.</param>
public sealed record DatasetVersionList(int TotalCount, IReadOnlyList<DatasetVersionResource> Versions);

/// <summary>A page of jobs.</summary>
/// <param name="TotalCount">Jobs in all pages.</param>
/// <param name="Jobs">This page, sorted by id.</param>
public sealed record JobList(int TotalCount, IReadOnlyList<JobResource> Jobs);

/// <summary>A page of job versions.</summary>
/// <param name="TotalCount">Versions in all pages.</param>
/// <param name="Versions">This page, newest first.</param>
public sealed record JobVersionList(int TotalCount, IReadOnlyList<JobVersionResource> Versions);

/// <summary>A page of runs.</summary>
/// <param name="TotalCount">Runs in all pages.</param>
/// <param name="Runs">This page, newest first.</param>
public sealed record RunList(int TotalCount, IReadOnlyList<RunResource> Runs);

/// <summary>A run's facets.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Facets">Its current facets, as sent.</param>
public sealed record RunFacets(string RunId, IReadOnlyDictionary<string, System.Text.Json.JsonElement> Facets);

/// <summary>Search hits.</summary>
/// <param name="TotalCount">Hits in all pages.</param>
/// <param name="Results">This page.</param>
public sealed record SearchResults(int TotalCount, IReadOnlyList<SearchResult> Results);

/// <summary>Tags in use.</summary>
/// <param name="Tags">Sorted by name.</param>
public sealed record TagList(IReadOnlyList<TagResource> Tags);

/// <summary>A page of raw lineage events.</summary>
/// <param name="Events">The events as received.</param>
/// <param name="TotalCount">Events in the time window.</param>
public sealed record EventList(IReadOnlyList<System.Text.Json.JsonElement> Events, int TotalCount);
