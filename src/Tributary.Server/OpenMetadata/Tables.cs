using System.Text;
using Tributary.Graph;

namespace Tributary.Server.OpenMetadata;

/// <summary>Datasets as OpenMetadata tables: the entity, its columns with OpenMetadata's data types, and cursor paging by name.</summary>
internal static class Tables
{
    // OpenMetadata's column data types (entity/data/table.json, definitions.dataType).
    private static readonly HashSet<string> DataTypes = new(StringComparer.Ordinal)
    {
        "NUMBER", "TINYINT", "SMALLINT", "INT", "BIGINT", "BYTEINT", "BYTES", "FLOAT", "DOUBLE", "DECIMAL", "NUMERIC",
        "TIMESTAMP", "TIMESTAMPZ", "TIME", "DATE", "DATETIME", "INTERVAL", "STRING", "MEDIUMTEXT", "TEXT", "CHAR", "LONG",
        "VARCHAR", "BOOLEAN", "BINARY", "VARBINARY", "ARRAY", "BLOB", "LONGBLOB", "MEDIUMBLOB", "MAP", "STRUCT", "UNION",
        "SET", "GEOGRAPHY", "ENUM", "JSON", "UUID", "VARIANT", "GEOMETRY", "BYTEA", "AGGREGATEFUNCTION", "ERROR", "FIXED",
        "RECORD", "NULL", "SUPER", "HLLSKETCH", "PG_LSN", "PG_SNAPSHOT", "TSQUERY", "TXID_SNAPSHOT", "XML", "MACADDR",
        "TSVECTOR", "UNKNOWN", "CIDR", "INET", "CLOB", "ROWID", "LOWCARDINALITY", "YEAR", "POINT", "POLYGON", "TUPLE",
        "SPATIAL", "TABLE",
    };

    // Common spellings producers use for a type OpenMetadata names otherwise.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["INTEGER"] = "INT", ["INT4"] = "INT", ["INT2"] = "SMALLINT", ["INT8"] = "BIGINT", ["INT64"] = "BIGINT",
        ["INT32"] = "INT", ["BOOL"] = "BOOLEAN", ["FLOAT4"] = "FLOAT", ["FLOAT8"] = "DOUBLE", ["FLOAT64"] = "DOUBLE",
        ["REAL"] = "FLOAT", ["TIMESTAMPTZ"] = "TIMESTAMPZ", ["TIMESTAMP_TZ"] = "TIMESTAMPZ", ["TIMESTAMP_LTZ"] = "TIMESTAMPZ",
        ["TIMESTAMP_NTZ"] = "TIMESTAMP", ["CHARACTER"] = "CHAR", ["NVARCHAR"] = "VARCHAR", ["NCHAR"] = "CHAR",
        ["JSONB"] = "JSON", ["BIGNUMERIC"] = "NUMERIC", ["DOUBLE PRECISION"] = "DOUBLE", ["CHARACTER VARYING"] = "VARCHAR",
    };

    /// <summary>The table of a dataset.</summary>
    public static TableEntity Of(DatasetInfo dataset, EntityNames names, string baseUrl)
    {
        var table = names.Table(dataset.Id);
        var id = EntityNames.TableId(dataset.Id);
        var fqn = table.FullyQualifiedName;
        var columns = new List<ColumnEntity>(dataset.Fields.Count);
        for (var i = 0; i < dataset.Fields.Count; i++)
        {
            var field = dataset.Fields[i];
            var (type, length) = DataType(field.Type);
            columns.Add(new ColumnEntity(field.Id.Name, type)
            {
                DataTypeDisplay = field.Type, DataLength = length, Description = field.Description, FullyQualifiedName = fqn + "." + EntityNames.Quote(field.Id.Name), OrdinalPosition = i + 1,
            });
        }

        return new TableEntity(id, table.Table, fqn, columns)
        {
            DisplayName = dataset.Id.Namespace + ":" + dataset.Id.Name,
            Description = dataset.Description,
            TableType = string.Equals(dataset.Type, "VIEW", StringComparison.OrdinalIgnoreCase) ? "View" : "Regular",
            Service = Container(table.Service, EntityNames.Quote(table.Service), "databaseService"),
            Database = Container(table.Database, table.DatabaseFqn, "database"),
            DatabaseSchema = Container(table.Schema, table.SchemaFqn, "databaseSchema"),
            Href = baseUrl + "/api/v1/tables/" + id.ToString("D"),
            Deleted = dataset.Deleted,
            UpdatedAt = dataset.LastSeen.ToUnixTimeMilliseconds(),
        };
    }

    /// <summary>
    /// A page of tables in order of fully qualified name; <paramref name="after"/> and <paramref name="before"/> are the
    /// cursors of earlier pages. Throws <see cref="ArgumentException"/> for a cursor this server did not give.
    /// </summary>
    public static TableList Page(LineageGraph graph, EntityNames names, string baseUrl, int limit, string? after, string? before)
    {
        var all = graph.GetDatasets()
            .Where(d => !d.Deleted)
            .Select(d => (Fqn: names.TableFqn(d.Id), Dataset: d))
            .OrderBy(t => t.Fqn, StringComparer.Ordinal)
            .ToList();
        int start;
        if (Decode(before) is { } end)
        {
            var stop = all.FindIndex(t => string.CompareOrdinal(t.Fqn, end) >= 0);
            stop = stop < 0 ? all.Count : stop;
            start = Math.Max(0, stop - limit);
            limit = stop - start;
        }
        else
        {
            var from = Decode(after);
            start = from is null ? 0 : all.FindIndex(t => string.CompareOrdinal(t.Fqn, from) > 0);
            start = start < 0 ? all.Count : start;
        }

        var page = all.GetRange(start, Math.Min(limit, all.Count - start));
        return new TableList(
            [.. page.Select(t => Of(t.Dataset, names, baseUrl))],
            new EntityPaging(all.Count)
            {
                Before = start > 0 && page.Count > 0 ? Encode(page[0].Fqn) : null,
                After = start + page.Count < all.Count && page.Count > 0 ? Encode(page[^1].Fqn) : null,
            });
    }

    private static EntityReference Container(string name, string fqn, string type) =>
        new(ContainerId(type, fqn), type) { Name = name, FullyQualifiedName = fqn };

    // Services, databases and schemas have no record of their own; their ids are name-based like every other.
    private static Guid ContainerId(string type, string fqn) => Tributary.Model.RunId.FromName(type + "\n" + fqn).Value;

    // The cursor is the last name of a page, base64 so that it travels in a query string untouched.
    private static string Encode(string fqn) => Convert.ToBase64String(Encoding.UTF8.GetBytes(fqn));

    private static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"'{(cursor.Length <= 80 ? cursor : cursor[..77] + "...")}' is not a paging cursor this server gave (the after or before of an earlier page).");
        }
    }

    private static (string Type, int? Length) DataType(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ("UNKNOWN", null);
        }

        var upper = text.Trim().ToUpperInvariant();
        int? length = null;
        var open = upper.IndexOfAny(['(', '<']);
        if (open > 0)
        {
            var close = upper.IndexOf(')', open);
            if (upper[open] == '(' && close > open && int.TryParse(upper.AsSpan(open + 1, close - open - 1), out var n))
            {
                length = n;
            }

            upper = upper[..open].Trim();
        }

        if (Aliases.TryGetValue(upper, out var alias))
        {
            return (alias, length);
        }

        return (DataTypes.Contains(upper) ? upper : "UNKNOWN", length);
    }
}
