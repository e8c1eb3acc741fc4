using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tributary.Tests.Json;

/// <summary>
/// Integration test expectations use matchers (<c>{{ any(result) }}</c>, <c>${json-unit.any-string}</c>) where values
/// vary per run; this fills them with valid values of the right kind so the events can be read as real ones.
/// </summary>
public static class TemplateFiller
{
    public static byte[] Fill(string json)
    {
        var node = JsonNode.Parse(json);
        Walk(node, null);
        return Encoding.UTF8.GetBytes(node!.ToJsonString());
    }

    private static void Walk(JsonNode? node, string? name)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsMatcher(v.GetValue<string>()))
                    {
                        obj[key] = Value(key);
                    }
                    else
                    {
                        Walk(obj[key], key);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && IsMatcher(v.GetValue<string>()))
                    {
                        array[i] = Value(name ?? "");
                    }
                    else
                    {
                        Walk(array[i], name);
                    }
                }

                break;
        }
    }

    private static bool IsMatcher(string s) => s.Contains("{{", StringComparison.Ordinal) || s.StartsWith("${json-unit", StringComparison.Ordinal);

    private static JsonNode Value(string key) => key switch
    {
        "runId" => JsonValue.Create("0190f7c8-93a6-7c0e-9d1e-7d4b6f0e1a2b"),
        "eventTime" or "nominalStartTime" or "nominalEndTime" or "lastUpdated" => JsonValue.Create("2024-05-01T10:00:00Z"),
        "rowCount" or "size" or "fileCount" or "bytes" => JsonValue.Create(1),
        _ => JsonValue.Create("matched"),
    };
}
