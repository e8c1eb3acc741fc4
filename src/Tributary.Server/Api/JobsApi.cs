using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Marquez's job and run resources, read from the in-memory graph (facets from the store).</summary>
internal static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Jobs and runs");
        api.MapGet("/jobs", ListAllJobs).WithSummary("Every job (limit, offset).");
        api.MapGet("/namespaces/{ns}/jobs", ListJobs).WithSummary("The jobs of a namespace (limit, offset).");
        api.MapGet("/namespaces/{ns}/jobs/{job}", GetJobAsync).WithSummary("A job with its latest run, SQL, owners and current facets.");
        api.MapGet("/namespaces/{ns}/jobs/{job}/versions", ListJobVersions).WithSummary("The versions of a job, newest first.");
        api.MapGet("/namespaces/{ns}/jobs/{job}/runs", ListRuns).WithSummary("The runs of a job, newest first (limit, offset).");
        api.MapGet("/job", GetJobByNodeIdAsync).WithSummary("A job by nodeId (job:namespace:name), as /namespaces/{ns}/jobs/{job} answers; reaches any name.");
        api.MapGet("/job/runs", ListRunsByNodeId).WithSummary("The runs of a job by nodeId, newest first (limit, offset).");
        api.MapGet("/jobs/runs/{id}", GetRunAsync).WithSummary("A run with its state, timing, datasets and facets.");
        api.MapGet("/jobs/runs/{id}/facets", GetRunFacetsAsync).WithSummary("A run's current facets, as sent.");
        return app;
    }

    internal static Ok<JobList> ListAllJobs(LineageService lineage, int? limit, int? offset) => Jobs(lineage, null, limit, offset);

    internal static Ok<JobList> ListJobs(HttpContext context, string ns, LineageService lineage, int? limit, int? offset) => Jobs(lineage, Paging.Name(context, ns, 4), limit, offset);

    internal static Task<Results<Ok<JobResource>, ProblemHttpResult>> GetJobAsync(HttpContext context, string ns, string job, LineageService lineage, CancellationToken cancellationToken) =>
        JobAsync(new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6)), lineage, cancellationToken);

    internal static async Task<Results<Ok<JobResource>, ProblemHttpResult>> GetJobByNodeIdAsync(string? nodeId, LineageService lineage, CancellationToken cancellationToken) =>
        JobOf(nodeId, out var id) is { } problem ? problem : await JobAsync(id, lineage, cancellationToken);

    internal static Results<Ok<RunList>, ProblemHttpResult> ListRunsByNodeId(string? nodeId, LineageService lineage, int? limit, int? offset) =>
        JobOf(nodeId, out var id) is { } problem ? problem : Runs(id, lineage, limit, offset);

    // The job a nodeId names, or the problem with it.
    private static ProblemHttpResult? JobOf(string? nodeId, out JobId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(nodeId))
        {
            return Problems.BadRequest("nodeId is required: a job node id such as job:namespace:name.");
        }

        if (!NodeId.TryParse(nodeId, out var node, out var error) || node.Kind != NodeKind.Job)
        {
            return Problems.BadRequest(node.Kind is NodeKind.Dataset or NodeKind.DatasetField or NodeKind.Run ? $"nodeId '{nodeId}' is not a job." : error);
        }

        id = node.AsJob();
        return null;
    }

    private static async Task<Results<Ok<JobResource>, ProblemHttpResult>> JobAsync(JobId id, LineageService lineage, CancellationToken cancellationToken)
    {
        if (lineage.Graph.GetJob(id) is not { } info)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var facets = await FacetReader.ReadAsync(lineage, info.Node, cancellationToken);
        return TypedResults.Ok(JobResource.Of(info, lineage.Graph.GetRuns(id).LastOrDefault()) with { Facets = facets });
    }

    internal static Results<Ok<JobVersionList>, ProblemHttpResult> ListJobVersions(HttpContext context, string ns, string job, LineageService lineage, int? limit, int? offset)
    {
        var id = new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6));
        if (lineage.Graph.GetJob(id) is null)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var versions = lineage.Graph.GetJobVersions(id).Reverse().ToList();
        var page = Paging.Page(versions, limit, offset).Select(v => new JobVersionResource(
            ResourceId.Of(v.Job), v.Version.ToString("D"), v.FirstSeen, v.LastSeen,
            [.. v.Inputs.Select(ResourceId.Of)], [.. v.Outputs.Select(ResourceId.Of)], v.RunCount));
        return TypedResults.Ok(new JobVersionList(versions.Count, [.. page]));
    }

    internal static Results<Ok<RunList>, ProblemHttpResult> ListRuns(HttpContext context, string ns, string job, LineageService lineage, int? limit, int? offset) =>
        Runs(new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6)), lineage, limit, offset);

    private static Results<Ok<RunList>, ProblemHttpResult> Runs(JobId id, LineageService lineage, int? limit, int? offset)
    {
        if (lineage.Graph.GetJob(id) is null)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var runs = lineage.Graph.GetRuns(id).Reverse().ToList();
        return TypedResults.Ok(new RunList(runs.Count, [.. Paging.Page(runs, limit, offset).Select(RunResource.Of)]));
    }

    internal static async Task<Results<Ok<RunResource>, ProblemHttpResult>> GetRunAsync(string id, LineageService lineage, CancellationToken cancellationToken)
    {
        if (!RunId.TryParse(id, out var runId))
        {
            return Problems.BadRequest($"'{id}' is not a run id (a UUID).");
        }

        if (lineage.Graph.GetRun(runId) is not { } run)
        {
            return Problems.NotFound($"There is no run '{id}'.");
        }

        var facets = await FacetReader.ReadAsync(lineage, NodeId.From(runId), cancellationToken);
        return TypedResults.Ok(RunResource.Of(run) with { Facets = facets });
    }

    internal static async Task<Results<Ok<RunFacets>, ProblemHttpResult>> GetRunFacetsAsync(string id, LineageService lineage, CancellationToken cancellationToken)
    {
        if (!RunId.TryParse(id, out var runId))
        {
            return Problems.BadRequest($"'{id}' is not a run id (a UUID).");
        }

        if (lineage.Graph.GetRun(runId) is null)
        {
            return Problems.NotFound($"There is no run '{id}'.");
        }

        var facets = await FacetReader.ReadAsync(lineage, NodeId.From(runId), cancellationToken);
        return TypedResults.Ok(new RunFacets(runId.ToString(), facets));
    }

    private static Ok<JobList> Jobs(LineageService lineage, string? ns, int? limit, int? offset)
    {
        var jobs = lineage.Graph.GetJobs().Where(j => ns is null || j.Id.Namespace == ns).ToList();
        var page = Paging.Page(jobs, limit, offset).Select(j => JobResource.Of(j, lineage.Graph.GetRuns(j.Id).LastOrDefault()));
        return TypedResults.Ok(new JobList(jobs.Count, [.. page]));
    }
}
