using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// Marquez's tag calls on datasets, fields and jobs, as events: each sends the dataset's (or job's) whole
/// <c>tags</c> facet with the tag added or removed, since a tags facet replaces the one before it. A tag name
/// <c>key=value</c> is that key and value; any other name is a key with value <c>true</c>, as Marquez shows it.
/// <c>PUT /api/v1/tags/{tag}</c> defines a tag with a description, as an event of <see cref="TagDefinitionFacet"/>.
/// </summary>
internal static class MarquezTagsApi
{
    public static IEndpointRouteBuilder MapMarquezTagsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/namespaces/{ns}").WithTags("Marquez tags");
        api.MapPost("/datasets/{ds}/tags/{tag}", (HttpContext c, string ns, string ds, string tag, LineageService l, TimeProvider t, CancellationToken ct) => DatasetTagAsync(c, ns, ds, null, tag, add: true, l, t, ct))
            .WithSummary("Tags a dataset (stored as an event carrying its tags facet).");
        api.MapDelete("/datasets/{ds}/tags/{tag}", (HttpContext c, string ns, string ds, string tag, LineageService l, TimeProvider t, CancellationToken ct) => DatasetTagAsync(c, ns, ds, null, tag, add: false, l, t, ct))
            .WithSummary("Removes a tag from a dataset.");
        api.MapPost("/datasets/{ds}/fields/{field}/tags/{tag}", (HttpContext c, string ns, string ds, string field, string tag, LineageService l, TimeProvider t, CancellationToken ct) => DatasetTagAsync(c, ns, ds, field, tag, add: true, l, t, ct))
            .WithSummary("Tags a field of a dataset.");
        api.MapDelete("/datasets/{ds}/fields/{field}/tags/{tag}", (HttpContext c, string ns, string ds, string field, string tag, LineageService l, TimeProvider t, CancellationToken ct) => DatasetTagAsync(c, ns, ds, field, tag, add: false, l, t, ct))
            .WithSummary("Removes a tag from a field.");
        api.MapPost("/jobs/{job}/tags/{tag}", (HttpContext c, string ns, string job, string tag, LineageService l, TimeProvider t, CancellationToken ct) => JobTagAsync(c, ns, job, tag, add: true, l, t, ct))
            .WithSummary("Tags a job (stored as an event carrying its tags facet).");
        api.MapDelete("/jobs/{job}/tags/{tag}", (HttpContext c, string ns, string job, string tag, LineageService l, TimeProvider t, CancellationToken ct) => JobTagAsync(c, ns, job, tag, add: false, l, t, ct))
            .WithSummary("Removes a tag from a job.");
        app.MapPut("/api/v1/tags/{tag}", DefineTagAsync).WithTags("Marquez tags")
            .WithSummary("Defines a tag with a description (body {\"description\": \"…\"}, or none); stored as an event, listed by GET /api/v1/tags.")
            .Accepts<object>("application/json");
        return app;
    }

    /// <summary>The longest tag name accepted (Marquez's tags table holds names of up to 255 characters).</summary>
    public const int MaxTagName = 255;

    // Marquez answers the tag it upserted. Sending the definition in force again stores nothing: a repeated PUT (a
    // retry, a UI saving twice) would otherwise add an event per call, since each carries its own event time.
    internal static async Task<Results<Ok<TagResource>, ProblemHttpResult>> DefineTagAsync(
        HttpContext context, string tag, LineageService lineage, DecompressionGate gate, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = Paging.Name(context, tag, 4);
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxTagName)
        {
            return Problems.BadRequest($"A tag name is 1 to {MaxTagName} characters, not all blank; this one has {name.Length}.");
        }

        var (body, refused) = await OpenLineageApi.ReadBodyAsync(context.Request, lineage, gate, lineage.Options.MaxEventBytes, cancellationToken);
        using var _ = body;
        if (refused is not null)
        {
            return refused;
        }

        if (Description(body!.Content, out var problem) is var description && problem is not null)
        {
            return problem;
        }

        var current = lineage.Graph.GetTagDefinitions().FirstOrDefault(d => d.Name == name);
        if (current is null || current.Description != description)
        {
            var definition = TagDefinitionFacet.Event(name, description, LineageWrites.Producer, time.GetUtcNow());
            if (await LineageWrites.IngestAsync(lineage, definition, cancellationToken) is { } failed)
            {
                return failed;
            }
        }

        return TypedResults.Ok(new TagResource(name, description));
    }

    // The body's description: absent, null or a string; an empty body defines the tag with none.
    private static string? Description(ReadOnlyMemory<byte> content, out ProblemHttpResult? problem)
    {
        problem = null;
        if (content.Span.Trim(" \t\r\n\uFEFF"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = Problems.BadRequest($"$: the body is {{\"description\": \"…\"}}, not a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
                return null;
            }

            if (!document.RootElement.TryGetProperty("description", out var description) || description.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (description.ValueKind != JsonValueKind.String)
            {
                problem = Problems.BadRequest($"$.description: a tag's description is a string, not a JSON {description.ValueKind.ToString().ToLowerInvariant()}.");
                return null;
            }

            return description.GetString();
        }
        catch (JsonException ex)
        {
            problem = Problems.BadRequest($"The body is not JSON: {ex.Message}");
            return null;
        }
    }

    private static async Task<Results<Ok<DatasetResource>, ProblemHttpResult>> DatasetTagAsync(
        HttpContext context, string ns, string ds, string? field, string tag, bool add, LineageService lineage, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = new DatasetId(Paging.Name(context, ns, 4), Paging.Name(context, ds, 6));
        var fieldName = field is null ? null : Paging.Name(context, field, 8);
        var tagName = Paging.Name(context, tag, field is null ? 8 : 10);
        if (lineage.Graph.GetDataset(id) is not { } dataset)
        {
            return Problems.NotFound($"There is no dataset '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var edit = TagEdits.Dataset(dataset, fieldName, tagName, add, time.GetUtcNow(), LineageWrites.Producer);
        if (edit.Event is not { } lineageEvent)
        {
            return Problem(edit);
        }

        return await LineageWrites.IngestAsync(lineage, lineageEvent, cancellationToken) is { } failed
            ? failed
            : TypedResults.Ok(DatasetResource.Of(lineage.Graph.GetDataset(id)!));
    }

    private static async Task<Results<Ok<JobResource>, ProblemHttpResult>> JobTagAsync(
        HttpContext context, string ns, string job, string tag, bool add, LineageService lineage, TimeProvider time, CancellationToken cancellationToken)
    {
        var id = new JobId(Paging.Name(context, ns, 4), Paging.Name(context, job, 6));
        var tagName = Paging.Name(context, tag, 8);
        if (lineage.Graph.GetJob(id) is not { } info)
        {
            return Problems.NotFound($"There is no job '{id.Name}' in namespace '{id.Namespace}'.");
        }

        var edit = TagEdits.Job(info, tagName, add, time.GetUtcNow(), LineageWrites.Producer);
        if (edit.Event is not { } lineageEvent)
        {
            return Problem(edit);
        }

        return await LineageWrites.IngestAsync(lineage, lineageEvent, cancellationToken) is { } failed
            ? failed
            : TypedResults.Ok(JobResource.Of(lineage.Graph.GetJob(id)!, lineage.Graph.GetRuns(id)));
    }

    internal static ProblemHttpResult Problem(TagEdit edit)
    {
        var text = char.ToUpperInvariant(edit.Problem![0]) + edit.Problem[1..] + ".";
        return edit.NotFound ? Problems.NotFound(text) : Problems.BadRequest(text);
    }
}
