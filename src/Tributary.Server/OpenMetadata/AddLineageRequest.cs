using System.Text.Json;
using Tributary.Json;

namespace Tributary.Server.OpenMetadata;

/// <summary>
/// OpenMetadata's <c>AddLineageRequest</c> (api/lineage/addLineage.json), read strictly: the request, its edge and
/// the entity references allow no other properties (as the schema says), ids must be UUIDs, and every problem is
/// reported with its JSON path.
/// </summary>
internal sealed record AddLineageRequest(Reference From, Reference To)
{
    /// <summary>The request's or the edge's description.</summary>
    public string? Description { get; init; }

    /// <summary><c>lineageDetails.sqlQuery</c>.</summary>
    public string? SqlQuery { get; init; }

    /// <summary><c>lineageDetails.columnsLineage</c>.</summary>
    public IReadOnlyList<ColumnPair> Columns { get; init; } = [];

    /// <summary><c>lineageDetails.pipeline</c>.</summary>
    public Reference? Pipeline { get; init; }

    /// <summary>Reads the request, or gives every problem with its path.</summary>
    public static AddLineageRequest? Read(JsonElement root, List<LineageError> errors)
    {
        if (!Only(root, "$", errors, "edge", "description"))
        {
            return null;
        }

        var description = Text(root, "description", "$", errors);
        if (!root.TryGetProperty("edge", out var edge))
        {
            errors.Add(new LineageError("$.edge", "required: {fromEntity: {id, type}, toEntity: {id, type}}"));
            return null;
        }

        if (!Only(edge, "$.edge", errors, "fromEntity", "toEntity", "description", "lineageDetails"))
        {
            return null;
        }

        var from = ReadReference(edge, "fromEntity", "$.edge", errors, required: true);
        var to = ReadReference(edge, "toEntity", "$.edge", errors, required: true);
        description = Text(edge, "description", "$.edge", errors) ?? description;
        string? sql = null;
        Reference? pipeline = null;
        var columns = new List<ColumnPair>();
        if (edge.TryGetProperty("lineageDetails", out var details) && details.ValueKind != JsonValueKind.Null)
        {
            const string At = "$.edge.lineageDetails";
            if (details.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new LineageError(At, "expected an object {sqlQuery, columnsLineage, pipeline}"));
            }
            else
            {
                sql = Text(details, "sqlQuery", At, errors);
                pipeline = ReadReference(details, "pipeline", At, errors, required: false);
                description ??= Text(details, "description", At, errors);
                ReadColumns(details, At, errors, columns);
            }
        }

        return errors.Count > 0 || from is null || to is null
            ? null
            : new AddLineageRequest(from, to) { Description = description, SqlQuery = sql, Columns = columns, Pipeline = pipeline };
    }

    private static void ReadColumns(JsonElement details, string at, List<LineageError> errors, List<ColumnPair> columns)
    {
        if (!details.TryGetProperty("columnsLineage", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new LineageError(at + ".columnsLineage", "expected an array of {fromColumns, toColumn, function}"));
            return;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"{at}.columnsLineage[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new LineageError(path, "expected an object {fromColumns, toColumn, function}"));
                continue;
            }

            var toColumn = Text(item, "toColumn", path, errors);
            var function = Text(item, "function", path, errors);
            var fromColumns = new List<string>();
            if (item.TryGetProperty("fromColumns", out var from) && from.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var column in from.EnumerateArray())
                {
                    if (column.ValueKind == JsonValueKind.String && column.GetString() is { Length: > 0 } name)
                    {
                        fromColumns.Add(name);
                    }
                    else
                    {
                        errors.Add(new LineageError($"{path}.fromColumns[{i}]", "expected a column's fully qualified name"));
                    }

                    i++;
                }
            }

            if (toColumn is null || fromColumns.Count == 0)
            {
                errors.Add(new LineageError(path, "needs toColumn and at least one of fromColumns (fully qualified column names)"));
                continue;
            }

            columns.Add(new ColumnPair(fromColumns, toColumn, function));
        }
    }

    private static Reference? ReadReference(JsonElement parent, string name, string at, List<LineageError> errors, bool required)
    {
        var path = at + "." + name;
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new LineageError(path, "required: {id, type}"));
            }

            return null;
        }

        if (!Only(value, path, errors, "id", "type", "name", "fullyQualifiedName", "description", "displayName", "deleted", "href"))
        {
            return null;
        }

        var type = Text(value, "type", path, errors);
        var idText = Text(value, "id", path, errors);
        if (type is null)
        {
            errors.Add(new LineageError(path + ".type", "required: table or pipeline"));
        }

        if (idText is null)
        {
            errors.Add(new LineageError(path + ".id", "required: the entity's UUID"));
        }
        else if (!Guid.TryParse(idText, out _))
        {
            errors.Add(new LineageError(path + ".id", $"'{Shorten(idText)}' is not a UUID"));
        }

        return type is null || !Guid.TryParse(idText, out var id) ? null : new Reference(type, id, path);
    }

    // additionalProperties: false in OpenMetadata's schemas: an unknown property is a mistake worth saying.
    private static bool Only(JsonElement element, string path, List<LineageError> errors, params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new LineageError(path, "expected a JSON object"));
            return false;
        }

        var ok = true;
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
            {
                errors.Add(new LineageError(path, $"unknown property '{Shorten(property.Name)}'; expected {string.Join(", ", allowed)}"));
                ok = false;
            }
        }

        return ok;
    }

    private static string? Text(JsonElement parent, string name, string at, List<LineageError> errors)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new LineageError(at + "." + name, "expected a string"));
            return null;
        }

        return value.GetString();
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}

/// <summary>An entity reference of a request: its type, its id and where it was in the request.</summary>
internal sealed record Reference(string Type, Guid Id, string Path);

/// <summary>One <c>columnsLineage</c> item: fully qualified column names and the function.</summary>
internal sealed record ColumnPair(IReadOnlyList<string> FromColumns, string ToColumn, string? Function);
