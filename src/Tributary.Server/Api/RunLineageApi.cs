using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// Marquez's <c>/runlineage/upstream</c>: the runs a run depends on, through the dataset versions it read. The version
/// a run read is the newest version of the dataset first seen before the run started (else the oldest); the run that
/// wrote that version is its producer, and is followed in turn, to <c>depth</c> runs away (default 20).
/// </summary>
internal static class RunLineageApi
{
    public static IEndpointRouteBuilder MapRunLineageApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Lineage graph")
            .MapGet("/runlineage/upstream", Upstream)
            .WithSummary("The runs upstream of runId, nearest first, each with its job version and the dataset versions it read and who produced them (depth, default 20).");
        return app;
    }

    internal static Results<Ok<UpstreamRunLineage>, ProblemHttpResult> Upstream(string? runId, int? depth, LineageService lineage)
    {
        if (!RunId.TryParse(runId, out var id))
        {
            return Problems.BadRequest($"runId is required: a run id (a UUID){(runId is null ? "" : $", not '{(runId.Length <= 80 ? runId : runId[..77] + "...")}'")}.");
        }

        if (depth is < 0 or > 1000)
        {
            return Problems.BadRequest("depth is between 0 and 1000.");
        }

        if (lineage.Graph.GetRun(id) is not { } start)
        {
            return Problems.NotFound($"There is no run '{runId}'.");
        }

        var runs = new List<UpstreamRun>();
        var seen = new HashSet<RunId> { id };
        var level = new List<RunInfo> { start };
        for (var distance = 0; level.Count > 0 && distance <= (depth ?? 20); distance++)
        {
            var next = new List<RunInfo>();
            foreach (var run in level)
            {
                var inputs = new List<UpstreamInput>();
                foreach (var input in run.Inputs)
                {
                    var version = RunResource.DatasetVersionRead(lineage.Graph.GetDatasetVersions(input.Dataset), run.StartedAt);
                    inputs.Add(new UpstreamInput(input.Dataset.Namespace, input.Dataset.Name, version?.Version, version?.Run.ToString()));
                    if (version is not null && seen.Add(version.Run) && lineage.Graph.GetRun(version.Run) is { } producer)
                    {
                        next.Add(producer);
                    }
                }

                runs.Add(new UpstreamRun(
                    new UpstreamJob(run.Job.Namespace, run.Job.Name, run.JobVersion?.ToString("D")),
                    new UpstreamRunInfo(run.Id.ToString(), run.StartedAt, run.EndedAt, Marquez.State(run.State)),
                    inputs));
            }

            level = next;
        }

        return TypedResults.Ok(new UpstreamRunLineage(runs));
    }

}

/// <summary>Marquez's <c>UpstreamRunLineage</c>.</summary>
/// <param name="Runs">The run asked for, then the runs upstream of it, nearest first.</param>
public sealed record UpstreamRunLineage(IReadOnlyList<UpstreamRun> Runs);

/// <summary>One run of an <see cref="UpstreamRunLineage"/>.</summary>
/// <param name="Job">Its job version.</param>
/// <param name="Run">The run.</param>
/// <param name="Inputs">The dataset versions it read and the runs that produced them.</param>
public sealed record UpstreamRun(UpstreamJob Job, UpstreamRunInfo Run, IReadOnlyList<UpstreamInput> Inputs);

/// <summary>A job version: namespace, name and version (null before the run finished).</summary>
/// <param name="Namespace">The job's namespace.</param>
/// <param name="Name">The job's name.</param>
/// <param name="Version">The job version the run finished with, or null.</param>
public sealed record UpstreamJob(string Namespace, string Name, string? Version);

/// <summary>A run's id, times and state.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Start">When it started.</param>
/// <param name="End">When it ended, or null.</param>
/// <param name="Status">Marquez's run state (COMPLETED, FAILED, ...).</param>
public sealed record UpstreamRunInfo(string Id, DateTimeOffset Start, DateTimeOffset? End, string Status);

/// <summary>A dataset version a run read.</summary>
/// <param name="Namespace">The dataset's namespace.</param>
/// <param name="Name">The dataset's name.</param>
/// <param name="Version">The version read, or null when no run wrote the dataset.</param>
/// <param name="ProducedByRunId">The run that wrote that version, or null.</param>
public sealed record UpstreamInput(string Namespace, string Name, string? Version, string? ProducedByRunId);
