namespace Tributary.Sql.Analysis;

/// <summary>
/// Union semantics built statement by statement: each statement is converted to its public form as soon as it is
/// analysed and folded into the script's tables, column lineage and indirect uses, so a long script holds its
/// answer, not every statement's analysis (the per-statement sets and lists are garbage once added).
/// </summary>
internal sealed class UnionResult(AnalyzerContext context)
{
    private readonly StringComparer _comparer = context.Comparer;
    private readonly HashSet<string> _inputs = new(context.Comparer);
    private readonly HashSet<string> _outputs = new(context.Comparer);
    private readonly DistinctUses _indirect = new();
    private readonly Dictionary<string, DistinctUses> _byOutput = new(context.Comparer);
    private readonly ResultBuilder.MergedColumns _columns = new(context.Comparer);
    private readonly Dictionary<SourceColumn, SqlColumnRef> _refs = [];
    private readonly List<SqlStatementLineage> _statements = [];

    public void Add(StatementLineage s)
    {
        _inputs.UnionWith(s.Inputs);
        _outputs.UnionWith(s.Outputs);
        _indirect.AddRange(s.Indirect);
        _columns.AddRange(s.Columns);
        foreach (var output in s.Outputs)
        {
            if (!_byOutput.TryGetValue(output, out var uses))
            {
                _byOutput[output] = uses = new DistinctUses();
            }

            uses.AddRange(s.Indirect);
        }

        _statements.Add(new SqlStatementLineage(
            s.Line, s.Column, s.Kind, ResultBuilder.Sorted(s.Inputs), ResultBuilder.Sorted(s.Outputs),
            ResultBuilder.Columns(s.Columns, _comparer, _refs), ResultBuilder.Indirect(s.Indirect, _refs)));
    }

    public SqlLineageResult Build(List<SqlDiagnostic> diagnostics)
    {
        var indirectByOutput = new SortedDictionary<string, IReadOnlyList<SqlIndirectSource>>(StringComparer.Ordinal);
        foreach (var (output, uses) in _byOutput)
        {
            indirectByOutput[output] = ResultBuilder.Indirect(uses.List, _refs);
        }

        var allColumns = _columns.Convert(_refs);
        var allIndirect = ResultBuilder.Indirect(_indirect.List, _refs);
        if (_statements.Count == 1)
        {
            // One statement: its lists are the script's, so share them rather than keep two copies.
            _statements[0] = _statements[0] with { Columns = allColumns, Indirect = allIndirect };
        }

        return new SqlLineageResult(
            ResultBuilder.Sorted(_inputs), ResultBuilder.Sorted(_outputs), [], allColumns, allIndirect, indirectByOutput, _statements, diagnostics);
    }

    /// <summary>Indirect uses in first-seen order, each once (a script repeats the same filter in many statements).</summary>
    private sealed class DistinctUses
    {
        // Made once the list is too long to scan: one statement's few uses need no set.
        private HashSet<(SourceColumn, SqlIndirectKind)>? _seen;

        public List<(SourceColumn Source, SqlIndirectKind Kind)> List { get; } = [];

        public void AddRange(List<(SourceColumn Source, SqlIndirectKind Kind)> uses)
        {
            foreach (var use in uses)
            {
                if (_seen is null && List.Count > ResultBuilder.ScanLimit)
                {
                    _seen = [.. List];
                }

                if (_seen is not null ? _seen.Add(use) : !List.Contains(use))
                {
                    List.Add(use);
                }
            }
        }
    }
}
