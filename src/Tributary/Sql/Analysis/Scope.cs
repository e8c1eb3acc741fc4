using Tributary.Sql.Syntax;

namespace Tributary.Sql.Analysis;

/// <summary>The names visible to one SELECT block: its FROM relations, its select-list aliases, and the enclosing scope for correlation.</summary>
internal sealed class Scope(Scope? parent, CteFrame? ctes)
{
    public Scope? Parent { get; } = parent;

    public CteFrame? Ctes { get; } = ctes;

    public List<Relation> Relations { get; } = [];

    private Dictionary<string, int>? _aliasIndex;
    private int _aliasesIndexed;

    /// <summary>The select list's output columns as they are produced; only ever appended to while the scope is in use.</summary>
    public List<OutputColumn>? SelectAliases { get; set; }

    public HashSet<string>? UsingColumns { get; set; }

    public Dictionary<string, WindowSpec>? Windows { get; set; }

    public List<string>? LambdaParameters { get; set; }

    /// <summary>
    /// The lineage of the first select-list column named <paramref name="name"/>, or null. Short lists are scanned; a long
    /// one is indexed as it grows, so resolving every column of a 100,000-column select list stays linear.
    /// </summary>
    public LineageSet? FindAlias(string name, StringComparer comparer)
    {
        var aliases = SelectAliases;
        if (aliases is null)
        {
            return null;
        }

        if (aliases.Count <= 16)
        {
            foreach (var c in aliases)
            {
                if (comparer.Equals(c.Name, name))
                {
                    return c.Lineage;
                }
            }

            return null;
        }

        _aliasIndex ??= new Dictionary<string, int>(aliases.Count, comparer);
        for (var i = _aliasesIndexed; i < aliases.Count; i++)
        {
            _aliasIndex.TryAdd(aliases[i].Name, i);
        }

        _aliasesIndexed = aliases.Count;
        return _aliasIndex.TryGetValue(name, out var at) ? aliases[at].Lineage : null;
    }
}

/// <summary>The CTEs of one WITH clause, evaluated lazily and once.</summary>
internal sealed class CteFrame(CteFrame? parent, StringComparer comparer)
{
    public CteFrame? Parent { get; } = parent;

    public Dictionary<string, CteEntry> Entries { get; } = new(comparer);

    /// <summary>The CTEs in the order they are written.</summary>
    public List<CteEntry> Order { get; } = [];
}

/// <summary>One CTE and its evaluation state (recursive CTEs see a partial result of themselves).</summary>
internal sealed class CteEntry(CommonTableExpr definition, CteFrame frame, bool recursive)
{
    /// <summary>True when the CTE may read itself (WITH RECURSIVE, or a UNION body as T-SQL writes recursive CTEs).</summary>
    public bool Recursive { get; } = recursive;

    public CommonTableExpr Definition { get; } = definition;

    public CteFrame Frame { get; } = frame;

    public QueryResult? Result { get; set; }

    public QueryResult? Partial { get; set; }

    public bool InProgress { get; set; }

    public bool SelfReferenced { get; set; }

    /// <summary>The position of the CTE in its WITH.</summary>
    public int Index { get; init; }

    /// <summary>The tables the CTE's body reads; they count once the CTE is used.</summary>
    public List<string> Reads { get; } = [];

    /// <summary>The dataset-level indirect uses of the CTE's body.</summary>
    public List<(SourceColumn Source, SqlIndirectKind Kind)> IndirectReads { get; } = [];

    /// <summary>The CTEs the CTE's body uses.</summary>
    public List<CteEntry> Uses { get; } = [];

    /// <summary>True once what the CTE reads has been counted.</summary>
    public bool Committed { get; set; }
}

/// <summary>A target column of a statement and where its value comes from.</summary>
internal sealed record TargetColumn(string? Table, string Column, LineageSet Lineage);

/// <summary>What one statement reads and writes.</summary>
internal sealed class StatementLineage
{
    public List<string> Inputs { get; } = [];

    public List<string> Outputs { get; } = [];

    // Made on first use: most statements write no temporary table, and a long script holds every statement until its end.
    private HashSet<string>? _temporaryOutputs;
    private Dictionary<string, List<OutputColumn>>? _written;

    /// <summary>True when this statement wrote <paramref name="table"/> as a temporary table.</summary>
    public bool IsTemporaryOutput(string table) => _temporaryOutputs?.Contains(table) == true;

    public void AddTemporaryOutput(string table) => (_temporaryOutputs ??= []).Add(table);

    public List<TargetColumn> Columns { get; } = [];

    public List<(SourceColumn Source, SqlIndirectKind Kind)> Indirect { get; } = [];

    /// <summary>Output table → its columns in order with lineage, for tables created or filled by this statement.</summary>
    public Dictionary<string, List<OutputColumn>> Written => _written ??= [];

    public string Kind { get; set; } = "";

    public List<string>? Dropped { get; set; }

    public (string From, string To)? Renamed { get; set; }

    public int Line { get; set; }

    public int Column { get; set; }
}
