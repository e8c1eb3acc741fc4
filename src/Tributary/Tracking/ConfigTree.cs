using System.Collections;
using System.Text.Json;

namespace Tributary.Tracking;

/// <summary>
/// The common shape every configuration source is read into before <see cref="LineageConfig"/> applies it: a
/// mapping of lower-case keys to strings (scalars), lists or nested mappings. JSON files, <c>openlineage.yml</c>
/// and <c>OPENLINEAGE__A__B</c> variables all become this tree, so one set of rules interprets them.
/// </summary>
internal static class ConfigTree
{
    public static Dictionary<string, object?> FromJson(string json, string source, List<string> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return (Dictionary<string, object?>)Convert(document.RootElement)!;
            }

            problems.Add($"{source}: expected a JSON object of settings, found {document.RootElement.ValueKind}.");
        }
        catch (JsonException exception)
        {
            problems.Add($"{source} line {exception.LineNumber + 1}: not valid JSON ({exception.Message.Split(" Path:")[0].TrimEnd('.')}).");
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Builds the tree from <c>OPENLINEAGE__TRANSPORT__URL</c>-style variables, as OpenLineage clients do: the name
    /// after the prefix is split on <c>__</c> and lower-cased; a value that is a JSON object becomes a mapping.
    /// </summary>
    public static Dictionary<string, object?> FromDoubleUnderscoreVariables(IReadOnlyDictionary<string, string> variables, Dictionary<string, string> labels, List<string> problems)
    {
        const string prefix = "OPENLINEAGE__";
        var tree = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables.Where(v => v.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var path = name[prefix.Length..].ToLowerInvariant().Split("__");
            var node = tree;
            for (var i = 0; i < path.Length - 1; i++)
            {
                if (node.GetValueOrDefault(path[i]) is not Dictionary<string, object?> child)
                {
                    child = new Dictionary<string, object?>(StringComparer.Ordinal);
                    node[path[i]] = child;
                }

                node = child;
            }

            var trimmed = value.Trim();
            node[path[^1]] = trimmed.StartsWith('{') ? FromJson(trimmed, name, problems) : value;
            labels[string.Join('.', path)] = name;
        }

        return tree;
    }

    public static string? Text(object? value) => value switch
    {
        string text => text,
        Dictionary<string, object?> => null,
        IEnumerable list => string.Join(',', list.Cast<object?>().Select(item => item?.ToString())),
        _ => null,
    };

    private static object? Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => Convert(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(Convert).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => element.GetRawText(),
    };
}
