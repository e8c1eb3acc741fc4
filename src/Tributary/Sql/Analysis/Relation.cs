using Tributary.Sql.Syntax;

namespace Tributary.Sql.Analysis;

/// <summary>Whether a relation has a column.</summary>
internal enum Lookup
{
    NotFound,
    Found,

    /// <summary>The relation's columns are not known; the column is assumed to be its own.</summary>
    Unknown,
}

/// <summary>Something in FROM that columns can be read from: a table, a CTE or subquery, a table function.</summary>
internal abstract class Relation
{
    /// <summary>The alias, or null when the relation was not given one.</summary>
    public string? Alias { get; init; }

    /// <summary>The name parts a query may use to refer to an unaliased table (its name), or null.</summary>
    public Identifier[]? NameParts { get; init; }

    /// <summary>The physical table written by the statement (UPDATE, DELETE, MERGE target).</summary>
    public bool IsTarget { get; init; }

    public abstract Lookup Find(string column, StringComparer comparer, out LineageSet lineage);

    /// <summary>The columns for <c>*</c>; <paramref name="unknown"/> lists relations whose columns are not known.</summary>
    public abstract void Expand(List<OutputColumn> into, List<Relation> unknown);
}

/// <summary>A real table or view.</summary>
/// <remarks>
/// <paramref name="catalogSpelled"/>: the columns are the catalog's own spellings, which are canonical already (every
/// reference to a catalog column resolves to its one spelling), so they skip <see cref="ColumnNames.Canonical"/>.
/// </remarks>
internal sealed class TableRelation(string table, IReadOnlyList<string>? columns, ColumnNames names, Dictionary<string, string>? index = null, bool catalogSpelled = false) : Relation
{
    public string Table { get; } = table;

    public IReadOnlyList<string>? Columns { get; } = columns;

    public override Lookup Find(string column, StringComparer comparer, out LineageSet lineage)
    {
        if (Columns is not null)
        {
            if (_index is null)
            {
                _index = new Dictionary<string, string>(comparer);
                foreach (var c in Columns)
                {
                    _index.TryAdd(c, c);
                }
            }

            if (_index.TryGetValue(column, out var spelled) && (ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase) || comparer.Equals(spelled, column)))
            {
                lineage = Identity(spelled, catalogSpelled);
                return Lookup.Found;
            }

            lineage = LineageSet.Empty;
            return Lookup.NotFound;
        }

        lineage = Identity(column);
        return Lookup.Unknown;
    }

    // A query reads a few columns of each table: they are scanned; past CacheScan, indexed.
    private const int CacheScan = 8;
    private (string Column, LineageSet Set)[]? _recent;
    private int _recentCount;
    private Dictionary<string, LineageSet>? _cache;
    private Dictionary<string, string>? _index = index;

    /// <summary>The (shared, never mutated) lineage of one of this table's columns.</summary>
    public LineageSet Identity(string column) => Identity(column, canonical: false);

    private LineageSet Identity(string column, bool canonical)
    {
        if (_cache is not null)
        {
            if (_cache.TryGetValue(column, out var cached))
            {
                return cached;
            }
        }
        else
        {
            for (var i = 0; i < _recentCount; i++)
            {
                var (name, set) = _recent![i];
                if (ReferenceEquals(name, column) || names.Comparer.Equals(name, column))
                {
                    return set;
                }
            }
        }

        var made = new LineageSet();
        made.AddDirect(new SourceColumn(Table, canonical ? column : names.Canonical(Table, column)), SqlLineageKind.Identity, false);
        if (_cache is not null)
        {
            _cache[column] = made;
        }
        else if (_recentCount < CacheScan)
        {
            _recent ??= new (string, LineageSet)[CacheScan];
            _recent[_recentCount++] = (column, made);
        }
        else
        {
            _cache = new Dictionary<string, LineageSet>(CacheScan * 4, names.Comparer);
            foreach (var (name, set) in _recent!)
            {
                _cache[name] = set;
            }

            _cache[column] = made;
            _recent = null;
        }

        return made;
    }

    public override void Expand(List<OutputColumn> into, List<Relation> unknown)
    {
        if (Columns is null)
        {
            unknown.Add(this);
            return;
        }

        foreach (var c in Columns)
        {
            into.Add(new OutputColumn(c, Identity(c, catalogSpelled)));
        }
    }
}

/// <summary>A CTE, subquery, VALUES list or table written earlier in the script: columns with known lineage.</summary>
internal sealed class DerivedRelation(QueryResult result) : Relation
{
    public QueryResult Result { get; } = result;

    private Dictionary<string, LineageSet>? _index;

    public override Lookup Find(string column, StringComparer comparer, out LineageSet lineage)
    {
        var columns = Result.Columns;
        if (columns.Count > 8)
        {
            if (_index is null)
            {
                _index = new Dictionary<string, LineageSet>(comparer);
                foreach (var c in columns)
                {
                    _index.TryAdd(c.Name, c.Lineage);
                }
            }

            if (_index.TryGetValue(column, out var found))
            {
                lineage = found;
                return Lookup.Found;
            }
        }
        else
        {
            foreach (var c in columns)
            {
                if (comparer.Equals(c.Name, column))
                {
                    lineage = c.Lineage;
                    return Lookup.Found;
                }
            }
        }

        if (Result.StarSources is { Count: > 0 } stars)
        {
            foreach (var star in stars)
            {
                var found = star.Find(column, comparer, out lineage);
                if (found == Lookup.Found)
                {
                    return Lookup.Found;
                }
            }

            foreach (var star in stars)
            {
                if (star.Find(column, comparer, out lineage) == Lookup.Unknown)
                {
                    return Lookup.Unknown;
                }
            }
        }

        lineage = LineageSet.Empty;
        return Lookup.NotFound;
    }

    public override void Expand(List<OutputColumn> into, List<Relation> unknown)
    {
        foreach (var c in Result.Columns)
        {
            if (!c.IsStar)
            {
                into.Add(c);
            }
        }

        if (Result.StarSources is not null)
        {
            foreach (var star in Result.StarSources)
            {
                star.Expand(into, unknown);
            }
        }
    }
}

/// <summary>
/// A table-valued function (UNNEST, FLATTEN, explode in LATERAL VIEW): every column it yields, named or not,
/// is computed from the function's arguments.
/// </summary>
internal sealed class FunctionRelation(LineageSet arguments, List<string>? columns) : Relation
{
    public LineageSet Arguments { get; } = arguments;

    public List<string>? Columns { get; } = columns;

    public override Lookup Find(string column, StringComparer comparer, out LineageSet lineage)
    {
        lineage = Arguments;
        if (Columns is not null)
        {
            foreach (var c in Columns)
            {
                if (comparer.Equals(c, column))
                {
                    return Lookup.Found;
                }
            }

            // Columns beyond the declared ones (Snowflake FLATTEN's VALUE, INDEX, …) still come from the argument.
            return Lookup.NotFound;
        }

        return Lookup.NotFound;
    }

    public override void Expand(List<OutputColumn> into, List<Relation> unknown)
    {
        if (Columns is not null)
        {
            foreach (var c in Columns)
            {
                into.Add(new OutputColumn(c, Arguments));
            }
        }
    }
}
