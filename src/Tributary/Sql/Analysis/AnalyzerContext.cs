using Tributary.Sql.Parsing;

namespace Tributary.Sql.Analysis;

/// <summary>State shared by the statements of one script: options, names, the catalog grown by DDL, the default schema, script tables.</summary>
internal sealed class AnalyzerContext
{
    private readonly Dictionary<string, IReadOnlyList<string>> _created;
    private readonly HashSet<string> _looked = new(StringComparer.Ordinal);

    public AnalyzerContext(SqlAnalysisOptions options, SqlBudget? budget = null)
    {
        Options = options;
        Dialect = DialectInfo.For(options.Dialect);
        Comparer = options.CaseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        Names = new ColumnNames(Comparer);
        DefaultSchema = string.IsNullOrWhiteSpace(options.DefaultSchema) ? null : options.DefaultSchema;
        _created = new(StringComparer.OrdinalIgnoreCase);
        TemporaryNames = new(Comparer);
        Budget = budget ?? SqlBudget.Start(options.TimeBudget);
    }

    /// <summary>The SQL text analysed, for the snippets of <see cref="Notes"/>.</summary>
    public string Sql { get; set; } = "";

    /// <summary>Diagnostics the analysis raised (guesses, columns it could not place, parts it skipped), each once.</summary>
    public List<SqlDiagnostic> Notes { get; } = [];

    /// <summary>Records a diagnostic at a place in <see cref="Sql"/>; the same message at the same place is kept once.</summary>
    public void Note(int line, int column, int offset, string message, bool isError = false)
    {
        _noted ??= [];
        if (_noted.Add((line, column, message)))
        {
            Notes.Add(SqlLineage.Diagnostic(Sql, line, column, offset, message, isError));
        }
    }

    private HashSet<(int, int, string)>? _noted;

    /// <summary>Procedural variables and routine parameters in scope; shared with the parsers, which add and clear them.</summary>
    public HashSet<string> Variables { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The lineage of the value each variable was last given (none: declared only, reads no column).</summary>
    public Dictionary<string, LineageSet> VariableValues { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a statement ran out of stack before reaching <see cref="SqlAnalysisOptions.MaxDepth"/>: the analysis is run again on a larger stack.</summary>
    public bool StackExhausted { get; set; }

    /// <summary>The time budget every stage ticks, or null for none.</summary>
    public SqlBudget? Budget { get; }

    /// <summary>Every catalog lookup made (the answer depends on them); the same table asked twice is recorded once.</summary>
    public List<CatalogLookup> CatalogLookups { get; } = [];

    public SqlAnalysisOptions Options { get; }

    public DialectInfo Dialect { get; }

    public StringComparer Comparer { get; }

    public ColumnNames Names { get; }

    public string? DefaultSchema { get; set; }

    /// <summary>The database (catalog) set by USE: it qualifies <c>schema.table</c> and, with a schema, <c>table</c>.</summary>
    public string? DefaultDatabase { get; set; }

    /// <summary>
    /// Applies USE as OpenLineage-sql does: two parts set database and schema; CATALOG sets the database; SCHEMA the
    /// schema; DATABASE and a bare name set the schema where a database is a schema (Hive, Spark, Databricks, MySQL,
    /// Trino's bare name, Teradata) and the database elsewhere (Snowflake, T-SQL, DuckDB, ANSI).
    /// </summary>
    public void Use(string[] parts, Syntax.UseKind kind)
    {
        if (parts.Length >= 2)
        {
            DefaultDatabase = parts[0];
            DefaultSchema = parts[1];
            return;
        }

        var schemaIsDatabase = Options.Dialect is SqlDialect.Hive or SqlDialect.Spark or SqlDialect.Databricks or SqlDialect.MySql or SqlDialect.Teradata;
        var bareIsSchema = schemaIsDatabase || Options.Dialect is SqlDialect.Athena or SqlDialect.Trino;
        var setsSchema = kind switch
        {
            Syntax.UseKind.Schema => true,
            Syntax.UseKind.Catalog => false,
            Syntax.UseKind.Database => schemaIsDatabase,
            _ => bareIsSchema,
        };
        if (setsSchema)
        {
            DefaultSchema = parts[0];
        }
        else
        {
            DefaultDatabase = parts[0];
        }
    }

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
