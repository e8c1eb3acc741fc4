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

        var statementResults = statements.Select(s => new SqlStatementLineage(
            s.Line, s.Column, s.Kind, Sorted(s.Inputs), Sorted(s.Outputs), Columns(s.Columns, comparer), Indirect(s.Indirect))).ToList();

        return new SqlLineageResult(
            Sorted(inputs), Sorted(outputs), Sorted(intermediates), Columns(columns, comparer), Indirect(indirect), indirectByOutput, statementResults, diagnostics);
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

            var sources = set.Direct
                .Select(d => new SqlColumnSource(new SqlColumnRef(d.Source.Table, d.Source.Column), d.Kind, d.Masked))
                .OrderBy(s => s.Column.Table, StringComparer.Ordinal).ThenBy(s => s.Column.Column, StringComparer.Ordinal).ToList();
            var indirect = (set.Indirect ?? [])
                .Select(i => new SqlIndirectSource(new SqlColumnRef(i.Source.Table, i.Source.Column), i.Kind))
                .OrderBy(s => s.Column.Table, StringComparer.Ordinal).ThenBy(s => s.Column.Column, StringComparer.Ordinal).ThenBy(s => s.Kind).ToList();
            result.Add(new SqlColumnLineage(new SqlColumnRef(table, column), sources, indirect));
        }

        return result;
    }

    public static List<SqlIndirectSource> Indirect(IEnumerable<(SourceColumn Source, SqlIndirectKind Kind)> list) =>
        list.Distinct()
            .Select(i => new SqlIndirectSource(new SqlColumnRef(i.Source.Table, i.Source.Column), i.Kind))
            .OrderBy(s => s.Column.Table, StringComparer.Ordinal).ThenBy(s => s.Column.Column, StringComparer.Ordinal).ThenBy(s => s.Kind).ToList();

    private sealed class PairComparer(StringComparer comparer) : IEqualityComparer<(string, string)>
    {
        public bool Equals((string, string) x, (string, string) y) => comparer.Equals(x.Item1, y.Item1) && comparer.Equals(x.Item2, y.Item2);

        public int GetHashCode((string, string) obj) => HashCode.Combine(comparer.GetHashCode(obj.Item1), comparer.GetHashCode(obj.Item2));
    }
}
