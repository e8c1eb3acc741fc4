using System.Text.Json;

namespace Tributary.Sql;

/// <summary>
/// Known tables and their columns in order: what lets the analyzer expand <c>*</c>, map INSERT without a column
/// list, and decide which table an unqualified column belongs to. Names are compared case-insensitively. Safe to
/// read while another thread adds to it (ingest derives lineage from SQL on several threads against one catalog).
/// </summary>
public sealed class SqlCatalog
{
    private readonly Dictionary<string, string[]> _tables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string[], Dictionary<string, string>> _indexes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, List<string>> _bySuffix = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly SqlCatalog? _below;

    /// <summary>Creates an empty catalog.</summary>
    public SqlCatalog()
    {
    }

    private SqlCatalog(SqlCatalog below) => _below = below;

    /// <summary>The number of tables known.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _tables.Count;
            }
        }
    }

    /// <summary>The tables known, as written when added.</summary>
    public IEnumerable<string> Tables
    {
        get
        {
            lock (_lock)
            {
                return [.. _tables.Keys];
            }
        }
    }

    /// <summary>
    /// A catalog whose own tables (added to the result) come first and which otherwise answers from
    /// <paramref name="below"/>, read live and never changed: how one event's schemas are seen on top of everything
    /// known before, without adding them to the shared catalog.
    /// </summary>
    internal static SqlCatalog Over(SqlCatalog below) => new(below);

    /// <summary>Adds (or replaces) a table with its columns in order; the name is dotted, e.g. <c>raw.orders</c>.</summary>
    public SqlCatalog Add(string table, IEnumerable<string> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentNullException.ThrowIfNull(columns);
        string[] ordered = [.. columns];
        lock (_lock)
        {
            AddLocked(Normalize(table), ordered);
        }

        return this;
    }

    private void AddLocked(string key, string[] ordered)
    {
        var isNew = !_tables.ContainsKey(key);
        if (_tables.TryGetValue(key, out var replaced))
        {
            _indexes.Remove(replaced);
        }

        _tables[key] = ordered;
        var index = new Dictionary<string, string>(ordered.Length, StringComparer.OrdinalIgnoreCase);
        foreach (var column in ordered)
        {
            index.TryAdd(column, column);
        }

        _indexes[ordered] = index;
        if (isNew)
        {
            var dot = LastDot(key);
            if (dot > 0)
            {
                var suffix = key[(dot + 1)..];
                if (!_bySuffix.TryGetValue(suffix, out var list))
                {
                    _bySuffix[suffix] = list = [];
                }

                list.Add(key);
            }
        }
    }

    /// <summary>Returns the columns of a table, matching the full name first and then a unique table name without its schema.</summary>
    public bool TryGetColumns(string table, out IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        var key = Normalize(table);
        lock (_lock)
        {
            if (TryGetColumnsLocked(key, out columns))
            {
                return true;
            }
        }

        return _below is not null && _below.TryGetColumns(table, out columns);
    }

    private bool TryGetColumnsLocked(string key, out IReadOnlyList<string> columns)
    {
        if (_tables.TryGetValue(key, out var exact))
        {
            columns = exact;
            return true;
        }

        var dot = LastDot(key);
        var last = dot >= 0 ? key[(dot + 1)..] : key;
        if (dot < 0 && _bySuffix.TryGetValue(last, out var candidates) && candidates.Count == 1)
        {
            columns = _tables[candidates[0]];
            return true;
        }

        if (dot >= 0 && _tables.TryGetValue(last, out var shortMatch))
        {
            columns = shortMatch;
            return true;
        }

        // schema.table in the SQL, database.schema.table in the catalog (or the reverse): a unique suffix match.
        if (dot >= 0 && _bySuffix.TryGetValue(last, out var sameName))
        {
            string? match = null;
            foreach (var candidate in sameName)
            {
                if (candidate.EndsWith("." + key, StringComparison.OrdinalIgnoreCase) || key.EndsWith("." + candidate, StringComparison.OrdinalIgnoreCase))
                {
                    if (match is not null)
                    {
                        match = null;
                        break;
                    }

                    match = candidate;
                }
            }

            if (match is not null)
            {
                columns = _tables[match];
                return true;
            }
        }

        columns = [];
        return false;
    }

    /// <summary>The case-insensitive column index of a column list returned by <see cref="TryGetColumns"/>.</summary>
    internal Dictionary<string, string>? IndexOf(IReadOnlyList<string> columns)
    {
        if (columns is not string[] array)
        {
            return null;
        }

        lock (_lock)
        {
            if (_indexes.TryGetValue(array, out var index))
            {
                return index;
            }
        }

        return _below?.IndexOf(columns);
    }

    /// <summary>Builds a catalog from a dictionary of table name to columns.</summary>
    public static SqlCatalog FromDictionary(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var catalog = new SqlCatalog();
        foreach (var (table, columns) in tables)
        {
            catalog.Add(table, columns);
        }

        return catalog;
    }

    /// <summary>
    /// Reads a catalog from JSON: either <c>{"schema.table": ["col", ...]}</c> or the same with column objects
    /// (<c>[{"name": "col"}]</c>), as a dbt catalog or a schema facet gives them.
    /// </summary>
    /// <exception cref="FormatException">The JSON is not an object of arrays.</exception>
    public static SqlCatalog FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    /// <summary>Reads a catalog from a parsed JSON object (see <see cref="FromJson(string)"/>).</summary>
    /// <exception cref="FormatException">The JSON is not an object of arrays.</exception>
    public static SqlCatalog FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("A SQL catalog must be a JSON object of table name to column list.");
        }

        var catalog = new SqlCatalog();
        foreach (var table in root.EnumerateObject())
        {
            if (table.Value.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"Catalog entry '{table.Name}' must be an array of column names.");
            }

            var columns = new List<string>();
            foreach (var column in table.Value.EnumerateArray())
            {
                if (column.ValueKind == JsonValueKind.String)
                {
                    columns.Add(column.GetString()!);
                }
                else if (column.ValueKind == JsonValueKind.Object && column.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
                {
                    columns.Add(name.GetString()!);
                }
                else
                {
                    throw new FormatException($"Catalog entry '{table.Name}' has a column that is neither a string nor an object with a name.");
                }
            }

            catalog.Add(table.Name, columns);
        }

        return catalog;
    }

    /// <summary>Reads a catalog from a JSON file (see <see cref="FromJson(string)"/>).</summary>
    public static SqlCatalog FromJsonFile(string path) => FromJson(File.ReadAllText(path));

    /// <summary>
    /// Builds a catalog from DDL: every <c>CREATE TABLE name (col type, …)</c> in the script adds the table with its
    /// columns; statements that are not table definitions are ignored.
    /// </summary>
    public static SqlCatalog FromDdl(string ddl, SqlDialect dialect = SqlDialect.Ansi)
    {
        ArgumentNullException.ThrowIfNull(ddl);
        var catalog = new SqlCatalog();
        var info = Parsing.DialectInfo.For(dialect);
        var tokenizer = Parsing.Tokenizer.Run(ddl, info);
        var tokens = tokenizer.Tokens;
        var parser = new Parsing.Parser(tokens, info, 200);
        var parsed = new List<(Syntax.Statement? Statement, int Start, Parsing.SqlParseException? Error, int TrailingAt)>();
        var start = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind is not (Parsing.TokenKind.Semicolon or Parsing.TokenKind.End))
            {
                continue;
            }

            if (i > start)
            {
                parser.ParseRange(start, i, parsed);
            }

            start = i + 1;
        }

        foreach (var (statement, _, _, _) in parsed)
        {
            if (statement is Syntax.CreateStatement { Columns.Count: > 0 } create)
            {
                catalog.Add(string.Join('.', create.Target.Parts.Select(p => p.Value)), create.Columns.Select(c => c.Value));
            }
        }

        return catalog;
    }

    /// <summary>Returns a copy that can be extended without changing this catalog.</summary>
    public SqlCatalog Clone()
    {
        var copy = new SqlCatalog();
        lock (_lock)
        {
            foreach (var (table, columns) in _tables)
            {
                copy.Add(table, columns);
            }
        }

        return copy;
    }

    private static string Normalize(string table) => table.Replace("\"", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal).Trim();

    private static int LastDot(string name) => name.LastIndexOf('.');
}
