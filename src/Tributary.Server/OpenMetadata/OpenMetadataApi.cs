using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Server.Api;
using Tributary.Server.Hosting;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// OpenMetadata's lineage API beside Tributary's own, so OpenMetadata's SDK and scripts written for it work against
/// Tributary unchanged: AddLineage, lineage by id and by name, edge DELETE, search lineage, the table lookups the SDK
/// finds ids with, and OpenMetadata's OpenLineage receiver. Writes are events through the ingest door.
/// </summary>
internal static class OpenMetadataApi
{
    /// <summary>OpenMetadata's own limit on lineage depth.</summary>
    public const int MaxDepth = 3;

    public static IEndpointRouteBuilder MapOpenMetadataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("OpenMetadata lineage API");
        api.MapPut("/lineage", AddLineageAsync)
            .WithSummary("OpenMetadata's AddLineage: {edge: {fromEntity: {id, type}, toEntity: {id, type}, lineageDetails?}, description?}; stored as an event.")
            .Accepts<object>("application/json");
        api.MapGet("/lineage/getLineage", SearchLineage)
            .WithSummary("OpenMetadata's search lineage: fqn, type (table or pipeline), upstreamDepth, downstreamDepth (0 to 3), from and size page the nodes.");
        api.MapGet("/lineage/{entity}/name/{**fqn}", GetLineageByName)
            .WithSummary("OpenMetadata's EntityLineage of a table or pipeline by fully qualified name; upstreamDepth and downstreamDepth 0 to 3 (default 1).");
        api.MapGet("/lineage/{entity}/{id}", GetLineageById)
            .WithSummary("OpenMetadata's EntityLineage of a table or pipeline by id; upstreamDepth and downstreamDepth 0 to 3 (default 1).");
        api.MapDelete("/lineage/{fromEntity}/{fromId}/{toEntity}/{toId}", DeleteLineageAsync)
            .WithSummary("Removes an edge added by AddLineage (stored as an event that drops it as of now).");
        api.MapGet("/tables", ListTables).WithSummary("Datasets as OpenMetadata tables, by fully qualified name (limit, after, before).");
        api.MapGet("/tables/name/{**fqn}", GetTableByName).WithSummary("A dataset as an OpenMetadata table, by fully qualified name.");
        api.MapGet("/tables/{id}", GetTableById).WithSummary("A dataset as an OpenMetadata table, by id.");
        api.MapPost("/openlineage/lineage", OpenMetadataReceiver.PostEventAsync)
            .WithSummary("OpenMetadata's OpenLineage receiver: one event; answers {status, message, lineageEdgesCreated}.")
            .Accepts<object>("application/json");
        api.MapPost("/openlineage/lineage/batch", OpenMetadataReceiver.PostBatchAsync)
            .WithSummary("OpenMetadata's OpenLineage batch receiver: {events: [...]}; answers {status, summary, failedEvents, lineageEdgesCreated}.")
            .Accepts<object>("application/json");
        return app;
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> AddLineageAsync(
        HttpRequest request, LineageService lineage, EntityDirectory directory, DecompressionGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, refused) = await OpenLineageApi.ReadBodyAsync(request, lineage, gate, lineage.Options.MaxEventBytes, cancellationToken);
        using var _ = body;
        if (refused is not null)
        {
            return refused;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body!.Content);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest($"The body is not JSON: {ex.Message}");
        }

        using (document)
        {
            var errors = new List<LineageError>();
            var add = AddLineageRequest.Read(document.RootElement, errors);
            if (add is null)
            {
                return Problems.Of(StatusCodes.Status400BadRequest, "Invalid AddLineageRequest", ErrorText(errors), errors);
            }

            var from = Resolve(directory, add.From, out var problem);
            var to = problem is null ? Resolve(directory, add.To, out problem) : null;
            var pipeline = problem is null && add.Pipeline is { } p ? Resolve(directory, p, out problem) : null;
            if (problem is not null)
            {
                return problem;
            }

            if (pipeline is { Kind: not NodeKind.Job })
            {
                return Problems.BadRequest($"$.edge.lineageDetails.pipeline: a pipeline is an entity of type 'pipeline', not '{add.Pipeline!.Type}'.");
            }

            var built = ManualLineage.Build(directory.Names, add, from!.Value, to!.Value, pipeline, time.GetUtcNow(), out var error);
            if (built is null)
            {
                return Problems.BadRequest(error!);
            }

            var digest = ManualLineage.RequestDigest(built);
            if (await ManualLineage.AlreadyAddedAsync(lineage, built.Job.Id, digest, cancellationToken))
            {
                return TypedResults.Ok();
            }

            var stamped = built with { Job = built.Job with { Facets = built.Job.Facets.With(ManualLineage.RequestFacet, ManualLineage.RequestFacetOf(digest)) } };
            return await LineageWrites.IngestAsync(lineage, stamped, cancellationToken) is { } failed ? failed : TypedResults.Ok();
        }
    }

    internal static Results<Ok<EntityLineage>, ProblemHttpResult> GetLineageById(
        HttpRequest request, string entity, string id, string? upstreamDepth, string? downstreamDepth, LineageService lineage, EntityDirectory directory)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return Problems.BadRequest($"'{Shorten(id)}' is not a UUID; an entity is named by its id here, or by its fully qualified name at /api/v1/lineage/{{entity}}/name/{{fqn}}.");
        }

        var node = Resolve(directory, new Reference(entity, guid, "entity"), out var problem);
        return node is null ? problem! : Lineage(request, node.Value, upstreamDepth, downstreamDepth, lineage, directory);
    }

    internal static Results<Ok<EntityLineage>, ProblemHttpResult> GetLineageByName(
        HttpRequest request, string entity, string fqn, string? upstreamDepth, string? downstreamDepth, LineageService lineage, EntityDirectory directory)
    {
        var node = ResolveName(directory, entity, Unescape(request, fqn), out var problem);
        return node is null ? problem! : Lineage(request, node.Value, upstreamDepth, downstreamDepth, lineage, directory);
    }

    internal static Results<Ok<SearchLineageResult>, ProblemHttpResult> SearchLineage(
        HttpRequest request, string? fqn, string? type, string? upstreamDepth, string? downstreamDepth, string? from, string? size, LineageService lineage, EntityDirectory directory)
    {
        if (string.IsNullOrEmpty(fqn))
        {
            return Problems.BadRequest("fqn is required: the fully qualified name of a table (service.database.schema.table) or pipeline (service.pipeline).");
        }

        var node = ResolveName(directory, type ?? "table", fqn, out var problem);
        if (node is null)
        {
            return problem!;
        }

        if (Depth(upstreamDepth, "upstreamDepth", out var up) is { } badUp)
        {
            return badUp;
        }

        if (Depth(downstreamDepth, "downstreamDepth", out var down) is { } badDown)
        {
            return badDown;
        }

        if (Count(from, "from", 0, int.MaxValue, 0, out var offset) is { } badFrom)
        {
            return badFrom;
        }

        if (Count(size, "size", 0, 10_000, 1_000, out var limit) is { } badSize)
        {
            return badSize;
        }

        var view = new TableLineage(lineage.Graph, lineage.Engine, directory.Names, BaseUrl(request));
        return TypedResults.Ok(SearchLineageAnswer.Of(view, node.Value, up, down, offset, limit));
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> DeleteLineageAsync(
        string fromEntity, string fromId, string toEntity, string toId, LineageService lineage, EntityDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(fromId, out var fromGuid) || !Guid.TryParse(toId, out var toGuid))
        {
            return Problems.BadRequest($"'{Shorten(Guid.TryParse(fromId, out _) ? toId : fromId)}' is not a UUID.");
        }

        var from = Resolve(directory, new Reference(fromEntity, fromGuid, "fromEntity"), out var problem);
        var to = problem is null ? Resolve(directory, new Reference(toEntity, toGuid, "toEntity"), out problem) : null;
        if (problem is not null)
        {
            return problem;
        }

        var view = new TableLineage(lineage.Graph, lineage.Engine, directory.Names, "");
        var jobs = ManualLineage.JobsToDrop(view, lineage.Graph, from!.Value, to!.Value, out var reason);
        if (jobs.Count == 0)
        {
            return reason is null
                ? Problems.NotFound($"Lineage edge not found: {Describe(from.Value)} does not feed {Describe(to.Value)}.")
                : Problems.Of(StatusCodes.Status409Conflict, "Lineage edge not removable alone", reason);
        }

        var now = time.GetUtcNow();
        foreach (var job in jobs)
        {
            if (await LineageWrites.IngestAsync(lineage, LineageWrites.DropJob(job, now), cancellationToken) is { } failed)
            {
                return failed;
            }
        }

        return TypedResults.Ok();
    }

    internal static Results<Ok<TableList>, ProblemHttpResult> ListTables(
        HttpRequest request, string? limit, string? after, string? before, LineageService lineage, EntityDirectory directory)
    {
        if (Count(limit, "limit", 0, 1_000_000, 10, out var count) is { } badLimit)
        {
            return badLimit;
        }

        try
        {
            return TypedResults.Ok(Tables.Page(lineage.Graph, directory.Names, BaseUrl(request), count, after, before));
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }

    internal static Results<Ok<TableEntity>, ProblemHttpResult> GetTableById(HttpRequest request, string id, LineageService lineage, EntityDirectory directory)
    {
        if (!Guid.TryParse(id, out var guid))
        {
            return Problems.BadRequest($"'{Shorten(id)}' is not a UUID; a table is named by its id here, or by its fully qualified name at /api/v1/tables/name/{{fqn}}.");
        }

        return directory.Table(guid) is { } dataset && lineage.Graph.GetDataset(dataset) is { } info
            ? TypedResults.Ok(Tables.Of(info, directory.Names, BaseUrl(request)))
            : Problems.NotFound($"table instance for {guid} not found");
    }

    internal static Results<Ok<TableEntity>, ProblemHttpResult> GetTableByName(HttpRequest request, string fqn, LineageService lineage, EntityDirectory directory)
    {
        var node = ResolveName(directory, "table", Unescape(request, fqn), out var problem);
        return node is { } found && lineage.Graph.GetDataset(found.AsDataset()) is { } info
            ? TypedResults.Ok(Tables.Of(info, directory.Names, BaseUrl(request)))
            : problem!;
    }

    private static Results<Ok<EntityLineage>, ProblemHttpResult> Lineage(
        HttpRequest request, NodeId node, string? upstreamDepth, string? downstreamDepth, LineageService lineage, EntityDirectory directory)
    {
        if (Depth(upstreamDepth, "upstreamDepth", out var up) is { } badUp)
        {
            return badUp;
        }

        if (Depth(downstreamDepth, "downstreamDepth", out var down) is { } badDown)
        {
            return badDown;
        }

        var view = new TableLineage(lineage.Graph, lineage.Engine, directory.Names, BaseUrl(request));
        var (result, upstream, downstream) = view.Around(node, up, down);
        var nodes = result.Nodes
            .Where(n => n.Id != node && n.Kind == NodeKind.Dataset)
            .Select(n => view.Reference(n.Id))
            .OrderBy(r => r.FullyQualifiedName, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new EntityLineage(view.Reference(node), nodes, Edges(view, upstream), Edges(view, downstream)));
    }

    // One edge per pair and pipeline: a job that reads a table twice over (two inputs mapping to one) is one edge.
    private static List<LineageEdgeResource> Edges(TableLineage view, List<TableLineage.Edge> edges)
    {
        var list = new List<LineageEdgeResource>();
        var seen = new HashSet<(Guid, Guid, Guid?)>();
        foreach (var edge in edges)
        {
            var details = view.Details(edge);
            var resource = new LineageEdgeResource(TableLineage.IdOf(edge.From), TableLineage.IdOf(edge.To)) { Description = details.Description, LineageDetails = details };
            if (seen.Add((resource.FromEntity, resource.ToEntity, details.Pipeline?.Id)))
            {
                list.Add(resource);
            }
        }

        list.Sort((a, b) => a.FromEntity != b.FromEntity ? a.FromEntity.CompareTo(b.FromEntity) : a.ToEntity.CompareTo(b.ToEntity));
        return list;
    }

    // The node an entity reference names, or the problem: an unknown type is a bad request, an unknown id a 404.
    internal static NodeId? Resolve(EntityDirectory directory, Reference reference, out ProblemHttpResult? problem)
    {
        problem = null;
        switch (reference.Type)
        {
            case "table":
                if (directory.Table(reference.Id) is { } dataset)
                {
                    return NodeId.From(dataset);
                }

                break;
            case "pipeline":
                if (directory.Pipeline(reference.Id) is { } job)
                {
                    return NodeId.From(job);
                }

                break;
            default:
                problem = Problems.BadRequest($"{reference.Path}: entity type '{Shorten(reference.Type)}' is not one Tributary has; its entities are 'table' (an OpenLineage dataset) and 'pipeline' (an OpenLineage job).");
                return null;
        }

        problem = Problems.NotFound($"{reference.Type} instance for {reference.Id} not found");
        return null;
    }

    private static NodeId? ResolveName(EntityDirectory directory, string type, string fqn, out ProblemHttpResult? problem)
    {
        problem = null;
        IReadOnlyList<NodeId> found;
        switch (type)
        {
            case "table":
                found = [.. directory.TablesNamed(fqn).Select(NodeId.From)];
                break;
            case "pipeline":
                found = [.. directory.PipelinesNamed(fqn).Select(NodeId.From)];
                break;
            default:
                problem = Problems.BadRequest($"entity type '{Shorten(type)}' is not one Tributary has; its entities are 'table' (an OpenLineage dataset) and 'pipeline' (an OpenLineage job).");
                return null;
        }

        if (found.Count == 1)
        {
            return found[0];
        }

        problem = found.Count == 0
            ? Problems.NotFound($"{type} instance for {Shorten(fqn)} not found")
            : Problems.Of(StatusCodes.Status409Conflict, "Ambiguous name", $"{found.Count} {type}s have the name {Shorten(fqn)} ({string.Join(", ", found.Take(5))}): their namespaces map to one service name; give each namespace its own service in Tributary:OpenMetadata:Services.");
        return null;
    }

    internal static ProblemHttpResult? Depth(string? text, string name, out int depth)
    {
        depth = 1;
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out depth) || depth > MaxDepth)
        {
            return Problems.BadRequest($"{name} must be a whole number from 0 to {MaxDepth} (OpenMetadata's limit), not '{Shorten(text)}'.");
        }

        return null;
    }

    private static ProblemHttpResult? Count(string? text, string name, int min, int max, int fallback, out int value)
    {
        value = fallback;
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            return Problems.BadRequest($"{name} must be a whole number from {min} to {max}, not '{Shorten(text)}'.");
        }

        return null;
    }

    // The name as the client encoded it: a catch-all route value keeps %2F encoded, and a literal '%' must survive.
    private static string Unescape(HttpRequest request, string routeValue)
    {
        var raw = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        const string Marker = "/name/";
        if (raw is { Length: > 0 } && raw.IndexOf(Marker, StringComparison.Ordinal) is var at and >= 0)
        {
            var query = raw.IndexOf('?', at);
            return Uri.UnescapeDataString(query < 0 ? raw[(at + Marker.Length)..] : raw[(at + Marker.Length)..query]);
        }

        return routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
    }

    internal static string BaseUrl(HttpRequest request) => request.Scheme + "://" + request.Host + request.PathBase;

    private static string Describe(NodeId node) => node.Kind == NodeKind.Job ? $"pipeline {node.Namespace}:{node.Name}" : $"table {node.Namespace}:{node.Name}";

    private static string ErrorText(List<LineageError> errors) =>
        errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems, the first at {errors[0]}";

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..197] + "...";
}
