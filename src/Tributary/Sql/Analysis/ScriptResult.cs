namespace Tributary.Sql.Analysis;

/// <summary>
/// The answer of a whole text built statement by statement, under either semantics: each statement is converted to
/// its public form as soon as it is analysed and folded into the text's tables, column lineage and indirect uses, so a
/// long script holds its answer (and, under script semantics, the lineage of the tables it wrote), not every
/// statement's analysis: the per-statement sets and lists are garbage once added.
/// </summary>
internal sealed class ScriptResult(AnalyzerContext context, ScriptState? script)
{
    private readonly StringComparer _comparer = context.Comparer;
    private readonly HashSet<string> _inputs = new(context.Comparer);
    private readonly HashSet<string> _outputs = new(context.Comparer);
    private readonly DistinctUses _indirect = new();
    private readonly Dictionary<string, DistinctUses> _byOutput = new(context.Comparer);

    // Union semantics: every statement's target columns. Script semantics: only those of no table (a plain SELECT);
    // the columns of tables come from the script's final state.
    private readonly ResultBuilder.MergedColumns _columns = new(context.Comparer);
    private readonly Dictionary<SourceColumn, SqlColumnRef> _refs = [];
    private readonly List<SqlStatementLineage> _statements = [];

    // The first statement waits for a second before it is converted: a text of one statement (the common case) shares
    // the whole text's lists instead of converting the same columns and uses twice.
    private StatementLineage? _first;

    private int _added;

    public void Add(StatementLineage s)
    {
        _added++;
        _indirect.AddRange(s.Indirect, _added);
        if (script is null)
        {
            _inputs.UnionWith(s.Inputs);
            _outputs.UnionWith(s.Outputs);
            _columns.AddRange(s.Columns);
            foreach (var output in s.Outputs)
            {
                if (!_byOutput.TryGetValue(output, out var uses))
                {
                    _byOutput[output] = uses = new DistinctUses();
                }

                uses.AddRange(s.Indirect, _added);
            }
        }
        else
        {
            _columns.AddRange(s.Columns, withoutTable: true);
        }

        if (_statements.Count == 0 && _first is null)
        {
            _first = s;
            return;
        }

        if (_first is not null)
        {
            _statements.Add(Convert(_first));
            _first = null;
        }

        _statements.Add(Convert(s));
    }

    public SqlLineageResult Build(List<SqlDiagnostic> diagnostics)
    {
        var allIndirect = ResultBuilder.Indirect(_indirect.List, _refs);
        var indirectByOutput = new SortedDictionary<string, IReadOnlyList<SqlIndirectSource>>(StringComparer.Ordinal);
        List<string> inputs, outputs, intermediates;
        List<SqlColumnLineage> allColumns;
        if (script is null)
        {
            foreach (var (output, uses) in _byOutput)
            {
                // An output every statement wrote saw every statement's uses: the text's list, shared, not made again.
                indirectByOutput[output] = uses.Statements == _indirect.Statements ? allIndirect : ResultBuilder.Indirect(uses.List, _refs);
            }

            inputs = ResultBuilder.Sorted(_inputs);
            outputs = ResultBuilder.Sorted(_outputs);
            intermediates = [];
            allColumns = _columns.Convert(_refs);
        }
        else
        {
            var written = new List<TargetColumn>();
            script.Final(out var scriptInputs, out var scriptOutputs, out var scriptIntermediates, written);
            foreach (var output in scriptOutputs)
            {
                indirectByOutput[output] = allIndirect;
            }

            inputs = ResultBuilder.Sorted(scriptInputs);
            outputs = ResultBuilder.Sorted(scriptOutputs);
            intermediates = ResultBuilder.Sorted(scriptIntermediates);
            allColumns = ResultBuilder.Columns(written, _comparer, _refs);
            allColumns.AddRange(_columns.Convert(_refs));
        }

        if (_first is not null)
        {
            // One statement: its lists are the text's, so share them rather than keep two copies.
            _statements.Add(new SqlStatementLineage(
                _first.Line, _first.Column, _first.Kind, ResultBuilder.Sorted(_first.Inputs), ResultBuilder.Sorted(_first.Outputs), allColumns, allIndirect));
            _first = null;
        }

        return new SqlLineageResult(inputs, outputs, intermediates, allColumns, allIndirect, indirectByOutput, _statements, diagnostics);
    }

    private SqlStatementLineage Convert(StatementLineage s) => new(
        s.Line, s.Column, s.Kind, ResultBuilder.Sorted(s.Inputs), ResultBuilder.Sorted(s.Outputs),
        ResultBuilder.Columns(s.Columns, _comparer, _refs), ResultBuilder.Indirect(s.Indirect, _refs));

    /// <summary>Indirect uses in first-seen order, each once (a script repeats the same filter in many statements).</summary>
    private sealed class DistinctUses
    {
        // The first statement's list is read where it is, not copied: a text of one statement needs no second list.
        private List<(SourceColumn Source, SqlIndirectKind Kind)>? _borrowed;
        private List<(SourceColumn Source, SqlIndirectKind Kind)>? _list;

        // Made once the list is too long to scan: one statement's few uses need no set.
        private HashSet<(SourceColumn, SqlIndirectKind)>? _seen;
        private int _last;

        /// <summary>The uses; those of one statement may repeat (<see cref="ResultBuilder.Indirect"/> keeps each once).</summary>
        public List<(SourceColumn Source, SqlIndirectKind Kind)> List => _list ?? _borrowed ?? [];

        /// <summary>How many statements' uses were added (a statement naming one output twice counts once).</summary>
        public int Statements { get; private set; }

        public void AddRange(List<(SourceColumn Source, SqlIndirectKind Kind)> uses, int statement)
        {
            if (statement != _last)
            {
                _last = statement;
                Statements++;
            }

            if (_list is null && _borrowed is null)
            {
                _borrowed = uses;
                return;
            }

            if (_list is null)
            {
                _list = [];
                AddDistinct(_borrowed!);
                _borrowed = null;
            }

            AddDistinct(uses);
        }

        private void AddDistinct(List<(SourceColumn Source, SqlIndirectKind Kind)> uses)
        {
            var list = _list!;
            foreach (var use in uses)
            {
                if (_seen is null && list.Count > ResultBuilder.ScanLimit)
                {
                    _seen = [.. list];
                }

                if (_seen is not null ? _seen.Add(use) : !list.Contains(use))
                {
                    list.Add(use);
                }
            }
        }
    }
}
