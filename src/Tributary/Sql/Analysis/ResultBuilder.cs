namespace Tributary.Sql.Analysis;

/// <summary>Turns per-statement lineage into the public result, for union semantics (and the shared conversions).</summary>
internal static class ResultBuilder
{
    /// <summary>Up to this many entries a list is scanned; past it, indexed.</summary>
    public const int ScanLimit = 16;

    public static SqlLineageResult Union(List<StatementLineage> statements, List<SqlDiagnostic> diagnostics, AnalyzerContext context)
    {
        var union = new UnionResult(context);
        foreach (var s in statements)
        {
            union.Add(s);
        }

        return union.Build(diagnostics);
    }

    public static SqlLineageResult Build(
        IEnumerable<string> inputs,
        IEnumerable<string> outputs,
        IEnumerable<string> intermediates,
        List<TargetColumn> columns,
        List<(SourceColumn, SqlIndirectKind)> indirect,
        Dictionary<string, List<(SourceColumn, SqlIndirectKind)>> byOutput,
        List<StatementLineage> statements,
        List<SqlDiagnostic> diagnostics,
        StringComparer comparer)
    {
        // One reference object per source column for the whole result: the records are immutable, and a long
        // script names the same few columns in every statement.
        var refs = new Dictionary<SourceColumn, SqlColumnRef>();
        var indirectByOutput = new SortedDictionary<string, IReadOnlyList<SqlIndirectSource>>(StringComparer.Ordinal);
        foreach (var (output, list) in byOutput)
        {
            indirectByOutput[output] = Indirect(list, refs);
        }

        var allColumns = Columns(columns, comparer, refs);
        var allIndirect = Indirect(indirect, refs);
        var single = statements.Count == 1;
        var statementResults = new List<SqlStatementLineage>(statements.Count);
        foreach (var s in statements)
        {
            // One statement: its lists are the script's, so share them rather than convert twice.
            statementResults.Add(new SqlStatementLineage(
                s.Line, s.Column, s.Kind, Sorted(s.Inputs), Sorted(s.Outputs),
                single ? allColumns : Columns(s.Columns, comparer, refs),
                single ? allIndirect : Indirect(s.Indirect, refs)));
        }

        return new SqlLineageResult(
            Sorted(inputs), Sorted(outputs), Sorted(intermediates), allColumns, allIndirect, indirectByOutput, statementResults, diagnostics);
    }

    /// <summary>The distinct names in ordinal order: sorted first, so duplicates sit together and no set is needed.</summary>
    public static List<string> Sorted(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        if (list.Count < 2)
        {
            return list;
        }

        list.Sort(StringComparer.Ordinal);
        var kept = 1;
        for (var i = 1; i < list.Count; i++)
        {
            if (!string.Equals(list[i], list[kept - 1], StringComparison.Ordinal))
            {
                list[kept++] = list[i];
            }
        }

        list.RemoveRange(kept, list.Count - kept);
        return list;
    }

    /// <summary>Merges target columns with the same name and converts them, dropping targets without any source.</summary>
    public static List<SqlColumnLineage> Columns(List<TargetColumn> columns, StringComparer comparer, Dictionary<SourceColumn, SqlColumnRef> refs)
    {
        var merged = new MergedColumns(comparer);
        merged.AddRange(columns);
        return merged.Convert(refs);
    }

    /// <summary>
    /// Target columns merged by table and name in first-written order. A target written once keeps its own (never
    /// changed) lineage; only one written again gets a merged copy. Few targets are compared in place; past that,
    /// an index by name is made once.
    /// </summary>
    public sealed class MergedColumns(StringComparer comparer)
    {
        private readonly List<(string? Table, string Column, LineageSet Set, bool Copied)> _order = [];
        private Dictionary<(string, string), int>? _index;

        public void AddRange(List<TargetColumn> columns)
        {
            foreach (var c in columns)
            {
                var table = c.Table ?? "";
                var at = -1;
                if (_index is null && _order.Count > ScanLimit)
                {
                    _index = new Dictionary<(string, string), int>(_order.Count * 2, new PairComparer(comparer));
                    for (var i = 0; i < _order.Count; i++)
                    {
                        _index.Add((_order[i].Table ?? "", _order[i].Column), i);
                    }
                }

                if (_index is not null)
                {
                    if (!_index.TryAdd((table, c.Column), _order.Count))
                    {
                        at = _index[(table, c.Column)];
                    }
                }
                else
                {
                    for (var i = 0; i < _order.Count; i++)
                    {
                        if (comparer.Equals(_order[i].Table ?? "", table) && comparer.Equals(_order[i].Column, c.Column))
                        {
                            at = i;
                            break;
                        }
                    }
                }

                if (at < 0)
                {
                    _order.Add((c.Table, c.Column, c.Lineage, false));
                    continue;
                }

                var entry = _order[at];
                if (!entry.Copied)
                {
                    entry = (entry.Table, entry.Column, entry.Set.Clone(), true);
                    _order[at] = entry;
                }

                entry.Set.MergeFrom(c.Lineage, SqlLineageKind.Identity, false);
            }
        }

        public List<SqlColumnLineage> Convert(Dictionary<SourceColumn, SqlColumnRef> refs)
        {
            var result = new List<SqlColumnLineage>(_order.Count);
            foreach (var (table, column, set, _) in _order)
            {
                if (set.IsEmpty)
                {
                    continue;
                }

                var sources = new List<SqlColumnSource>(set.Direct.Count);
                foreach (var d in set.Direct)
                {
                    sources.Add(new SqlColumnSource(Ref(refs, d.Source), d.Kind, d.Masked, d.Guessed));
                }

                sources.Sort((a, b) => CompareColumns(a.Column, b.Column));
                var indirect = new List<SqlIndirectSource>(set.Indirect?.Count ?? 0);
                if (set.Indirect is not null)
                {
                    foreach (var i in set.Indirect)
                    {
                        indirect.Add(new SqlIndirectSource(Ref(refs, i.Source), i.Kind));
                    }

                    indirect.Sort(CompareIndirect);
                }

                result.Add(new SqlColumnLineage(new SqlColumnRef(table, column), sources, indirect));
            }

            return result;
        }
    }

    public static List<SqlIndirectSource> Indirect(List<(SourceColumn Source, SqlIndirectKind Kind)> list, Dictionary<SourceColumn, SqlColumnRef> refs)
    {
        var result = new List<SqlIndirectSource>(list.Count);
        // A statement's few uses are compared in place; a script's many through a set.
        var seen = list.Count > ScanLimit ? new HashSet<(SourceColumn, SqlIndirectKind)>(list.Count) : null;
        for (var n = 0; n < list.Count; n++)
        {
            var i = list[n];
            if (seen is not null ? seen.Add(i) : list.IndexOf(i, 0, n) < 0)
            {
                result.Add(new SqlIndirectSource(Ref(refs, i.Source), i.Kind));
            }
        }

        result.Sort(CompareIndirect);
        return result;
    }

    private static SqlColumnRef Ref(Dictionary<SourceColumn, SqlColumnRef> refs, SourceColumn column)
    {
        if (!refs.TryGetValue(column, out var found))
        {
            refs.Add(column, found = new SqlColumnRef(column.Table, column.Column));
        }

        return found;
    }

    private static int CompareColumns(SqlColumnRef a, SqlColumnRef b)
    {
        var c = string.CompareOrdinal(a.Table, b.Table);
        return c != 0 ? c : string.CompareOrdinal(a.Column, b.Column);
    }

    private static int CompareIndirect(SqlIndirectSource a, SqlIndirectSource b)
    {
        var c = CompareColumns(a.Column, b.Column);
        return c != 0 ? c : a.Kind.CompareTo(b.Kind);
    }

    private sealed class PairComparer(StringComparer comparer) : IEqualityComparer<(string, string)>
    {
        public bool Equals((string, string) x, (string, string) y) => comparer.Equals(x.Item1, y.Item1) && comparer.Equals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) => HashCode.Combine(comparer.GetHashCode(obj.Item1), comparer.GetHashCode(obj.Item2));
    }
}
