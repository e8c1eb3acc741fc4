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
        api.MapGet("/namespaces/{ns}/datasets", ListDatasets).WithSummary("The datasets of a namespace (limit, offset).");
        api.MapGet("/namespaces/{ns}/datasets/{ds}", GetDatasetAsync).WithSummary("A dataset with its fields, tags, owners and current facets.");
        api.MapGet("/namespaces/{ns}/datasets/{ds}/versions", ListDatasetVersions).WithSummary("The versions of a dataset, newest first.");

        // The same resources by node id, in the query: reaches any name, including '.', '..' and ones a path cannot carry.
        api.MapGet("/dataset", GetDatasetByNodeIdAsync).WithSummary("A dataset by nodeId (dataset:namespace:name), as /namespaces/{ns}/datasets/{ds} answers.");
        api.MapGet("/dataset/versions", ListDatasetVersionsByNodeId).WithSummary("The versions of a dataset by nodeId, newest first.");
        api.MapGet("/tags", ListTags).WithSummary("Every tag on a dataset, field or job.");
        return app;
    }

    internal static Ok<NamespaceList> ListNamespaces(LineageService lineage) => TypedResults.Ok(new NamespaceList(Namespaces(lineage)));

    internal static Results<Ok<NamespaceResource>, ProblemHttpResult> GetNamespace(HttpContext context, string ns, LineageService lineage)
    {
        var name = Paging.Name(context, ns, 4);
        var found = Namespaces(lineage).FirstOrDefault(n => n.Name == name);
        return found is null ? Problems.NotFound($"There is no namespace '{name}'.") : TypedResults.Ok(found);
    }

    internal static Ok<DatasetList> ListDatasets(HttpContext context, string ns, LineageService lineage, int? limit, int? offset)
    {
        var name = Paging.Name(context, ns, 4);
        var datasets = lineage.Graph.GetDatasets().Where(d => d.Id.Namespace == name).ToList();
        return TypedResults.Ok(new DatasetList(datasets.Count, [.. Paging.Page(datasets, limit, offset).Select(DatasetResource.Of)]));
    }

    internal static Task<Results<Ok<DatasetResource>, ProblemHttpResult>> GetDatasetAsync(HttpContext context, string ns, string ds, LineageService lineage, CancellationToken cancellationToken) =>
        DatasetAsync(new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6)), lineage, cancellationToken);

    internal static async Task<Results<Ok<DatasetResource>, ProblemHttpResult>> GetDatasetByNodeIdAsync(string? nodeId, LineageService lineage, CancellationToken cancellationToken) =>
        DatasetOf(nodeId, out var id) is { } problem ? problem : await DatasetAsync(id, lineage, cancellationToken);

    internal static Results<Ok<DatasetVersionList>, ProblemHttpResult> ListDatasetVersionsByNodeId(string? nodeId, LineageService lineage, int? limit, int? offset) =>
        DatasetOf(nodeId, out var id) is { } problem ? problem : DatasetVersions(id, lineage, limit, offset);

    internal static Results<Ok<DatasetVersionList>, ProblemHttpResult> ListDatasetVersions(HttpContext context, string ns, string ds, LineageService lineage, int? limit, int? offset) =>
        DatasetVersions(new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6)), lineage, limit, offset);

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

    private static async Task<Results<Ok<DatasetResource>, ProblemHttpResult>> DatasetAsync(DatasetId id, LineageService lineage, CancellationToken cancellationToken)
    {
        if (lineage.Graph.GetDataset(id) is not { } info)
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var facets = await FacetReader.ReadAsync(lineage, info.Node, cancellationToken);
        return TypedResults.Ok(DatasetResource.Of(info) with { Facets = facets });
    }

    private static Results<Ok<DatasetVersionList>, ProblemHttpResult> DatasetVersions(DatasetId id, LineageService lineage, int? limit, int? offset)
    {
        if (lineage.Graph.GetDataset(id) is null)
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var versions = lineage.Graph.GetDatasetVersions(id).Reverse().ToList();
        var page = Paging.Page(versions, limit, offset).Select(v => new DatasetVersionResource(
            ResourceId.Of(v.Dataset), v.Version, v.FirstSeen,
            [.. v.Schema.Select(f => new FieldResource(f.Name, f.Type, [], f.Description))],
            v.Run.ToString(), ResourceId.Of(v.Job), v.RowCount, v.Bytes, v.LifecycleState));
        return TypedResults.Ok(new DatasetVersionList(versions.Count, [.. page]));
    }

    internal static Ok<TagList> ListTags(LineageService lineage)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var dataset in lineage.Graph.GetDatasets())
        {
            names.UnionWith(Marquez.TagNames(dataset.Tags));
            foreach (var field in dataset.Fields)
            {
                names.UnionWith(Marquez.TagNames(field.Tags));
            }
        }

        foreach (var job in lineage.Graph.GetJobs())
        {
            names.UnionWith(Marquez.TagNames(job.Tags));
        }

        return TypedResults.Ok(new TagList([.. names.Select(n => new TagResource(n, null))]));
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
