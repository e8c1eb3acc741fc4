using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Alerts;
using Tributary.Json;
using Tributary.Server.Alerts;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Webhook subscriptions for incident alerts (add, list, remove) and the delivery log.</summary>
internal static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/alerts").WithTags("Alerts");
        api.MapGet("/webhooks", ListAsync).WithSummary("Every webhook subscription (settings, serve --webhook, and those added here); secrets are never shown, only whether bodies are signed.");
        api.MapPost("/webhooks", AddAsync).WithSummary("Adds a webhook: {\"url\": \"https://…\", \"secret\": \"…\", \"format\": \"tributary|slack\", \"namespace\": GLOB, \"dataset\": GLOB, \"tag\": KEY, \"owner\": NAME, \"severity\": \"high\"}; all but url optional. Kept in the store folder.");
        api.MapDelete("/webhooks/{id}", RemoveAsync).WithSummary("Removes a webhook added through the API; its pending alerts are dropped.");
        api.MapGet("/log", LogAsync).WithSummary("The delivery log: every alert in the outbox with its attempts, last error and when it was delivered (the CLI's `alerts log --format json`).");
        return app;
    }

    private static async Task<JsonHttpResult<IReadOnlyList<WebhookSubscription>>> ListAsync(AlertService alerts) =>
        TypedResults.Json((await alerts.Dispatcher).Subscriptions, QueryJsonContext.Default.IReadOnlyListWebhookSubscription);

    private static async Task<JsonHttpResult<IReadOnlyList<AlertDelivery>>> LogAsync(AlertService alerts) =>
        TypedResults.Json((await alerts.Dispatcher).Log(), QueryJsonContext.Default.IReadOnlyListAlertDelivery);

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string id, AlertService alerts) =>
        (await alerts.Dispatcher).Remove(id) ? TypedResults.NoContent() : Problems.NotFound($"There is no webhook '{id}' added through the API (those from settings or --webhook are removed there).");

    private static async Task<Results<JsonHttpResult<WebhookSubscription>, ProblemHttpResult>> AddAsync(HttpRequest request, AlertService alerts, CancellationToken ct)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Problems.BadRequest($"The body is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Problems.BadRequest("$: the body is a JSON object such as {\"url\": \"https://hooks.example.com/lineage\", \"severity\": \"high\"}.");
            }

            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var name in (string[])["url", "secret", "format", "namespace", "dataset", "tag", "owner", "severity"])
            {
                if (body.RootElement.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return Problems.BadRequest($"$.{name}: expected a string.");
                }

                fields[name] = body.RootElement.TryGetProperty(name, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
            }

            var subscription = WebhookSettings.Subscription(
                fields["url"], fields["secret"], fields["format"], fields["namespace"], fields["dataset"], fields["tag"], fields["owner"], fields["severity"], out var problem);
            if (subscription is null)
            {
                return Problems.BadRequest(problem! + ".");
            }

            var dispatcher = await alerts.Dispatcher;
            return dispatcher.Add(subscription)
                ? TypedResults.Json(subscription, QueryJsonContext.Default.WebhookSubscription, statusCode: StatusCodes.Status201Created)
                : Problems.Of(StatusCodes.Status409Conflict, "Already subscribed", $"Webhook '{subscription.Id}' has the same URL, format and filters.");
        }
    }
}
