using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Marquez's namespace, dataset and tag resources, read from the in-memory graph.</summary>
internal static class DatasetsApi
{
    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Namespaces and datasets");
        api.MapGet("/namespaces", ListNamespaces).WithSummary("Every namespace of a dataset or job.");
        api.MapGet("/namespaces/{ns}", GetNamespace).WithSummary("One namespace.");
        api.MapGet("/namespaces/{ns}/datasets", ListDatasetsAsync).WithSummary("The datasets of a namespace (limit, offset).");
        api.MapGet("/namespaces/{ns}/datasets/{ds}", GetDatasetAsync).WithSummary("A dataset with its fields, tags, owners and current facets; asOf= for its schema, owners and tags at a moment.");
        api.MapGet("/namespaces/{ns}/datasets/{ds}/versions", ListDatasetVersionsAsync).WithSummary("The versions of a dataset, newest first; asOf= for those written by a moment, each with its run's state then.");

        // The same resources by node id, in the query: reaches any name, including '.', '..' and ones a path cannot carry.
        api.MapGet("/dataset", GetDatasetByNodeIdAsync).WithSummary("A dataset by nodeId (dataset:namespace:name), as /namespaces/{ns}/datasets/{ds} answers (asOf= too).");
        api.MapGet("/dataset/versions", ListDatasetVersionsByNodeIdAsync).WithSummary("The versions of a dataset by nodeId, newest first; asOf= for those written by a moment.");
        api.MapGet("/tags", ListTags).WithSummary("Every tag defined (PUT /tags/{tag}) or on a dataset, field or job, with its description (limit, offset).");
        api.MapGet("/namespaces/{ns}/datasets/{ds}/versions/{version}", GetDatasetVersionAsync).WithSummary("One version of a dataset.");
        api.MapDelete("/namespaces/{ns}/datasets/{ds}", DeleteDatasetAsync).WithSummary("Marquez's soft delete: stores an event that drops the dataset (lifecycleStateChange DROP) until it is written again.");
        return app;
    }

    internal static Ok<NamespaceList> ListNamespaces(LineageService lineage) => TypedResults.Ok(new NamespaceList(Namespaces(lineage)));

    internal static Results<Ok<NamespaceResource>, ProblemHttpResult> GetNamespace(HttpContext context, string ns, LineageService lineage)
    {
        var name = Paging.Name(context, ns, 4);
        var found = Namespaces(lineage).FirstOrDefault(n => n.Name == name);
        return found is null ? Problems.NotFound($"There is no namespace '{name}'.") : TypedResults.Ok(found);
    }

    internal static async Task<Ok<DatasetList>> ListDatasetsAsync(HttpContext context, string ns, LineageService lineage, int? limit, int? offset, CancellationToken cancellationToken)
    {
        var name = Paging.Name(context, ns, 4);
        var datasets = lineage.Graph.GetDatasets().Where(d => d.Id.Namespace == name).ToList();
        var page = Paging.Page(datasets, limit, offset);
        var items = new List<DatasetResource>(page.Count);
        foreach (var dataset in page)
        {
            // Marquez's list items carry their facets (the UI's quality column reads dataQualityAssertions from them).
            items.Add(DatasetResource.Of(dataset, lineage.Graph) with { Facets = await FacetReader.ReadAsync(lineage, dataset.Node, cancellationToken) });
        }

        return TypedResults.Ok(new DatasetList(datasets.Count, items));
    }

    internal static Task<Results<Ok<DatasetResource>, ProblemHttpResult>> GetDatasetAsync(HttpContext context, string ns, string ds, LineageService lineage, string? asOf, CancellationToken cancellationToken) =>
        AsOfQuery.AnswerAsync(lineage, asOf, graph => DatasetAsync(new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6)), lineage, graph, cancellationToken));

    internal static async Task<Results<Ok<DatasetResource>, ProblemHttpResult>> GetDatasetByNodeIdAsync(string? nodeId, LineageService lineage, string? asOf, CancellationToken cancellationToken) =>
        DatasetOf(nodeId, out var id) is { } problem ? problem : await AsOfQuery.AnswerAsync(lineage, asOf, graph => DatasetAsync(id, lineage, graph, cancellationToken));

    internal static async Task<Results<Ok<DatasetVersionList>, ProblemHttpResult>> ListDatasetVersionsByNodeIdAsync(string? nodeId, LineageService lineage, int? limit, int? offset, string? asOf, CancellationToken cancellationToken) =>
        DatasetOf(nodeId, out var id) is { } problem ? problem : await AsOfQuery.AnswerAsync(lineage, asOf, graph => DatasetVersionsAsync(id, lineage, graph, limit, offset, cancellationToken));

    internal static Task<Results<Ok<DatasetVersionList>, ProblemHttpResult>> ListDatasetVersionsAsync(HttpContext context, string ns, string ds, LineageService lineage, int? limit, int? offset, string? asOf, CancellationToken cancellationToken) =>
        AsOfQuery.AnswerAsync(lineage, asOf, graph => DatasetVersionsAsync(new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6)), lineage, graph, limit, offset, cancellationToken));

    // The dataset a nodeId names (a dataset: or datasetField: id), or the problem with it.
    private static ProblemHttpResult? DatasetOf(string? nodeId, out DatasetId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(nodeId))
        {
            return Problems.BadRequest("nodeId is required: a dataset node id such as dataset:namespace:name.");
        }

        if (!NodeId.TryParse(nodeId, out var node, out var error) || node.Kind is not (NodeKind.Dataset or NodeKind.DatasetField))
        {
            return Problems.BadRequest(node.Kind is NodeKind.Job or NodeKind.Run ? $"nodeId '{nodeId}' is not a dataset." : error);
        }

        id = node.AsDataset();
        return null;
    }

    // `graph` is the service's graph, or that graph as of the moment asked (asOf=): then a dataset created later is not
    // found, and only the versions written by then are listed, each with its run's state then.
    private static async Task<Results<Ok<DatasetResource>, ProblemHttpResult>> DatasetAsync(DatasetId id, LineageService lineage, Tributary.Graph.LineageGraph graph, CancellationToken cancellationToken)
    {
        if (graph.GetDataset(id) is not { } info)
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var facets = await FacetReader.ReadAsync(lineage, info.Node, cancellationToken);
        return TypedResults.Ok(DatasetResource.Of(info, graph) with { Facets = facets });
    }

    private static async Task<Results<Ok<DatasetVersionList>, ProblemHttpResult>> DatasetVersionsAsync(DatasetId id, LineageService lineage, Tributary.Graph.LineageGraph graph, int? limit, int? offset, CancellationToken cancellationToken)
    {
        if (graph.GetDataset(id) is not { } dataset)
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var versions = graph.GetDatasetVersions(id).Reverse().ToList();
        var page = Paging.Page(versions, limit, offset);
        var items = new List<DatasetVersionResource>(page.Count);
        foreach (var version in page)
        {
            items.Add(await VersionAsync(lineage, graph, dataset, version, cancellationToken));
        }

        return TypedResults.Ok(new DatasetVersionList(versions.Count, items));
    }

    internal static async Task<Results<Ok<DatasetVersionResource>, ProblemHttpResult>> GetDatasetVersionAsync(HttpContext context, string ns, string ds, string version, LineageService lineage, CancellationToken cancellationToken)
    {
        var id = new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6));
        if (lineage.Graph.GetDataset(id) is not { } dataset)
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var found = lineage.Graph.GetDatasetVersions(id).FirstOrDefault(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase));
        return found is null
            ? Problems.NotFound($"Dataset '{id.Name}' in namespace '{id.Namespace}' has no version '{(version.Length <= 80 ? version : version[..77] + "...")}'.")
            : TypedResults.Ok(await VersionAsync(lineage, lineage.Graph, dataset, found, cancellationToken));
    }

    internal static async Task<Results<Ok<DatasetResource>, ProblemHttpResult>> DeleteDatasetAsync(
        HttpContext context, string ns, string ds, LineageService lineage, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6));
        if (lineage.Graph.GetDataset(id) is not { Deleted: false })
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        if (await LineageWrites.IngestAsync(lineage, LineageWrites.DropDataset(id, time.GetUtcNow()), cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Ok(DatasetResource.Of(lineage.Graph.GetDataset(id)!));
    }

    // A version in Marquez's shape, with the run that wrote it and the facets it was written with.
    private static async Task<DatasetVersionResource> VersionAsync(LineageService lineage, Tributary.Graph.LineageGraph graph, Tributary.Graph.DatasetInfo dataset, Tributary.Graph.DatasetVersionInfo v, CancellationToken cancellationToken) => new(
        new DatasetVersionId(v.Dataset.Namespace, v.Dataset.Name, v.Version), v.Version, v.FirstSeen,
        [.. v.Schema.Select(f => new FieldResource(f.Name, f.Type, [], f.Description))],
        v.Run.ToString(), ResourceId.Of(v.Job), v.RowCount, v.Bytes, v.LifecycleState)
    {
        Name = v.Dataset.Name,
        Namespace = v.Dataset.Namespace,
        PhysicalName = v.Dataset.Name,
        Type = "DB_TABLE",
        SourceName = dataset.SourceName ?? dataset.Id.Namespace,
        Description = dataset.Description,
        Tags = Marquez.TagNames(dataset.Tags),
        CreatedByRun = graph.GetRun(v.Run) is { } run ? RunResource.Of(run) : null,
        Facets = v.Written is { } written ? await FacetReader.ReadOutputAsync(lineage, written, cancellationToken) : new SortedDictionary<string, JsonElement>(),
    };

    // Tags defined with a description and tags in use, by name (Marquez's limit, default 100, and offset).
    internal static Ok<TagList> ListTags(LineageService lineage, int? limit, int? offset)
    {
        var tags = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var dataset in lineage.Graph.GetDatasets())
        {
            Use(tags, Marquez.TagNames(dataset.Tags));
            foreach (var field in dataset.Fields)
            {
                Use(tags, Marquez.TagNames(field.Tags));
            }
        }

        foreach (var job in lineage.Graph.GetJobs())
        {
            Use(tags, Marquez.TagNames(job.Tags));
        }

        foreach (var definition in lineage.Graph.GetTagDefinitions())
        {
            tags[definition.Name] = definition.Description;
        }

        return TypedResults.Ok(new TagList([.. Paging.Page(tags, limit, offset).Select(t => new TagResource(t.Key, t.Value))]));
    }

    private static void Use(SortedDictionary<string, string?> tags, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            tags.TryAdd(name, null);
        }
    }

    private static List<NamespaceResource> Namespaces(LineageService lineage)
    {
        var map = new SortedDictionary<string, (DateTimeOffset First, DateTimeOffset Last, int Datasets, int Jobs)>(StringComparer.Ordinal);
        void Add(string ns, DateTimeOffset first, DateTimeOffset last, int datasets, int jobs)
        {
            map[ns] = map.TryGetValue(ns, out var n)
                ? (first < n.First ? first : n.First, last > n.Last ? last : n.Last, n.Datasets + datasets, n.Jobs + jobs)
                : (first, last, datasets, jobs);
        }

        foreach (var dataset in lineage.Graph.GetDatasets())
        {
            Add(dataset.Id.Namespace, dataset.FirstSeen, dataset.LastSeen, 1, 0);
        }

        foreach (var job in lineage.Graph.GetJobs())
        {
            Add(job.Id.Namespace, job.FirstSeen, job.LastSeen, 0, 1);
        }

        return [.. map.Select(p => new NamespaceResource(p.Key, p.Value.First, p.Value.Last, "anonymous", null, false, p.Value.Datasets, p.Value.Jobs))];
    }
}
