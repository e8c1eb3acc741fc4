namespace Tributary.Sql.Analysis;

/// <summary>Turns per-statement lineage into the public result, for union semantics (and the shared conversions).</summary>
internal static class ResultBuilder
{
    public static SqlLineageResult Union(List<StatementLineage> statements, List<SqlDiagnostic> diagnostics, AnalyzerContext context)
    {
        var comparer = context.Comparer;
        var inputs = new HashSet<string>(comparer);
        var outputs = new HashSet<string>(comparer);
        var indirect = new List<(SourceColumn, SqlIndirectKind)>();
        var byOutput = new Dictionary<string, List<(SourceColumn, SqlIndirectKind)>>(comparer);
        var columns = new List<TargetColumn>();
        foreach (var s in statements)
        {
            inputs.UnionWith(s.Inputs);
            outputs.UnionWith(s.Outputs);
            indirect.AddRange(s.Indirect);
            columns.AddRange(s.Columns);
            foreach (var output in s.Outputs)
            {
                if (!byOutput.TryGetValue(output, out var list))
                {
                    byOutput[output] = list = [];
                }

                list.AddRange(s.Indirect);
            }
        }

        return Build(inputs, outputs, [], columns, indirect, byOutput, statements, diagnostics, comparer);
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
        var indirectByOutput = new SortedDictionary<string, IReadOnlyList<SqlIndirectSource>>(StringComparer.Ordinal);
        foreach (var (output, list) in byOutput)
        {
            indirectByOutput[output] = Indirect(list);
        }

        var allColumns = Columns(columns, comparer);
        var allIndirect = Indirect(indirect);
        var single = statements.Count == 1;
        var statementResults = new List<SqlStatementLineage>(statements.Count);
        foreach (var s in statements)
        {
            // One statement: its lists are the script's, so share them rather than convert twice.
            statementResults.Add(new SqlStatementLineage(
                s.Line, s.Column, s.Kind, Sorted(s.Inputs), Sorted(s.Outputs),
                single ? allColumns : Columns(s.Columns, comparer),
                single ? allIndirect : Indirect(s.Indirect)));
        }

        return new SqlLineageResult(
            Sorted(inputs), Sorted(outputs), Sorted(intermediates), allColumns, allIndirect, indirectByOutput, statementResults, diagnostics);
    }

    private static List<string> Sorted(IEnumerable<string> names)
    {
        var list = names.Distinct().ToList();
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    /// <summary>Merges target columns with the same name and converts them, dropping targets without any source.</summary>
    public static List<SqlColumnLineage> Columns(List<TargetColumn> columns, StringComparer comparer)
    {
        var order = new List<(string? Table, string Column)>();
        var merged = new Dictionary<(string, string), LineageSet>(new PairComparer(comparer));
        foreach (var c in columns)
        {
            var key = (c.Table ?? "", c.Column);
            if (!merged.TryGetValue(key, out var set))
            {
                merged[key] = set = new LineageSet();
                order.Add((c.Table, c.Column));
            }

            set.MergeFrom(c.Lineage, SqlLineageKind.Identity, false);
        }

        var result = new List<SqlColumnLineage>();
        foreach (var (table, column) in order)
        {
            var set = merged[(table ?? "", column)];
            if (set.IsEmpty)
            {
                continue;
            }

            var sources = new List<SqlColumnSource>(set.Direct.Count);
            foreach (var d in set.Direct)
            {
                sources.Add(new SqlColumnSource(new SqlColumnRef(d.Source.Table, d.Source.Column), d.Kind, d.Masked, d.Guessed));
            }

            sources.Sort((a, b) => CompareColumns(a.Column, b.Column));
            var indirect = new List<SqlIndirectSource>(set.Indirect?.Count ?? 0);
            if (set.Indirect is not null)
            {
                foreach (var i in set.Indirect)
                {
                    indirect.Add(new SqlIndirectSource(new SqlColumnRef(i.Source.Table, i.Source.Column), i.Kind));
                }

                indirect.Sort(CompareIndirect);
            }

            result.Add(new SqlColumnLineage(new SqlColumnRef(table, column), sources, indirect));
        }

        return result;
    }

    public static List<SqlIndirectSource> Indirect(IEnumerable<(SourceColumn Source, SqlIndirectKind Kind)> list)
    {
        var result = new List<SqlIndirectSource>();
        var seen = new HashSet<(SourceColumn, SqlIndirectKind)>();
        foreach (var i in list)
        {
            if (seen.Add(i))
            {
                result.Add(new SqlIndirectSource(new SqlColumnRef(i.Source.Table, i.Source.Column), i.Kind));
            }
        }

        result.Sort(CompareIndirect);
        return result;
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
