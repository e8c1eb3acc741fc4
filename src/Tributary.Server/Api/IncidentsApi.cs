using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Incidents;
using Tributary.Json;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Data-quality incidents (the CLI's <c>incidents</c>, <c>incident ID</c> and <c>incident resolve ID</c>).</summary>
internal static class IncidentsApi
{
    private const int MaxResolveBody = 64 * 1024;

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        api.MapGet("", List).WithSummary("Data-quality incidents (failed checks and tests, failed runs, volume drops, breaking schema changes) with root causes and owners to notify; open=true for open ones only, severity for a minimum, namespace and name as globs; asOf= for the incidents as they stood at a moment.");
        api.MapGet("/{id}", Get).WithSummary("One incident in full (the CLI's `incident ID --format json`).");
        api.MapPost("/{id}/resolve", ResolveAsync).WithSummary("Resolves an open incident by hand; the body may give {\"resolvedBy\": \"…\", \"note\": \"…\"}. Stored as an event, so it survives restarts and replays.");
        return app;
    }

    internal static Results<JsonHttpResult<IReadOnlyList<Incident>>, ProblemHttpResult> List(LineageService lineage, bool? open, string? severity, string? @namespace, string? name, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        IncidentSeverity? minimum = null;
        if (severity is not null)
        {
            if (!Enum.TryParse<IncidentSeverity>(severity, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || char.IsDigit(severity[0]))
            {
                return Problems.BadRequest($"severity '{severity}' is not one of low, medium, high, critical.");
            }

            minimum = parsed;
        }

        var filter = new IncidentFilter { Open = open == true ? true : null, MinSeverity = minimum, Namespace = @namespace, Name = name };
        return TypedResults.Json(engine.Incidents(filter), QueryJsonContext.Default.IReadOnlyListIncident);
    }

    internal static Results<JsonHttpResult<Incident>, ProblemHttpResult> Get(LineageService lineage, string id, string? asOf)
    {
        if (!AsOfQuery.TryEngine(lineage, asOf, out var engine, out var problem))
        {
            return problem!;
        }

        if (!IncidentId.TryParse(id, out var incidentId))
        {
            return Problems.BadRequest($"'{id}' is not an incident id; ids look like inc-0123456789abcdef.");
        }

        return engine.Incident(incidentId) is { } incident
            ? TypedResults.Json(incident, QueryJsonContext.Default.Incident)
            : Problems.NotFound($"There is no incident '{incidentId}'.");
    }

    internal static async Task<Results<JsonHttpResult<Incident>, ProblemHttpResult>> ResolveAsync(HttpRequest request, LineageService lineage, TimeProvider time, string id, CancellationToken cancellationToken)
    {
        if (!IncidentId.TryParse(id, out var incidentId))
        {
            return Problems.BadRequest($"'{id}' is not an incident id; ids look like inc-0123456789abcdef.");
        }

        string? by = null, note = null;
        if (request.ContentLength is > MaxResolveBody)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"a resolution body is at most {MaxResolveBody} bytes.");
        }

        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length > MaxResolveBody)
            {
                return Problems.Of(StatusCodes.Status413PayloadTooLarge, "Body too large", $"a resolution body is at most {MaxResolveBody} bytes.");
            }

            if (buffer.Length > 0)
            {
                try
                {
                    using var body = JsonDocument.Parse(buffer.ToArray());
                    if (body.RootElement.ValueKind != JsonValueKind.Object)
                    {
                        return Problems.BadRequest("$: the body is a JSON object such as {\"resolvedBy\": \"alice\", \"note\": \"prices fixed\"}.");
                    }

                    by = Text(body.RootElement, "resolvedBy", out var byError);
                    note = Text(body.RootElement, "note", out var noteError);
                    if ((byError ?? noteError) is { } error)
                    {
                        return Problems.BadRequest(error);
                    }
                }
                catch (JsonException e)
                {
                    return Problems.BadRequest($"the body is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
                }
            }
        }

        if (lineage.Engine.Incident(incidentId) is not { } incident)
        {
            return Problems.NotFound($"There is no incident '{incidentId}'.");
        }

        if (incident.Status == IncidentStatus.Resolved)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "Already resolved", $"Incident '{incidentId}' is already resolved: {incident.Resolution!.Reason}.");
        }

        var resolution = IncidentResolutions.Event(incidentId, incident.Node, by, note, time.GetUtcNow());
        if (await LineageWrites.IngestAsync(lineage, resolution, cancellationToken) is { } failed)
        {
            return failed;
        }

        return TypedResults.Json(lineage.Engine.Incident(incidentId) ?? incident, QueryJsonContext.Default.Incident);
    }

    private static string? Text(JsonElement body, string name, out string? error)
    {
        error = null;
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            error = $"$.{name}: expected a string.";
            return null;
        }

        return value.GetString();
    }
}
