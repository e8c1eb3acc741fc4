using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Graph;
using Tributary.Json;
using Tributary.Query;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// Blocks on one edge, beside the tag calls (job and field blocks are the tag <c>tributary.block=KEY</c> through
/// them): <c>POST</c> and <c>DELETE /api/v1/classifications/blocks?from=A&amp;to=B&amp;tag=KEY</c> send the same event
/// <c>tributary tag block --from A --to B --tag KEY</c> (and <c>unblock</c>) sends, and answer the tag's classifications after it.
/// </summary>
internal static class ClassificationBlocksApi
{
    public static IEndpointRouteBuilder MapClassificationBlocksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/classifications").WithTags("Analysis");
        api.MapPost("/blocks", (LineageService l, TimeProvider t, string? from, string? to, string? tag, CancellationToken ct) => ChangeAsync(l, t, from, to, tag, add: true, ct))
            .WithSummary("Blocks tag key `tag` on the edge from `from` to `to` (dataset to dataset, or field to field; node ids or unique names): stored as the tag tributary.block.from=KEY=FROM on `to`. Answers /classifications?tag=KEY after it.");
        api.MapDelete("/blocks", (LineageService l, TimeProvider t, string? from, string? to, string? tag, CancellationToken ct) => ChangeAsync(l, t, from, to, tag, add: false, ct))
            .WithSummary("Lifts the block on tag key `tag` on the edge from `from` to `to`. Answers /classifications?tag=KEY after it.");
        return app;
    }

    private static async Task<Results<JsonHttpResult<ClassificationReport>, ProblemHttpResult>> ChangeAsync(
        LineageService lineage, TimeProvider time, string? from, string? to, string? tag, bool add, CancellationToken cancellationToken)
    {
        if (TagEdits.BlockKeyProblem(tag) is { } bad)
        {
            return Problems.BadRequest("tag: " + bad + ".");
        }

        if (!NodeLookup.TryFind(lineage, from, "from", out var source, out var problem) || !NodeLookup.TryFind(lineage, to, "to", out var target, out problem))
        {
            return problem!;
        }

        var edit = TagEdits.EdgeBlock(lineage.Graph, source, target, tag!, add, time.GetUtcNow(), LineageWrites.Producer);
        if (edit.Event is not { } lineageEvent)
        {
            return MarquezTagsApi.Problem(edit);
        }

        if (await LineageWrites.IngestAsync(lineage, lineageEvent, cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Json(lineage.Engine.Classifications(new ClassificationOptions { Tag = tag }), QueryJsonContext.Default.ClassificationReport);
    }
}
