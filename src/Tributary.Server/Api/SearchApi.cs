using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Json;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Search over datasets, jobs and fields, and Marquez's raw lineage-event listing.</summary>
internal static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Search and events");
        api.MapGet("/search", Search)
            .WithSummary("Datasets and jobs (and with filter=field or fields=true, fields) whose name contains q, case-insensitively.");
        // Marquez's Python client lists events at /events; the same listing answers there.
        api.MapGet("/events", ListEventsAsync).WithSummary("The same as /events/lineage (where Marquez's Python client looks).");
        api.MapGet("/events/lineage", ListEventsAsync)
            .WithSummary("Raw events by event time: after, before (ISO 8601), sortDirection (asc|desc, default desc), limit, offset.");
        return app;
    }

    internal static Results<Ok<SearchResults>, ProblemHttpResult> Search(
        LineageService lineage, string? q, string? filter, string? sort, int? limit, string? @namespace, bool? fields)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return Problems.BadRequest("q is required: the text to look for in names.");
        }

        filter = filter?.ToLowerInvariant();
        if (filter is not (null or "" or "dataset" or "job" or "field"))
        {
            return Problems.BadRequest($"filter '{filter}' is not one of dataset, job, field.");
        }

        bool Matches(string ns, string name) =>
            (@namespace is null || ns == @namespace)
            && (name.Contains(q, StringComparison.OrdinalIgnoreCase) || ns.Contains(q, StringComparison.OrdinalIgnoreCase));

        var results = new List<SearchResult>();
        var wantFields = filter == "field" || (fields == true && filter is null or "");
        if (filter is null or "" or "dataset" or "field")
        {
            foreach (var dataset in lineage.Graph.GetDatasets())
            {
                if (filter != "field" && Matches(dataset.Id.Namespace, dataset.Id.Name))
                {
                    results.Add(new SearchResult("DATASET", dataset.Id.Name, dataset.LastSeen, dataset.Id.Namespace, dataset.Node.ToString()));
                }

                if (wantFields)
                {
                    foreach (var field in dataset.Fields)
                    {
                        if ((@namespace is null || dataset.Id.Namespace == @namespace) && field.Id.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                        {
                            results.Add(new SearchResult("FIELD", dataset.Id.Name + "." + field.Id.Name, dataset.LastSeen, dataset.Id.Namespace, field.Node.ToString()));
                        }
                    }
                }
            }
        }

        if (filter is null or "" or "job")
        {
            foreach (var job in lineage.Graph.GetJobs())
            {
                if (Matches(job.Id.Namespace, job.Id.Name))
                {
                    results.Add(new SearchResult("JOB", job.Id.Name, job.LastSeen, job.Id.Namespace, job.Node.ToString()));
                }
            }
        }

        // Exact and prefix matches first, so typing a full name finds it at the top.
        IEnumerable<SearchResult> ordered = string.Equals(sort, "updated_at", StringComparison.OrdinalIgnoreCase)
            ? results.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.NodeId, StringComparer.Ordinal)
            : results.OrderBy(r => Rank(r.Name, q)).ThenBy(r => r.Name.Length).ThenBy(r => r.NodeId, StringComparer.Ordinal);
        return TypedResults.Ok(new SearchResults(results.Count, Paging.Page(ordered, limit ?? 10, 0)));
    }

    private static int Rank(string name, string q) =>
        string.Equals(name, q, StringComparison.OrdinalIgnoreCase) ? 0
        : name.StartsWith(q, StringComparison.OrdinalIgnoreCase) ? 1
        : name.EndsWith(q, StringComparison.OrdinalIgnoreCase) ? 2 : 3;

    internal static async Task<Results<Ok<EventList>, ProblemHttpResult>> ListEventsAsync(
        LineageService lineage, DateTimeOffset? after, DateTimeOffset? before, string? sortDirection, int? limit, int? offset, CancellationToken cancellationToken)
    {
        var descending = !string.Equals(sortDirection, "asc", StringComparison.OrdinalIgnoreCase);
        if (descending && sortDirection is not null && !string.Equals(sortDirection, "desc", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest($"sortDirection '{sortDirection}' is not asc or desc.");
        }

        var from = after ?? DateTimeOffset.MinValue;
        var until = before ?? DateTimeOffset.MaxValue;

        // One page costs what the page holds, not what the store holds: the store picks the page's events by their
        // times (row-group statistics and page indexes in the lake, its record index in the log) before reading any.
        var page = await lineage.Store.ReadPageByEventTimeAsync(
            from, until, descending, Math.Max(0, offset ?? 0), Math.Clamp(limit ?? Paging.DefaultLimit, 0, 10_000), cancellationToken);
        var events = new List<JsonElement>(page.Events.Count);
        foreach (var stored in page.Events)
        {
            // An event an older version stored as non-standard JSON is rewritten as standard JSON, or skipped and logged.
            if (StoredJson.TryParse(stored.Raw, out var element, out var problem))
            {
                events.Add(element);
            }
            else
            {
                lineage.ReportUnreadable(stored.Sequence, problem!);
            }
        }

        return TypedResults.Ok(new EventList(events, (int)Math.Min(page.TotalCount, int.MaxValue)));
    }
}
