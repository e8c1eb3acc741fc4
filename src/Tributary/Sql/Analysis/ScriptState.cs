namespace Tributary.Sql.Analysis;

/// <summary>
/// Script semantics: remembers the tables each statement writes, so later statements read them through their
/// lineage; tables written then read (and temporary tables) end up intermediate; DROP and RENAME act on them.
/// </summary>
internal sealed class ScriptState
{
    private readonly Dictionary<string, WrittenTable> _tables;
    private readonly List<WrittenTable> _retired = [];
    private readonly HashSet<string> _inputs;
    private readonly StringComparer _comparer;

    public ScriptState(AnalyzerContext context)
    {
        _comparer = context.Comparer;
        _tables = new(_comparer);
        _inputs = new(_comparer);
        context.ScriptTables = name => _tables.TryGetValue(name, out var table) ? table : null;
    }

    public void Apply(StatementLineage statement)
    {
        if (statement.Renamed is { } renamed && _tables.Remove(renamed.From, out var from))
        {
            // Renaming a table written earlier in the script moves its lineage; the old name is no input.
            var to = new WrittenTable(renamed.To) { Temporary = from.Temporary };
            to.Columns.AddRange(from.Columns);
            to.Inputs.UnionWith(from.Inputs);
            if (_tables.Remove(renamed.To, out var replaced))
            {
                _retired.Add(replaced);
            }

            _tables[renamed.To] = to;
            return;
        }

        // Inputs were resolved through earlier writes already, so these are the script's real inputs.
        _inputs.UnionWith(statement.Inputs);
        foreach (var output in statement.Outputs)
        {
            if (!_tables.TryGetValue(output, out var table))
            {
                _tables[output] = table = new WrittenTable(output);
            }

            table.Temporary |= statement.IsTemporaryOutput(output);
            table.Inputs.UnionWith(statement.Inputs);
            foreach (var column in statement.Columns)
            {
                if (column.Table is null || !_comparer.Equals(column.Table, output))
                {
                    continue;
                }

                // By name through an index: a statement writing 100,000 columns must not scan the list per column.
                var index = table.IndexOf(column.Column, _comparer);
                if (index < 0)
                {
                    table.Columns.Add(new OutputColumn(column.Column, column.Lineage.Clone()));
                }
                else
                {
                    table.Columns[index].Lineage.MergeFrom(column.Lineage, SqlLineageKind.Identity, false);
                }
            }
        }

        if (statement.Dropped is not null)
        {
            foreach (var name in statement.Dropped)
            {
                if (_tables.Remove(name, out var table))
                {
                    table.Dropped = true;
                    _retired.Add(table);
                }
            }
        }

    }

    /// <summary>
    /// The script's tables at its end: its real inputs, the tables it leaves written (with their columns, added to
    /// <paramref name="columns"/>) and its intermediates (written then read, temporary, or dropped).
    /// </summary>
    public void Final(out IEnumerable<string> inputs, out List<string> outputs, out List<string> intermediates, List<TargetColumn> columns)
    {
        inputs = _inputs;
        outputs = [];
        intermediates = [];
        foreach (var table in _tables.Values)
        {
            if (table.Temporary || table.Read)
            {
                intermediates.Add(table.Name);
                continue;
            }

            outputs.Add(table.Name);
            foreach (var c in table.Columns)
            {
                columns.Add(new TargetColumn(table.Name, c.Name, c.Lineage));
            }
        }

        foreach (var table in _retired)
        {
            if (table.Temporary || table.Read || table.Dropped)
            {
                intermediates.Add(table.Name);
            }
        }
    }
}
