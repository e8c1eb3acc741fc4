using System.Text.Json;
using Tributary.Incidents;

namespace Tributary.Alerts;

// Subscriptions added through the API, kept in the store's alerts folder (webhooks.json, replaced atomically) so
// they outlive a restart. The file is the server's own; secrets are kept there and never shown by the API.
internal static class WebhookStore
{
    public static List<WebhookSubscription> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<WebhookSubscription>();
        foreach (var e in document.RootElement.EnumerateArray())
        {
            if (Text(e, "url") is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                list.Add(new WebhookSubscription(uri)
                {
                    Secret = Text(e, "secret"),
                    Format = Enum.TryParse<AlertFormat>(Text(e, "format"), true, out var format) ? format : AlertFormat.Tributary,
                    Namespace = Text(e, "namespace"),
                    Dataset = Text(e, "dataset"),
                    Tag = Text(e, "tag"),
                    Owner = Text(e, "owner"),
                    MinSeverity = Enum.TryParse<IncidentSeverity>(Text(e, "severity"), true, out var severity) ? severity : null,
                });
            }
        }

        return list;
    }

    public static void Write(string path, IReadOnlyList<WebhookSubscription> subscriptions)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            using (var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartArray();
                foreach (var s in subscriptions)
                {
                    w.WriteStartObject();
                    w.WriteString("url", s.Url.AbsoluteUri);
                    Optional(w, "secret", s.Secret);
                    w.WriteString("format", s.Format.ToString());
                    Optional(w, "namespace", s.Namespace);
                    Optional(w, "dataset", s.Dataset);
                    Optional(w, "tag", s.Tag);
                    Optional(w, "owner", s.Owner);
                    Optional(w, "severity", s.MinSeverity?.ToString());
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
