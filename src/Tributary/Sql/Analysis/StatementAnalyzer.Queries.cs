using Tributary.Sql.Syntax;

namespace Tributary.Sql.Analysis;

internal sealed partial class StatementAnalyzer
{
    private QueryResult EvaluateQuery(QueryExpr query, Scope? parent, CteFrame? ctes)
    {
        Enter();
        try
        {
            var frame = PushWith(query.With, ctes);
            switch (query)
            {
                case SelectQuery select:
                    return EvaluateSelect(select, parent, frame);
                case SetOpQuery setOp:
                    return EvaluateSetOperation(setOp, parent, frame);
                case ValuesQuery values:
                    return EvaluateValues(values, parent, frame);
                default:
                    return new QueryResult();
            }
        }
        finally
        {
            Leave();
        }
    }

    private QueryResult EvaluateSelect(SelectQuery select, Scope? parent, CteFrame? ctes, List<TableExpr>? sharedFrom = null)
    {
        var scope = new Scope(parent, ctes) { Windows = select.Windows };
        foreach (var table in select.From.Count == 0 && sharedFrom is not null ? sharedFrom : select.From)
        {
            AddTable(table, scope);
        }

        if (select.Where is not null)
        {
            AddIndirect(Collect(select.Where, scope, EvalContext.None), SqlIndirectKind.Filter);
        }

        var result = new QueryResult();
        scope.SelectAliases = result.Columns;
        var position = 0;
        foreach (var item in select.Items)
        {
            position++;
            if (item.Expr is StarExpr star)
            {
                ExpandStar(star, scope, result);
                continue;
            }

            var lineage = Collect(item.Expr, scope, EvalContext.SelectList);
            result.Columns.Add(new OutputColumn(item.Alias?.Value ?? OutputName(item.Expr, position), lineage));
        }

        if (select.GroupBy is not null)
        {
            foreach (var g in select.GroupBy)
            {
                if (g is OperationExpr { Op: "GROUP BY ALL" })
                {
                    for (var i = 0; i < select.Items.Count && i < result.Columns.Count; i++)
                    {
                        if (!ContainsAggregate(select.Items[i].Expr))
                        {
                            AddIndirect(result.Columns[i].Lineage, SqlIndirectKind.GroupBy);
                        }
                    }

                    continue;
                }

                AddIndirect(OrdinalOrCollect(g, scope, result, EvalContext.AliasAfter), SqlIndirectKind.GroupBy);
            }
        }

        if (select.Having is not null)
        {
            AddIndirect(Collect(select.Having, scope, EvalContext.AliasAfter), SqlIndirectKind.Filter);
        }

        if (select.Qualify is not null)
        {
            AddIndirect(Collect(select.Qualify, scope, EvalContext.AliasAfter), SqlIndirectKind.Filter);
        }

        if (select.OrderBy is not null)
        {
            foreach (var o in select.OrderBy)
            {
                AddIndirect(OrdinalOrCollect(o, scope, result, EvalContext.AliasFirst), SqlIndirectKind.Sort);
            }
        }

        return result;
    }

    private LineageSet OrdinalOrCollect(Expr expr, Scope scope, QueryResult result, EvalContext context)
    {
        if (expr is LiteralExpr { Ordinal: > 0 } literal)
        {
            return literal.Ordinal <= result.Columns.Count ? result.Columns[literal.Ordinal - 1].Lineage : LineageSet.Empty;
        }

        return Collect(expr, scope, context);
    }

    private static bool ContainsAggregate(Expr expr) => expr switch
    {
        FunctionExpr f => f.Over is null && Aggregates.Contains(f.Name) || f.Args.Exists(ContainsAggregate),
        OperationExpr o => o.Operands.Exists(ContainsAggregate),
        CaseExpr c => c.Whens.Exists(w => ContainsAggregate(w.When) || ContainsAggregate(w.Then)) || (c.Else is not null && ContainsAggregate(c.Else)),
        _ => false,
    };

    private static string OutputName(Expr expr, int position) => expr switch
    {
        ColumnExpr column => column.Parts[^1].Value,
        OperationExpr { Op: "CAST", Operands: [ColumnExpr inner] } => inner.Parts[^1].Value,
        _ => "_col" + (position - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private void ExpandStar(StarExpr star, Scope scope, QueryResult result)
    {
        var relations = new List<Relation>();
        if (star.Qualifier is { } qualifier)
        {
            for (var s = scope; s is not null && relations.Count == 0; s = s.Parent)
            {
                if (FindRelation(s, qualifier, qualifier.Length) is { } r)
                {
                    relations.Add(r);
                }
            }
        }
        else
        {
            relations.AddRange(scope.Relations);
        }

        var columns = new List<OutputColumn>();
        var unknown = new List<Relation>();
        foreach (var relation in relations)
        {
            relation.Expand(columns, unknown);
        }

        var seenUsing = new HashSet<string>(_comparer);
        foreach (var column in columns)
        {
            if (star.Except is not null && star.Except.Exists(e => NameEquals(e.Value, column.Name)))
            {
                continue;
            }

            if (star.Qualifier is null && scope.UsingColumns?.Contains(column.Name) == true && !seenUsing.Add(column.Name))
            {
                continue;
            }

            var name = column.Name;
            var lineage = column.Lineage;
            if (star.Replace is not null)
            {
                foreach (var (expr, replaced) in star.Replace)
                {
                    if (NameEquals(replaced.Value, name))
                    {
                        lineage = Collect(expr, scope, EvalContext.SelectList);
                    }
                }
            }

            if (star.Rename is not null)
            {
                foreach (var (from, to) in star.Rename)
                {
                    if (NameEquals(from.Value, name))
                    {
                        name = to.Value;
                    }
                }
            }

            result.Columns.Add(new OutputColumn(name, lineage));
        }

        if (unknown.Count > 0)
        {
            var lineage = new LineageSet();
            foreach (var relation in unknown)
            {
                if (relation is TableRelation table)
                {
                    lineage.AddDirect(new SourceColumn(table.Table, "*"), SqlLineageKind.Identity, false);
                }
            }

            result.Columns.Add(new OutputColumn("*", lineage));
            (result.StarSources ??= []).AddRange(unknown);
        }
    }

    private QueryResult EvaluateSetOperation(SetOpQuery setOp, Scope? parent, CteFrame? ctes)
    {
        var first = EvaluateQuery(setOp.Branches[0], parent, ctes);
        var result = new QueryResult { StarSources = first.StarSources };
        foreach (var c in first.Columns)
        {
            result.Columns.Add(new OutputColumn(c.Name, c.Lineage.Clone()));
        }

        for (var b = 1; b < setOp.Branches.Count; b++)
        {
            var branch = EvaluateQuery(setOp.Branches[b], parent, ctes);
            if (setOp.Kind == SetOpKind.Except)
            {
                // EXCEPT keeps the left rows; the right side only removes some of them.
                foreach (var c in branch.Columns)
                {
                    AddIndirect(c.Lineage, SqlIndirectKind.Filter);
                }

                continue;
            }

            for (var i = 0; i < branch.Columns.Count && i < result.Columns.Count; i++)
            {
                result.Columns[i].Lineage.MergeFrom(branch.Columns[i].Lineage, SqlLineageKind.Identity, false);
            }

            if (branch.StarSources is not null)
            {
                (result.StarSources ??= []).AddRange(branch.StarSources);
            }
        }

        if (setOp.OrderBy is not null)
        {
            var scope = new Scope(parent, ctes) { SelectAliases = result.Columns };
            foreach (var o in setOp.OrderBy)
            {
                AddIndirect(OrdinalOrCollect(o, scope, result, EvalContext.AliasFirst), SqlIndirectKind.Sort);
            }
        }

        return result;
    }

    private QueryResult EvaluateValues(ValuesQuery values, Scope? parent, CteFrame? ctes)
    {
        var result = new QueryResult();
        var scope = new Scope(parent, ctes);
        foreach (var row in values.Rows)
        {
            for (var i = 0; i < row.Count; i++)
            {
                if (i >= result.Columns.Count)
                {
                    result.Columns.Add(new OutputColumn("column" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new LineageSet()));
                }

                if (row[i] is not LiteralExpr)
                {
                    Eval(row[i], scope, result.Columns[i].Lineage, SqlLineageKind.Identity, false, EvalContext.None);
                }
            }
        }

        if (values.OrderBy is not null)
        {
            foreach (var o in values.OrderBy)
            {
                AddIndirect(OrdinalOrCollect(o, scope, result, EvalContext.AliasFirst), SqlIndirectKind.Sort);
            }
        }

        return result;
    }
}
