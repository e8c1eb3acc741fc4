using Tributary.Sql.Parsing;

namespace Tributary.Sql.Analysis;

/// <summary>State shared by the statements of one script: options, names, the catalog grown by DDL, the default schema, script tables.</summary>
internal sealed class AnalyzerContext
{
    private readonly Dictionary<string, IReadOnlyList<string>> _created;
    private readonly HashSet<string> _looked = new(StringComparer.Ordinal);

    public AnalyzerContext(SqlAnalysisOptions options)
    {
        Options = options;
        Dialect = DialectInfo.For(options.Dialect);
        Comparer = options.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        Names = new ColumnNames(Comparer);
        DefaultSchema = string.IsNullOrWhiteSpace(options.DefaultSchema) ? null : options.DefaultSchema;
        _created = new(StringComparer.OrdinalIgnoreCase);
        TemporaryNames = new(Comparer);
        Budget = SqlBudget.Start(options.TimeBudget);
    }

    /// <summary>The time budget every stage ticks, or null for none.</summary>
    public SqlBudget? Budget { get; }

    /// <summary>Every catalog lookup made (the answer depends on them); the same table asked twice is recorded once.</summary>
    public List<CatalogLookup> CatalogLookups { get; } = [];

    public SqlAnalysisOptions Options { get; }

    public DialectInfo Dialect { get; }

    public StringComparer Comparer { get; }

    public ColumnNames Names { get; }

    public string? DefaultSchema { get; set; }

    /// <summary>Unqualified names of temporary tables created so far (they never take the default schema).</summary>
    public HashSet<string> TemporaryNames { get; }

    /// <summary>Script semantics: tables written earlier in the script, read through their lineage.</summary>
    public Func<string, WrittenTable?>? ScriptTables { get; set; }

    public void AddCreated(string table, IReadOnlyList<string> columns) => _created[Strip(table)] = columns;

    /// <summary>A shared case-insensitive index of catalog columns, so each reference does not rebuild one.</summary>
    public Dictionary<string, string>? IndexOf(IReadOnlyList<string> columns) => Options.Catalog?.IndexOf(columns);

    public bool TryGetColumns(string table, out IReadOnlyList<string> columns)
    {
        if (_created.TryGetValue(Strip(table), out var created))
        {
            columns = created;
            return true;
        }

        if (Options.Catalog is { } catalog)
        {
            var found = catalog.TryGetColumns(table, out columns);
            if (_looked.Add(table))
            {
                CatalogLookups.Add(new CatalogLookup(table, found ? columns : null));
            }

            if (found)
            {
                return true;
            }
        }

        columns = [];
        return false;
    }

    private static string Strip(string table) => table.Replace("\"", "", StringComparison.Ordinal);
}

/// <summary>A table written earlier in a script (script semantics): its columns' end-to-end lineage and the inputs that fed it.</summary>
internal sealed class WrittenTable(string name)
{
    public string Name { get; } = name;

    private Dictionary<string, int>? _index;
    private int _indexed;

    /// <summary>The columns in order; only ever appended to, so <see cref="IndexOf"/> can index them as they come.</summary>
    public List<OutputColumn> Columns { get; } = [];

    public HashSet<string> Inputs { get; } = [];

    public bool Temporary { get; set; }

    public bool Read { get; set; }

    public bool Dropped { get; set; }

    /// <summary>The position of the first column named <paramref name="name"/>, or -1; indexes the columns appended since the last call.</summary>
    public int IndexOf(string name, StringComparer comparer)
    {
        _index ??= new Dictionary<string, int>(comparer);
        for (var i = _indexed; i < Columns.Count; i++)
        {
            _index.TryAdd(Columns[i].Name, i);
        }

        _indexed = Columns.Count;
        return _index.TryGetValue(name, out var found) ? found : -1;
    }
}
