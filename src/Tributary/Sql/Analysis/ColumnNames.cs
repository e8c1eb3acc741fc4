namespace Tributary.Sql.Analysis;

/// <summary>
/// Keeps one spelling per table and per column (the first seen, catalog spellings first), so the same column
/// written as <c>O.Order_Id</c> and <c>o.order_id</c> becomes one source when identifiers are case-insensitive.
/// </summary>
internal sealed class ColumnNames(StringComparer comparer)
{
    private readonly Dictionary<string, string> _tables = new(comparer);
    private readonly Dictionary<(string Table, string Column), string> _columns = new(new PairComparer(comparer));

    public StringComparer Comparer { get; } = comparer;

    public string CanonicalTable(string table)
    {
        if (_tables.TryGetValue(table, out var existing))
        {
            return existing;
        }

        _tables[table] = table;
        return table;
    }

    /// <summary>The same as <see cref="CanonicalTable(string)"/> for a name still in a buffer: a string only for a new name.</summary>
    public string CanonicalTable(ReadOnlySpan<char> table)
    {
        if (_tables.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(table, out var existing))
        {
            return existing;
        }

        var name = table.ToString();
        _tables[name] = name;
        return name;
    }

    public string Canonical(string table, string column)
    {
        if (_columns.TryGetValue((table, column), out var existing))
        {
            return existing;
        }

        _columns[(table, column)] = column;
        return column;
    }

    private sealed class PairComparer(StringComparer comparer) : IEqualityComparer<(string Table, string Column)>
    {
        public bool Equals((string Table, string Column) x, (string Table, string Column) y) => comparer.Equals(x.Table, y.Table) && comparer.Equals(x.Column, y.Column);

        public int GetHashCode((string Table, string Column) obj) => HashCode.Combine(comparer.GetHashCode(obj.Table), comparer.GetHashCode(obj.Column));
    }
}
