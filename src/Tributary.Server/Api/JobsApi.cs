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
        api.MapGet("/jobs", ListAllJobs).WithSummary("Every job (limit, offset; asOf= for the jobs and their latest runs at a moment).");
        api.MapGet("/namespaces/{ns}/jobs", ListJobs).WithSummary("The jobs of a namespace (limit, offset; asOf= for the jobs and their latest runs at a moment).");
        api.MapGet("/namespaces/{ns}/jobs/{job}", GetJobAsync).WithSummary("A job with its latest run, SQL, owners and current facets; asOf= for the job as it stood at a moment.");
        api.MapGet("/namespaces/{ns}/jobs/{job}/versions", ListJobVersions).WithSummary("The versions of a job, newest first.");
        api.MapGet("/namespaces/{ns}/jobs/{job}/runs", ListRunsAsync).WithSummary("The runs of a job, newest first (limit, offset); asOf= for the runs begun by a moment, each in its state then.");
        api.MapGet("/job", GetJobByNodeIdAsync).WithSummary("A job by nodeId (job:namespace:name), as /namespaces/{ns}/jobs/{job} answers; reaches any name.");
        api.MapGet("/job/runs", ListRunsByNodeIdAsync).WithSummary("The runs of a job by nodeId, newest first (limit, offset; asOf= as the runs list).");
        api.MapGet("/jobs/runs/{id}", GetRunAsync).WithSummary("A run with its state, timing, datasets and facets.");
        api.MapGet("/jobs/runs/{id}/facets", GetRunFacetsAsync).WithSummary("A run's current facets, as sent; type=job gives its job's facets instead.");
        api.MapGet("/namespaces/{ns}/jobs/{job}/versions/{version}", GetJobVersion).WithSummary("One version of a job.");
        api.MapDelete("/namespaces/{ns}/jobs/{job}", DeleteJobAsync).WithSummary("Marquez's soft delete: stores an event that drops the job (and the lineage through it) until it runs again.");
        return app;
    }

    internal static Results<Ok<JobList>, ProblemHttpResult> ListAllJobs(LineageService lineage, int? limit, int? offset, string? runState, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var bad) ? bad! : Jobs(engine.Graph, null, limit, offset, runState);

    internal static Results<Ok<JobList>, ProblemHttpResult> ListJobs(HttpContext context, string ns, LineageService lineage, int? limit, int? offset, string? runState, string? asOf) =>
        !AsOfQuery.TryEngine(lineage, asOf, out var engine, out var bad) ? bad! : Jobs(engine.Graph, Paging.Name(context, ns, 4), limit, offset, runState);

    internal static async Task<Results<Ok<JobResource>, ProblemHttpResult>> GetJobByNodeIdAsync(string? nodeId, LineageService lineage, string? asOf, CancellationToken cancellationToken) =>
        JobOf(nodeId, out var id) is { } problem ? problem : await AsOfQuery.AnswerAsync(lineage, asOf, graph => JobAsync(id, lineage, graph, cancellationToken));

    internal static async Task<Results<Ok<RunList>, ProblemHttpResult>> ListRunsByNodeIdAsync(string? nodeId, LineageService lineage, int? limit, int? offset, string? asOf, CancellationToken cancellationToken) =>
        JobOf(nodeId, out var id) is { } problem ? problem : await AsOfQuery.AnswerAsync(lineage, asOf, graph => RunsAsync(id, lineage, graph, limit, offset, cancellationToken));

    internal static Task<Results<Ok<JobResource>, ProblemHttpResult>> GetJobAsync(HttpContext context, string ns, string job, LineageService lineage, string? asOf, CancellationToken cancellationToken) =>
        AsOfQuery.AnswerAsync(lineage, asOf, graph => JobAsync(new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6)), lineage, graph, cancellationToken));

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

    // `graph` is the service's graph, or that graph as of the moment asked (asOf=): then a job first seen later is not
    // found, and only the runs begun by then are listed, each in its state then.
    private static async Task<Results<Ok<JobResource>, ProblemHttpResult>> JobAsync(JobId id, LineageService lineage, Tributary.Graph.LineageGraph graph, CancellationToken cancellationToken)
    {
        if (graph.GetJob(id) is not { } info)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var facets = await FacetReader.ReadAsync(lineage, info.Node, cancellationToken);
        return TypedResults.Ok(JobResource.Of(info, graph.GetRuns(id)) with { Facets = facets });
    }

    internal static Results<Ok<JobVersionList>, ProblemHttpResult> ListJobVersions(HttpContext context, string ns, string job, LineageService lineage, int? limit, int? offset)
    {
        var id = new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6));
        if (lineage.Graph.GetJob(id) is null)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var versions = lineage.Graph.GetJobVersions(id).Reverse().ToList();
        var page = Paging.Page(versions, limit, offset).Select(JobVersionResource.Of);
        return TypedResults.Ok(new JobVersionList(versions.Count, [.. page]));
    }

    internal static Task<Results<Ok<RunList>, ProblemHttpResult>> ListRunsAsync(HttpContext context, string ns, string job, LineageService lineage, int? limit, int? offset, string? asOf, CancellationToken cancellationToken) =>
        AsOfQuery.AnswerAsync(lineage, asOf, graph => RunsAsync(new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6)), lineage, graph, limit, offset, cancellationToken));

    private static async Task<Results<Ok<RunList>, ProblemHttpResult>> RunsAsync(JobId id, LineageService lineage, Tributary.Graph.LineageGraph graph, int? limit, int? offset, CancellationToken cancellationToken)
    {
        if (graph.GetJob(id) is null)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var runs = graph.GetRuns(id).Reverse().ToList();
        var page = Paging.Page(runs, limit, offset);
        var items = new List<RunResource>(page.Count);
        foreach (var run in page)
        {
            // Marquez's run list items carry their facets (the UI's run panels read them); a page reads its own runs' events only.
            items.Add(RunResource.Of(run, graph) with { Facets = await FacetReader.ReadAsync(lineage, NodeId.From(run.Id), cancellationToken) });
        }

        return TypedResults.Ok(new RunList(runs.Count, items));
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
        return TypedResults.Ok(RunResource.Of(run, lineage.Graph) with { Facets = facets });
    }

    internal static async Task<Results<Ok<RunFacets>, ProblemHttpResult>> GetRunFacetsAsync(string id, string? type, LineageService lineage, CancellationToken cancellationToken)
    {
        if (!RunId.TryParse(id, out var runId))
        {
            return Problems.BadRequest($"'{id}' is not a run id (a UUID).");
        }

        if (type is not (null or "run" or "job"))
        {
            return Problems.BadRequest($"type is 'run' (the run's facets, the default) or 'job' (its job's facets), not '{(type.Length <= 40 ? type : type[..37] + "...")}'.");
        }

        if (lineage.Graph.GetRun(runId) is not { } run)
        {
            return Problems.NotFound($"There is no run '{id}'.");
        }

        // Marquez's UI asks type=job for the job's SQL and source code of the run's job.
        var facets = await FacetReader.ReadAsync(lineage, type == "job" ? NodeId.From(run.Job) : NodeId.From(runId), cancellationToken);
        return TypedResults.Ok(new RunFacets(runId.ToString(), facets));
    }

    private static Results<Ok<JobList>, ProblemHttpResult> Jobs(Tributary.Graph.LineageGraph graph, string? ns, int? limit, int? offset, string? runState)
    {
        if (runState is not (null or "NEW" or "RUNNING" or "COMPLETED" or "ABORTED" or "FAILED" or "OTHER"))
        {
            return Problems.BadRequest($"runState is one of NEW, RUNNING, COMPLETED, ABORTED, FAILED, OTHER; not '{(runState.Length <= 40 ? runState : runState[..37] + "...")}'.");
        }

        // A dropped job is gone from the lists, as Marquez's soft delete hides it, until it runs again.
        var jobs = graph.GetJobs()
            .Where(j => !j.Deleted && (ns is null || j.Id.Namespace == ns))
            .Select(j => (Job: j, Runs: graph.GetRuns(j.Id)))
            .Where(j => runState is null || (j.Runs.Count > 0 && Marquez.State(j.Runs[^1].State) == runState))
            .ToList();
        var page = Paging.Page(jobs, limit, offset).Select(j => JobResource.Of(j.Job, j.Runs));
        return TypedResults.Ok(new JobList(jobs.Count, [.. page]));
    }

    internal static Results<Ok<JobVersionResource>, ProblemHttpResult> GetJobVersion(HttpContext context, string ns, string job, string version, LineageService lineage)
    {
        var id = new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6));
        if (lineage.Graph.GetJob(id) is null)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var found = lineage.Graph.GetJobVersions(id).FirstOrDefault(v => string.Equals(v.Version.ToString("D"), version, StringComparison.OrdinalIgnoreCase));
        return found is null
            ? Problems.NotFound($"Job '{id.Name}' in namespace '{id.Namespace}' has no version '{(version.Length <= 80 ? version : version[..77] + "...")}'.")
            : TypedResults.Ok(JobVersionResource.Of(found));
    }

    internal static async Task<Results<Ok<JobResource>, ProblemHttpResult>> DeleteJobAsync(
        HttpContext context, string ns, string job, LineageService lineage, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6));
        if (lineage.Graph.GetJob(id) is not { Deleted: false } info)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        if (await LineageWrites.IngestAsync(lineage, LineageWrites.DropJob(id, time.GetUtcNow()), cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Ok(JobResource.Of(lineage.Graph.GetJob(id) ?? info, lineage.Graph.GetRuns(id)));
    }
}
