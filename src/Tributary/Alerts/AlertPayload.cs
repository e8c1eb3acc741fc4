using System.Text;
using System.Text.Json;
using Tributary.Incidents;
using Tributary.Json;

namespace Tributary.Alerts;

// The body of an alert, written once when it is enqueued (so every attempt sends the same bytes): our JSON with the
// incident in full, or a Slack message. Both carry the idempotency key and the text the pattern document shows.
internal static class AlertPayload
{
    public static string Text(Incident incident, string change) => change == "resolved"
        ? $"Resolved: data quality issue in {incident.Node.Name}: {incident.Check}{(incident.Column is null ? "" : " on " + incident.Column)} ({incident.Resolution?.Reason ?? "resolved"})."
        : incident.Summary;

    public static string Body(Incident incident, string change, string key, WebhookSubscription subscription)
    {
        var text = Text(incident, change);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (subscription.Format == AlertFormat.Slack)
            {
                w.WriteString("text", text);
                w.WriteStartArray("blocks");
                w.WriteStartObject();
                w.WriteString("type", "section");
                w.WriteStartObject("text");
                w.WriteString("type", "plain_text");
                w.WriteString("text", text);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("type", "context");
                w.WriteStartArray("elements");
                w.WriteStartObject();
                w.WriteString("type", "plain_text");
                w.WriteString("text", $"{incident.Id} {change} · {incident.Severity} · idempotency key {key}");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("idempotencyKey", key);
            }
            else
            {
                w.WriteString("idempotencyKey", key);
                w.WriteString("subscription", subscription.Id);
                w.WriteString("change", change);
                w.WriteString("text", text);
                w.WritePropertyName("incident");
                JsonSerializer.Serialize(w, incident, QueryJsonContext.Default.Incident);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
