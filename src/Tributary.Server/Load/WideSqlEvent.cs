using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tributary.Server.Load;

/// <summary>
/// Issue 10's reproduction of a stall: a COMPLETE RunEvent whose <c>sql</c> job facet inserts N columns
/// (<c>INSERT INTO analytics.wide_out SELECT col_0000000, … FROM raw.wide_src</c>), with no column lineage, so the
/// server derives it from the SQL. At 100,000 columns the event is about 1.4 MB, as the was.
/// </summary>
internal static class WideSqlEvent
{
    /// <summary>The namespace of both datasets.</summary>
    public const string Namespace = "postgres://warehouse:5432";

    /// <summary>The SQL of an event with <paramref name="columns"/> columns.</summary>
    public static string Sql(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        var sql = new StringBuilder(columns * 13 + 64).Append("INSERT INTO analytics.wide_out SELECT ");
        for (var i = 0; i < columns; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(Column(i));
        }

        return sql.Append(" FROM raw.wide_src").ToString();
    }

    /// <summary>The name of column <paramref name="index"/>: <c>col_</c> and seven digits.</summary>
    public static string Column(int index) => "col_" + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The event's UTF-8 JSON: job <c>etl.wide_insert</c>, reading <c>raw.wide_src</c>, writing <c>analytics.wide_out</c>.</summary>
    public static byte[] Create(int columns, Guid runId, string job = "wide_insert")
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventType", "COMPLETE");
            json.WriteString("eventTime", "2024-05-01T10:00:00Z");
            json.WriteString("producer", "https://example.com/wide-sql");
            json.WriteString("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent");
            json.WriteStartObject("run");
            json.WriteString("runId", runId.ToString());
            json.WriteEndObject();
            json.WriteStartObject("job");
            json.WriteString("namespace", "etl");
            json.WriteString("name", job);
            json.WriteStartObject("facets");
            json.WriteStartObject("sql");
            json.WriteString("_producer", "https://example.com/wide-sql");
            json.WriteString("_schemaURL", "https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet");
            json.WriteString("query", Sql(columns));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            Dataset(json, "inputs", "raw.wide_src");
            Dataset(json, "outputs", "analytics.wide_out");
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Dataset(Utf8JsonWriter json, string list, string name)
    {
        json.WriteStartArray(list);
        json.WriteStartObject();
        json.WriteString("namespace", Namespace);
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
