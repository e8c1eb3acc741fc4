using System.Text.Json;
using Tributary.Tests.Support;

namespace Tributary.Tests.Storage.Parquet;

/// <summary>Runs SQL in DuckDB (the independent Parquet implementation in tests/parquet-check) and returns the last statement's rows.</summary>
public static class DuckDb
{
    /// <summary>Runs the statements in one in-memory database; the rows of the last one come back as JSON objects.</summary>
    public static IReadOnlyList<JsonElement> Query(params string[] statements)
    {
        var (code, output) = NodeTool.Run("parquet-check", "query.mjs", statements);
        Assert.True(code == 0, $"DuckDB failed ({code}): {output}");
        using var document = JsonDocument.Parse(output);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>A SQL string literal for <paramref name="text"/> (a path, usually).</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A 64-bit integer from DuckDB's JSON (it writes BIGINTs as strings), or null.</summary>
    public static long? Int64(JsonElement row, string column) => row.GetProperty(column) switch
    {
        { ValueKind: JsonValueKind.Null } => null,
        { ValueKind: JsonValueKind.String } s => long.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        var n => n.GetInt64(),
    };

    /// <summary>A string (or null) from DuckDB's JSON.</summary>
    public static string? Text(JsonElement row, string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetString();

    /// <summary>A double (or null) from DuckDB's JSON.</summary>
    public static double? Double(JsonElement row, string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetDouble();

    /// <summary>A boolean (or null) from DuckDB's JSON.</summary>
    public static bool? Boolean(JsonElement row, string column) => row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetBoolean();
}
