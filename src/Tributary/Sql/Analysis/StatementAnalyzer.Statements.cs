using Tributary.Sql.Syntax;

namespace Tributary.Sql.Analysis;

internal sealed partial class StatementAnalyzer
{
    public StatementLineage Analyze(Statement statement)
    {
        switch (statement)
        {
            case QueryStatement query:
                AnalyzeQuery(query.Query);
                break;
            case InsertStatement insert:
                _result.Kind = "INSERT";
                AnalyzeInsert(insert, null);
                break;
            case MultiTableInsertStatement multiTable:
                _result.Kind = "INSERT";
                AnalyzeMultiTableInsert(multiTable);
                break;
            case MultiInsertStatement multi:
                _result.Kind = "INSERT";
                foreach (var insert in multi.Inserts)
                {
                    AnalyzeInsert(insert, multi.From);
                }

                break;
            case CreateStatement create:
                AnalyzeCreate(create);
                break;
            case UpdateStatement update:
                _result.Kind = "UPDATE";
                AnalyzeUpdate(update);
                break;
            case DeleteStatement delete:
                _result.Kind = "DELETE";
                AnalyzeDelete(delete);
                break;
            case MergeStatement merge:
                _result.Kind = "MERGE";
                AnalyzeMerge(merge);
                break;
            case CopyStatement copy:
                _result.Kind = "COPY";
                AnalyzeCopy(copy);
                break;
            case UseStatement use:
                _result.Kind = "USE";
                _context.Use([.. use.Name.Parts.Select(p => p.Value)], use.Kind);
                break;
            case DropStatement drop:
                _result.Kind = "DROP";
                _result.Dropped = [.. drop.Names.Select(TableName)];
                break;
            case RenameStatement rename:
                _result.Kind = "RENAME";
                _result.Renamed = (TableName(rename.From), TableName(rename.To));
                AddInput(_result.Renamed.Value.From);
                AddOutput(_result.Renamed.Value.To, false);
                break;
            case IgnoredStatement ignored:
                _result.Kind = ignored.Keyword;
                break;
            case VariableStatement variables:
                {
                    _result.Kind = variables.Keyword;
                    var value = variables.Value is null ? new LineageSet() : Collect(variables.Value, new Scope(null, null), EvalContext.None);
                    foreach (var name in variables.Names)
                    {
                        _context.Variables.Add(name);
                        _context.VariableValues[name] = value;
                    }

                    break;
                }

            case ConditionStatement condition:
                // Only what the condition's subqueries read: there is no target.
                _result.Kind = condition.Keyword;
                Collect(condition.Condition, new Scope(null, null), EvalContext.None);
                break;
        }

        RemoveSelfEdges();
        return _result;
    }

    private void AnalyzeQuery(QueryExpr query)
    {
        _result.Kind = "SELECT";
        var into = query as SelectQuery;
        if (query is SetOpQuery setOp && FirstSelect(setOp) is { Into: not null } first)
        {
            // SELECT … INTO t FROM a UNION ALL SELECT … FROM b: the INTO of the first branch receives the whole union.
            into = first;
        }

        if (into?.IntoVariables is { } variables)
        {
            // SELECT … INTO v: the variables take the columns' lineage; no table is written.
            _result.Kind = "SELECT INTO";
            var values = EvaluateQuery(query, null, null);
            for (var i = 0; i < variables.Count; i++)
            {
                _context.Variables.Add(variables[i]);
                _context.VariableValues[variables[i]] = i < values.Columns.Count ? values.Columns[i].Lineage : new LineageSet();
            }

            return;
        }

        if (into?.Into is { } target)
        {
            _result.Kind = "SELECT INTO";
            var temporary = into.IntoTemp || IsTemporary(target);
            if (into.IntoTemp)
            {
                _context.TemporaryNames.Add(target.Last.Value);
            }

            var result = EvaluateQuery(query, null, null);
            WriteTable(TableName(target), temporary, result, null);
            return;
        }

        static SelectQuery? FirstSelect(SetOpQuery setOp)
        {
            QueryExpr branch = setOp;
            while (branch is SetOpQuery s && s.Branches.Count > 0)
            {
                branch = s.Branches[0];
            }

            return branch as SelectQuery;
        }

        var columns = EvaluateQuery(query, null, null);
        foreach (var c in columns.Columns)
        {
            _result.Columns.Add(new TargetColumn(null, c.Name, c.Lineage));
        }
    }

    /// <summary>Records an output table with its columns mapped by position onto <paramref name="targetColumns"/> (or by name).</summary>
    private void WriteTable(string table, bool temporary, QueryResult? result, IReadOnlyList<string>? targetColumns, bool registerSchema = true)
    {
        AddOutput(table, temporary);
        if (result is null)
        {
            return;
        }

        var written = new List<OutputColumn>();
        var count = targetColumns is null ? result.Columns.Count : Math.Min(targetColumns.Count, result.Columns.Count);
        for (var i = 0; i < count; i++)
        {
            var source = result.Columns[i];
            var name = source.IsStar ? "*" : targetColumns?[i] ?? source.Name;
            written.Add(new OutputColumn(name, source.Lineage));
            _result.Columns.Add(new TargetColumn(table, name, source.Lineage));
        }

        if (_result.Written.TryGetValue(table, out var existing))
        {
            existing.AddRange(written);
        }
        else
        {
            _result.Written[table] = written;
        }

        if (registerSchema && !written.Exists(w => w.IsStar) && CatalogColumns(table) is null)
        {
            _context.AddCreated(table, [.. written.Select(w => w.Name)]);
        }
    }

    private void AnalyzeInsert(InsertStatement insert, List<TableExpr>? sharedFrom)
    {
        var table = TableName(insert.Target);
        var ctes = PushWith(insert.With, null);
        QueryResult? result = null;
        if (insert.Source is not null)
        {
            result = sharedFrom is not null && insert.Source is SelectQuery select
                ? EvaluateSelectWithWith(select, ctes, sharedFrom)
                : EvaluateQuery(insert.Source, null, ctes);
        }

        IReadOnlyList<string>? columns = insert.Columns?.Select(c => c.Value).ToList();
        if (columns is null && CatalogColumns(table) is { } known)
        {
            var list = known.ToList();
            if (insert.Partition is not null)
            {
                list.RemoveAll(c => insert.Partition.Exists(p => p.Static && NameEquals(p.Column.Value, c)));
                foreach (var (column, isStatic) in insert.Partition)
                {
                    if (!isStatic && !list.Contains(column.Value, _comparer))
                    {
                        list.Add(column.Value);
                    }
                }
            }

            columns = list;
        }

        WriteTable(table, IsTemporary(insert.Target) || IsTemporaryName(insert.Target.Last.Value), result, columns, registerSchema: false);
    }

    private void AnalyzeMultiTableInsert(MultiTableInsertStatement insert)
    {
        var source = EvaluateQuery(insert.Source, null, null);

        // VALUES and WHEN name the source query's output columns.
        var scope = new Scope(null, null);
        scope.Relations.Add(new DerivedRelation(source));
        Expr? lastWhen = null;
        foreach (var into in insert.Targets)
        {
            if (into.When is not null && !ReferenceEquals(into.When, lastWhen))
            {
                AddIndirect(Collect(into.When, scope, EvalContext.None), SqlIndirectKind.Filter);
                lastWhen = into.When;
            }

            var table = TableName(into.Target);
            IReadOnlyList<string>? columns = into.Columns?.Select(c => c.Value).ToList() ?? CatalogColumns(table);
            if (into.Values is null)
            {
                WriteTable(table, IsTemporary(into.Target), source, columns, registerSchema: false);
                continue;
            }

            var result = new QueryResult();
            for (var i = 0; i < into.Values.Count; i++)
            {
                var name = columns is not null && i < columns.Count ? columns[i] : OutputName(into.Values[i], i + 1);
                result.Columns.Add(new OutputColumn(name, Collect(into.Values[i], scope, EvalContext.None)));
            }

            WriteTable(table, IsTemporary(into.Target), result, null, registerSchema: false);
        }
    }

    private QueryResult EvaluateSelectWithWith(SelectQuery select, CteFrame? ctes, List<TableExpr> sharedFrom)
    {
        var frame = PushWith(select.With, ctes);
        return EvaluateSelect(select, null, frame, sharedFrom);
    }

    private void AnalyzeCreate(CreateStatement create)
    {
        _result.Kind = create.IsView ? "CREATE VIEW" : "CREATE TABLE";
        var temporary = create.Temporary || IsTemporary(create.Target);
        if (create.Temporary && create.Target.Parts.Length == 1)
        {
            _context.TemporaryNames.Add(create.Target.Last.Value);
        }

        var table = TableName(create.Target);
        if (create.LikeOrClone is { } like)
        {
            var source = TableName(like);
            AddInput(source);
            AddOutput(table, temporary);
            if (CatalogColumns(source) is { } sourceColumns)
            {
                _context.AddCreated(table, sourceColumns);
            }

            return;
        }

        if (create.Query is null)
        {
            AddOutput(table, temporary);
            if (create.Columns is { Count: > 0 })
            {
                _context.AddCreated(table, [.. create.Columns.Select(c => c.Value)]);
                _result.Written[table] = [];
            }

            return;
        }

        var result = EvaluateQuery(create.Query, null, null);
        var names = create.Columns is { Count: > 0 } ? create.Columns.Select(c => c.Value).ToList() : null;
        WriteTable(table, temporary, result, names);
        if (names is not null)
        {
            _context.AddCreated(table, names);
        }
    }

    /// <summary>Finds the relation an UPDATE / DELETE writes to and marks it as the target.</summary>
    private Relation TargetRelation(TableExpr target, Scope scope, List<TableExpr> others)
    {
        // T-SQL: UPDATE o … FROM sales.orders AS o — the target is named by the alias of a FROM table.
        if (target is TableRef { Alias: null, Name.Parts.Length: 1 } alias)
        {
            var match = FindTableByAlias(others, alias.Name.Parts[0].Value);
            if (match is not null)
            {
                return ResolveTable(match, scope, isTarget: true);
            }
        }

        var reference = target switch
        {
            TableRef r => r,
            JoinExpr j => Leftmost(j),
            _ => null,
        } ?? throw new InvalidOperationException("the statement's target is not a table");
        return ResolveTable(reference, scope, isTarget: true);
    }

    private static TableRef? Leftmost(TableExpr table) => table switch
    {
        TableRef r => r,
        JoinExpr j => Leftmost(j.Left),
        _ => null,
    };

    private TableRef? FindTableByAlias(List<TableExpr> tables, string alias)
    {
        foreach (var t in tables)
        {
            var found = t switch
            {
                TableRef r when r.Alias is { } a && NameEquals(a.Value, alias) => r,
                JoinExpr j => FindTableByAlias([j.Left, j.Right], alias),
                _ => null,
            };
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private void AnalyzeUpdate(UpdateStatement update)
    {
        var ctes = PushWith(update.With, null);
        var scope = new Scope(null, ctes);
        var first = update.Tables[0];
        var target = TargetRelation(first, scope, update.From);
        var targetTable = ((TableRelation)target).Table;
        var targetIsAliasOfFrom = first is TableRef { Alias: null, Name.Parts.Length: 1 } && FindTableByAlias(update.From, ((TableRef)first).Name.Parts[0].Value) is not null;

        // MySQL: UPDATE a JOIN b ON … SET …; the target is the table the SET columns name.
        if (first is JoinExpr || update.Tables.Count > 1)
        {
            foreach (var table in update.Tables)
            {
                AddTable(table, scope);
            }

            var qualifier = update.Assignments.Select(a => a.Target).FirstOrDefault(t => t.Length > 1);
            var named = qualifier is null ? null : FindRelation(scope, qualifier, qualifier.Length - 1);
            if (named is TableRelation namedTable)
            {
                targetTable = namedTable.Table;
            }
        }
        else if (targetIsAliasOfFrom)
        {
            foreach (var table in update.From)
            {
                AddTable(table, scope);
            }
        }
        else
        {
            // Source tables first: an unqualified name in SET usually reads the source, and the target's own columns are dropped anyway.
            foreach (var table in update.From)
            {
                AddTable(table, scope);
            }

            scope.Relations.Add(target);
        }

        AddOutput(targetTable, false);
        foreach (var assignment in update.Assignments)
        {
            var lineage = Collect(assignment.Value, scope, EvalContext.None);
            _result.Columns.Add(new TargetColumn(targetTable, assignment.Target[^1].Value, lineage));
        }

        if (update.Where is not null)
        {
            AddIndirect(Collect(update.Where, scope, EvalContext.None), SqlIndirectKind.Filter);
        }

        ExcludeTarget(targetTable);
    }

    private void AnalyzeDelete(DeleteStatement delete)
    {
        var ctes = PushWith(delete.With, null);
        var scope = new Scope(null, ctes);
        var targets = new List<string>();
        foreach (var table in delete.Tables)
        {
            if (table is TableRef { Alias: null, Name.Parts.Length: 1 } alias && FindTableByAlias(delete.Using, alias.Name.Parts[0].Value) is { } match)
            {
                targets.Add(TableName(match.Name));
                continue;
            }

            if (table is JoinExpr)
            {
                // DELETE FROM a JOIN b … (MySQL): the first table is written, the rest are read.
                var leftmost = Leftmost(table);
                if (leftmost is not null)
                {
                    targets.Add(TableName(leftmost.Name));
                }

                AddTable(table, scope);
                continue;
            }

            var relation = TargetRelation(table, scope, delete.Using);
            scope.Relations.Add(relation);
            targets.Add(((TableRelation)relation).Table);
        }

        foreach (var table in delete.Using)
        {
            AddTable(table, scope);
        }

        if (delete.Where is not null)
        {
            AddIndirect(Collect(delete.Where, scope, EvalContext.None), SqlIndirectKind.Filter);
        }

        foreach (var target in targets)
        {
            AddOutput(target, false);
            ExcludeTarget(target);
        }
    }

    private void AnalyzeMerge(MergeStatement merge)
    {
        var ctes = PushWith(merge.With, null);
        var scope = new Scope(null, ctes);
        var target = (TableRelation)ResolveTable(merge.Target, scope, isTarget: true);
        AddTable(merge.Source, scope);
        var sourceOnly = new Scope(null, ctes);
        sourceOnly.Relations.AddRange(scope.Relations);
        scope.Relations.Add(target);
        AddIndirect(Collect(merge.On, scope, EvalContext.None), SqlIndirectKind.Join);
        var table = target.Table;
        AddOutput(table, false);
        foreach (var clause in merge.Clauses)
        {
            if (clause.Condition is not null)
            {
                AddIndirect(Collect(clause.Condition, scope, EvalContext.None), SqlIndirectKind.Filter);
            }

            switch (clause.Action)
            {
                case MergeAction.Update:
                    foreach (var assignment in clause.Assignments!)
                    {
                        _result.Columns.Add(new TargetColumn(table, assignment.Target[^1].Value, Collect(assignment.Value, scope, EvalContext.None)));
                    }

                    break;
                case MergeAction.Insert when clause.InsertValues is not null:
                    {
                        var columns = clause.InsertColumns?.Select(c => c.Value).ToList() ?? CatalogColumns(table)?.ToList();
                        if (columns is null)
                        {
                            break;
                        }

                        for (var i = 0; i < columns.Count && i < clause.InsertValues.Count; i++)
                        {
                            // WHEN NOT MATCHED … INSERT sees only the source row.
                            _result.Columns.Add(new TargetColumn(table, columns[i], Collect(clause.InsertValues[i], sourceOnly, EvalContext.None)));
                        }

                        break;
                    }

                case MergeAction.UpdateStar:
                case MergeAction.InsertStar:
                    {
                        var columns = new List<OutputColumn>();
                        var unknown = new List<Relation>();
                        foreach (var relation in sourceOnly.Relations)
                        {
                            relation.Expand(columns, unknown);
                        }

                        foreach (var c in columns)
                        {
                            _result.Columns.Add(new TargetColumn(table, c.Name, c.Lineage));
                        }

                        break;
                    }
            }
        }

        ExcludeTarget(table);
    }

    private void AnalyzeCopy(CopyStatement copy)
    {
        if (copy.IntoTable)
        {
            if (copy.Query is not null)
            {
                EvaluateQuery(copy.Query, null, null);
            }
            else if (copy.Location is not null)
            {
                AddInput(TableName(copy.Location));
            }

            if (copy.Table is not null)
            {
                AddOutput(TableName(copy.Table), false);
            }

            return;
        }

        if (copy.Query is not null)
        {
            EvaluateQuery(copy.Query, null, null);
        }
        else if (copy.Table is not null)
        {
            AddInput(TableName(copy.Table));
        }

        if (copy.Location is not null)
        {
            AddOutput(TableName(copy.Location), false);
        }
    }

    /// <summary>UPDATE, DELETE and MERGE targets are outputs only: no input, no edges or indirect uses from their own columns.</summary>
    private void ExcludeTarget(string table)
    {
        if (_inputSet is not null ? _inputSet.Remove(table) : IndexOfInput(table) >= 0)
        {
            _result.Inputs.RemoveAll(t => NameEquals(t, table));
        }

        _result.Indirect.RemoveAll(i => NameEquals(i.Source.Table, table));
        for (var i = 0; i < _result.Columns.Count; i++)
        {
            var column = _result.Columns[i];
            if (column.Table is not null && NameEquals(column.Table, table) && column.Lineage.DirectExists(d => NameEquals(d.Source.Table, table)))
            {
                var filtered = new LineageSet();
                foreach (var d in column.Lineage.Direct)
                {
                    if (!NameEquals(d.Source.Table, table))
                    {
                        filtered.AddDirect(d.Source, d.Kind, d.Masked, d.Guessed);
                    }
                }

                if (column.Lineage.Indirect is not null)
                {
                    foreach (var (s, k) in column.Lineage.Indirect)
                    {
                        if (!NameEquals(s.Table, table))
                        {
                            filtered.AddIndirect(s, k);
                        }
                    }
                }

                _result.Columns[i] = column with { Lineage = filtered };
            }
        }
    }

    private void RemoveSelfEdges()
    {
        for (var i = 0; i < _result.Columns.Count; i++)
        {
            var column = _result.Columns[i];
            if (column.Table is null || !column.Lineage.DirectExists(d => NameEquals(d.Source.Table, column.Table) && NameEquals(d.Source.Column, column.Column)))
            {
                continue;
            }

            var filtered = new LineageSet();
            foreach (var d in column.Lineage.Direct)
            {
                if (!(NameEquals(d.Source.Table, column.Table) && NameEquals(d.Source.Column, column.Column)))
                {
                    filtered.AddDirect(d.Source, d.Kind, d.Masked, d.Guessed);
                }
            }

            if (column.Lineage.Indirect is not null)
            {
                foreach (var (s, k) in column.Lineage.Indirect)
                {
                    filtered.AddIndirect(s, k);
                }
            }

            _result.Columns[i] = column with { Lineage = filtered };
        }
    }
}
