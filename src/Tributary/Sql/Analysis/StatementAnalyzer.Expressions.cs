using Tributary.Sql.Syntax;

namespace Tributary.Sql.Analysis;

/// <summary>Where an expression sits, which decides how names resolve and whether window keys count as WINDOW.</summary>
[Flags]
internal enum EvalContext
{
    None = 0,

    /// <summary>A select-list item: window keys are INDIRECT/WINDOW; lateral aliases may be used where the dialect allows.</summary>
    SelectList = 1,

    /// <summary>ORDER BY: output names first.</summary>
    AliasFirst = 2,

    /// <summary>GROUP BY, HAVING, QUALIFY: source columns first, then output names.</summary>
    AliasAfter = 4,
}

internal sealed partial class StatementAnalyzer
{
    private static readonly HashSet<string> Aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        "SUM", "COUNT", "AVG", "MIN", "MAX", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "STDEV", "STDEVP", "VARIANCE", "VAR_POP", "VAR_SAMP", "VAR", "VARP",
        "ARRAY_AGG", "STRING_AGG", "LISTAGG", "GROUP_CONCAT", "COLLECT_LIST", "COLLECT_SET", "ANY_VALUE", "APPROX_COUNT_DISTINCT", "APPROX_DISTINCT",
        "COUNT_BIG", "MEDIAN", "MODE", "PERCENTILE_CONT", "PERCENTILE_DISC", "PERCENTILE", "PERCENTILE_APPROX", "APPROX_PERCENTILE", "APPROX_QUANTILES",
        "BOOL_AND", "BOOL_OR", "EVERY", "BIT_AND", "BIT_OR", "BIT_XOR", "LOGICAL_AND", "LOGICAL_OR", "CORR", "COVAR_POP", "COVAR_SAMP", "REGR_SLOPE",
        "REGR_INTERCEPT", "REGR_COUNT", "REGR_R2", "REGR_AVGX", "REGR_AVGY", "REGR_SXX", "REGR_SYY", "REGR_SXY", "JSON_AGG", "JSONB_AGG",
        "JSON_OBJECT_AGG", "JSONB_OBJECT_AGG", "OBJECT_AGG", "ARRAY_UNIQUE_AGG", "XMLAGG", "FIRST", "LAST", "ARBITRARY", "MAX_BY", "MIN_BY",
        "ARG_MAX", "ARG_MIN", "ARGMAX", "ARGMIN", "HLL_COUNT", "COUNTIF", "COUNT_IF", "SUM_IF", "AVG_IF", "KURTOSIS", "SKEWNESS", "HISTOGRAM",
        "MAP_AGG", "ARRAY_CONCAT_AGG", "STRING_AGG_DISTINCT", "APPROX_TOP_COUNT", "APPROX_TOP_SUM", "BITMAP_AGG", "HASH_AGG", "CHECKSUM_AGG",
        "GROUPING", "GROUPING_ID", "STDDEV_SAMPLE", "ENTROPY", "SET_UNION", "MULTISET_AGG", "UNIQ", "ARRAY_UNION_AGG",
    };

    private static readonly HashSet<string> Masking = new(StringComparer.OrdinalIgnoreCase)
    {
        "MD5", "SHA", "SHA1", "SHA2", "SHA224", "SHA256", "SHA384", "SHA512", "SHA1_HEX", "SHA2_HEX", "MD5_HEX", "SHA1_BINARY", "SHA2_BINARY",
        "MD5_BINARY", "MD5_NUMBER_LOWER64", "MD5_NUMBER_UPPER64", "HASH", "FARM_FINGERPRINT", "HASHBYTES", "CRC32", "XXHASH64", "XXHASH32", "MURMUR3",
        "MURMUR3_32", "MURMUR3_64", "MASK", "MASK_HASH", "MASK_FIRST_N", "MASK_LAST_N", "MASK_SHOW_FIRST_N", "MASK_SHOW_LAST_N", "HMAC", "DIGEST",
        "ENCRYPT", "AES_ENCRYPT", "ENCRYPT_RAW", "CHECKSUM", "BINARY_CHECKSUM", "HASH_MD5", "HASH_SHA256", "SHA3", "KECCAK256", "XXH64", "CITYHASH64",
        "SIPHASH64", "HASHTEXT", "STANDARD_HASH", "ORA_HASH", "FNV_HASH", "TO_HEX_MD5",
    };

    private Dictionary<SubqueryExpr, QueryResult>? _subqueryResults;

    /// <summary>The lineage of an expression on its own.</summary>
    private LineageSet Collect(Expr expr, Scope scope, EvalContext context)
    {
        var set = new LineageSet();
        Eval(expr, scope, set, SqlLineageKind.Identity, false, context);
        return set;
    }

    /// <summary>Adds the lineage of <paramref name="expr"/> to <paramref name="into"/>; <paramref name="kind"/> is the strongest kind on the path so far.</summary>
    private void Eval(Expr expr, Scope scope, LineageSet into, SqlLineageKind kind, bool masked, EvalContext context)
    {
        Enter();
        try
        {
            switch (expr)
            {
                case LiteralExpr:
                case StarExpr:
                    return;
                case ColumnExpr column:
                    {
                        var resolved = ResolveColumn(column, scope, context, out var fieldAccess);
                        if (resolved is not null)
                        {
                            into.MergeFrom(resolved, fieldAccess && kind < SqlLineageKind.Transformation ? SqlLineageKind.Transformation : kind, masked);
                        }

                        return;
                    }

                case FunctionExpr function:
                    EvalFunction(function, scope, into, kind, masked, context);
                    return;
                case CaseExpr @case:
                    {
                        var inner = Max(kind, SqlLineageKind.Transformation);
                        if (@case.Operand is not null)
                        {
                            into.MergeAsCondition(Collect(@case.Operand, scope, context & ~EvalContext.SelectList), inner, masked, SqlIndirectKind.Conditional);
                        }

                        foreach (var (when, then) in @case.Whens)
                        {
                            into.MergeAsCondition(Collect(when, scope, context & ~EvalContext.SelectList), inner, masked, SqlIndirectKind.Conditional);
                            Eval(then, scope, into, inner, masked, context);
                        }

                        if (@case.Else is not null)
                        {
                            Eval(@case.Else, scope, into, inner, masked, context);
                        }

                        return;
                    }

                case OperationExpr operation:
                    {
                        var inner = Max(kind, SqlLineageKind.Transformation);
                        foreach (var operand in operation.Operands)
                        {
                            Eval(operand, scope, into, inner, masked, context);
                        }

                        return;
                    }

                case SubqueryExpr subquery:
                    {
                        var result = EvaluateQuery(subquery.Query, scope, scope.Ctes);
                        if (subquery.Use == SubqueryUse.In)
                        {
                            // (a, b) IN (SELECT x, y …) compares every column.
                            foreach (var c in result.Columns)
                            {
                                into.MergeFrom(c.Lineage, kind, masked);
                            }
                        }
                        else if (subquery.Use == SubqueryUse.Scalar && result.Columns.Count > 0)
                        {
                            into.MergeFrom(result.Columns[0].Lineage, kind, masked);
                        }

                        return;
                    }

                case SubqueryColumnExpr column:
                    {
                        _subqueryResults ??= [];
                        if (!_subqueryResults.TryGetValue(column.Subquery, out var result))
                        {
                            _subqueryResults[column.Subquery] = result = EvaluateQuery(column.Subquery.Query, scope, scope.Ctes);
                        }

                        if (column.Index < result.Columns.Count)
                        {
                            into.MergeFrom(result.Columns[column.Index].Lineage, kind, masked);
                        }

                        return;
                    }

                case LambdaExpr lambda:
                    {
                        var saved = scope.LambdaParameters;
                        scope.LambdaParameters = saved is null ? [.. lambda.Parameters] : [.. saved, .. lambda.Parameters];
                        Eval(lambda.Body, scope, into, Max(kind, SqlLineageKind.Transformation), masked, context);
                        scope.LambdaParameters = saved;
                        return;
                    }
            }
        }
        finally
        {
            Leave();
        }
    }

    private static SqlLineageKind Max(SqlLineageKind a, SqlLineageKind b) => a > b ? a : b;

    private void EvalFunction(FunctionExpr function, Scope scope, LineageSet into, SqlLineageKind kind, bool masked, EvalContext context)
    {
        var name = function.Name;
        var aggregate = function.Over is not null || function.WithinGroup is not null || Aggregates.Contains(name);
        var argKind = aggregate ? SqlLineageKind.Aggregation : Max(kind, SqlLineageKind.Transformation);
        var mask = masked || Masking.Contains(name);
        var args = function.Args;
        var conditionArgs = name is "IF" or "IIF" or "IFF" or "NVL2" ? 1 : 0;
        for (var i = 0; i < args.Count; i++)
        {
            if (i < conditionArgs)
            {
                into.MergeAsCondition(Collect(args[i], scope, context & ~EvalContext.SelectList), argKind, mask, SqlIndirectKind.Conditional);
            }
            else
            {
                Eval(args[i], scope, into, argKind, mask, context);
            }
        }

        if (function.Filter is not null)
        {
            into.MergeAsCondition(Collect(function.Filter, scope, EvalContext.None), argKind, mask, SqlIndirectKind.Conditional);
        }

        // PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) reads x; LISTAGG(x, ',') WITHIN GROUP (ORDER BY y) only sorts by y.
        if (function.WithinGroup is not null && args.TrueForAll(a => a is LiteralExpr))
        {
            foreach (var e in function.WithinGroup)
            {
                Eval(e, scope, into, SqlLineageKind.Aggregation, mask, context);
            }
        }

        if (function.Over is { } over)
        {
            var keys = new LineageSet();
            foreach (var spec in WindowChain(over, scope))
            {
                foreach (var e in spec.PartitionBy)
                {
                    Eval(e, scope, keys, SqlLineageKind.Aggregation, false, context & ~EvalContext.SelectList);
                }

                foreach (var e in spec.OrderBy)
                {
                    Eval(e, scope, keys, SqlLineageKind.Aggregation, false, context & ~EvalContext.SelectList);
                }
            }

            into.MergeAsCondition(keys, SqlLineageKind.Aggregation, masked, SqlIndirectKind.Window);
            if ((context & EvalContext.SelectList) != 0)
            {
                AddIndirect(keys, SqlIndirectKind.Window);
            }
        }
    }

    private static IEnumerable<WindowSpec> WindowChain(WindowSpec spec, Scope scope)
    {
        var current = spec;
        for (var guard = 0; current is not null && guard < 16; guard++)
        {
            yield return current;
            if (current.BaseName is null)
            {
                yield break;
            }

            WindowSpec? next = null;
            for (var s = scope; s is not null && next is null; s = s.Parent)
            {
                s.Windows?.TryGetValue(current.BaseName, out next);
            }

            current = next!;
        }
    }

    // ---- column resolution ---------------------------------------------------------------------------

    private LineageSet? ResolveColumn(ColumnExpr column, Scope scope, EvalContext context, out bool fieldAccess)
    {
        fieldAccess = false;
        var parts = column.Parts;
        if (parts.Length == 1)
        {
            return ResolveName(parts[0].Value, scope, context, column);
        }

        Relation? matchedRelation = null;
        var matchedAt = 0;
        for (var s = scope; s is not null; s = s.Parent)
        {
            for (var q = parts.Length - 1; q >= 1; q--)
            {
                var relation = FindRelation(s, parts, q);
                if (relation is null)
                {
                    continue;
                }

                if (matchedRelation is null)
                {
                    matchedRelation = relation;
                    matchedAt = q;
                }

                var name = parts[q].Value;
                if (relation is FunctionRelation function)
                {
                    fieldAccess = q < parts.Length - 1;
                    return function.Arguments;
                }

                var found = relation.Find(name, _comparer, out var lineage);
                if (found != Lookup.NotFound)
                {
                    fieldAccess = q < parts.Length - 1;
                    return lineage;
                }

                if (relation is DerivedRelation { Result.Columns.Count: > 0 } or TableRelation { Columns: not null })
                {
                    // A known relation without this column: the name may still be a struct field of a same-named column elsewhere.
                    break;
                }
            }
        }

        if (matchedRelation is not null)
        {
            fieldAccess = matchedAt < parts.Length - 1;
            return NotInRelation(column, parts[matchedAt].Value, matchedRelation);
        }

        // t.a where t is not a relation: a struct column t with field a (BigQuery, Spark, Snowflake).
        var structColumn = ResolveName(parts[0].Value, scope, context, column);
        if (structColumn is not null)
        {
            fieldAccess = true;
        }

        return structColumn;
    }

    /// <summary>The relation named by parts[0..count): its alias first, then an unaliased table's name, then any table's name.</summary>
    private Relation? FindRelation(Scope scope, Identifier[] parts, int count)
    {
        if (count == 1)
        {
            foreach (var r in scope.Relations)
            {
                if (r.Alias is not null && NameEquals(r.Alias, parts[0].Value))
                {
                    return r;
                }
            }
        }

        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var r in scope.Relations)
            {
                if (r.NameParts is not { } name || (pass == 0 && r.Alias is not null) || (pass == 1 && r.Alias is null))
                {
                    continue;
                }

                if (SuffixMatches(name, parts, count) || (r is TableRelation table && TableSuffixMatches(table.Table, parts, count)))
                {
                    return r;
                }
            }
        }

        return null;
    }

    private bool SuffixMatches(Identifier[] name, Identifier[] parts, int count)
    {
        if (count > name.Length)
        {
            return false;
        }

        var offset = name.Length - count;
        for (var i = 0; i < count; i++)
        {
            if (!NameEquals(name[offset + i].Value, parts[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    private bool TableSuffixMatches(string table, Identifier[] parts, int count)
    {
        var qualifier = string.Join('.', parts.Take(count).Select(p => p.Value));
        return NameEquals(table.Replace("\"", "", StringComparison.Ordinal), qualifier)
            || table.Replace("\"", "", StringComparison.Ordinal).EndsWith("." + qualifier, _comparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Resolves an unqualified name: this scope's relations and aliases, then the enclosing scopes (correlation).</summary>
    private LineageSet? ResolveName(string name, Scope scope, EvalContext context, ColumnExpr at)
    {
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.LambdaParameters is not null && s.LambdaParameters.Contains(name, _comparer))
            {
                return null;
            }

            var local = ResolveInScope(name, s, s == scope ? context : EvalContext.None, at);
            if (local is not null)
            {
                return local;
            }
        }

        return Unplaced(name, scope, at);
    }

    private LineageSet? ResolveInScope(string name, Scope scope, EvalContext context, ColumnExpr at)
    {
        if ((context & EvalContext.AliasFirst) != 0 && FindAlias(name, scope) is { } first)
        {
            return first;
        }

        LineageSet? found = null;
        LineageSet? merged = null;
        var isUsing = scope.UsingColumns?.Contains(name) == true;
        foreach (var relation in scope.Relations)
        {
            if (relation is TableRelation { Columns: null } || relation.Find(name, _comparer, out var lineage) != Lookup.Found)
            {
                continue;
            }

            if (found is null)
            {
                found = lineage;
                if (!isUsing)
                {
                    break;
                }
            }
            else
            {
                merged ??= found.Clone();
                merged.MergeFrom(lineage, SqlLineageKind.Identity, false);
            }
        }

        if (found is not null)
        {
            return merged ?? found;
        }

        if (_context.Variables.Count > 0 && _context.Variables.Contains(name))
        {
            // A procedural variable or parameter no known table has as a column: its value's lineage.
            return _context.VariableValues.TryGetValue(name, out var value) ? value : LineageSet.Empty;
        }

        var aliasesAllowed = (context & (EvalContext.AliasAfter | EvalContext.AliasFirst)) != 0
            || ((context & EvalContext.SelectList) != 0 && _context.Dialect.LateralColumnAlias);
        if (aliasesAllowed && FindAlias(name, scope) is { } alias && !ReadsColumnNamed(alias, name))
        {
            return alias;
        }

        Relation? firstUnknown = null;
        LineageSet? firstLineage = null;
        List<Relation>? others = null;
        foreach (var relation in scope.Relations)
        {
            if (relation.Find(name, _comparer, out var lineage) == Lookup.Unknown)
            {
                if (isUsing)
                {
                    merged ??= new LineageSet();
                    merged.MergeFrom(lineage, SqlLineageKind.Identity, false);
                    continue;
                }

                if (firstUnknown is null)
                {
                    firstUnknown = relation;
                    firstLineage = lineage;
                }
                else
                {
                    (others ??= []).Add(relation);
                }
            }
        }

        if (firstUnknown is not null)
        {
            return others is null ? firstLineage : Ambiguous(name, at, firstUnknown, firstLineage!, others);
        }

        if (merged is not null)
        {
            return merged;
        }

        // A FROM-less function relation named like the column (BigQuery UNNEST(x) AS v, then v).
        foreach (var relation in scope.Relations)
        {
            if (relation is FunctionRelation f && relation.Alias is not null && NameEquals(relation.Alias, name))
            {
                return f.Arguments;
            }
        }

        return null;
    }

    private LineageSet? FindAlias(string name, Scope scope) => scope.FindAlias(name, _comparer);

    /// <summary>True when an alias's value reads a source column of the same name: then the table has that column and it wins.</summary>
    private bool ReadsColumnNamed(LineageSet alias, string name)
    {
        foreach (var e in alias.Direct)
        {
            if (NameEquals(e.Source.Column, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An unqualified column several relations of unknown columns may have: it is credited to the first (as SQL
    /// writers usually list the table it belongs to first), marked as a guess, and reported with its candidates.
    /// </summary>
    private LineageSet Ambiguous(string name, ColumnExpr at, Relation first, LineageSet lineage, List<Relation> others)
    {
        var candidates = Describe(first);
        foreach (var other in others)
        {
            candidates += ", " + Describe(other);
        }

        _context.Note(at.Line, at.Column, at.Start, $"column '{name}' is ambiguous: it may come from {candidates} (no catalog says which); credited to {Describe(first)} as a guess");
        return Guessed(lineage);
    }

    /// <summary>
    /// A column no relation in reach has although the relations' columns are known: when exactly one table is in
    /// reach, the catalog is taken to be incomplete and the column is credited to it as a guess; otherwise it is left
    /// out. Either way the diagnostic says so, so an incomplete catalog never loses a column silently.
    /// </summary>
    private LineageSet? Unplaced(string name, Scope scope, ColumnExpr at)
    {
        TableRelation? only = null;
        var candidates = new List<string>();
        for (var s = scope; s is not null; s = s.Parent)
        {
            if (s.LambdaParameters is not null)
            {
                return null;
            }

            foreach (var relation in s.Relations)
            {
                if (relation is FunctionRelation || (relation is DerivedRelation { Result.Columns.Count: 0 }))
                {
                    // A table function or a pivot yields columns nobody declared.
                    return null;
                }

                if (relation is TableRelation table)
                {
                    only = table;
                }

                candidates.Add(Describe(relation));
            }
        }

        if (candidates.Count == 0 || at.Line == 0)
        {
            return null;
        }

        if (candidates.Count == 1 && only is not null)
        {
            _context.Note(at.Line, at.Column, at.Start, $"column '{name}' is not among the catalog's columns of {only.Table}; credited to it as a guess");
            return Guessed(only.Identity(name));
        }

        _context.Note(at.Line, at.Column, at.Start, $"column '{name}' is in none of {string.Join(", ", candidates)}; it is left out of the lineage");
        return null;
    }

    /// <summary>A qualified column its relation does not have: credited as written to a catalog table, left out of a subquery.</summary>
    private LineageSet? NotInRelation(ColumnExpr column, string name, Relation relation)
    {
        if (relation is TableRelation table && table.Columns is not null && column.Line > 0)
        {
            _context.Note(column.Line, column.Column, column.Start, $"column '{name}' is not among the catalog's columns of {table.Table}; credited to it as written");
            return table.Identity(name);
        }

        if (relation is DerivedRelation { Result.Columns.Count: > 0 } && column.Line > 0)
        {
            _context.Note(column.Line, column.Column, column.Start, $"column '{name}' is not among the columns of {Describe(relation)}; it is left out of the lineage");
        }

        return null;
    }

    private static LineageSet Guessed(LineageSet lineage)
    {
        var guessed = new LineageSet();
        foreach (var e in lineage.Direct)
        {
            guessed.AddDirect(e.Source, e.Kind, e.Masked, guessed: true);
        }

        if (lineage.Indirect is not null)
        {
            foreach (var (source, kind) in lineage.Indirect)
            {
                guessed.AddIndirect(source, kind);
            }
        }

        return guessed;
    }

    private static string Describe(Relation relation) => relation switch
    {
        TableRelation t => t.Table,
        _ when relation.Alias is not null => relation.Alias,
        _ when relation.NameParts is { } parts => string.Join('.', parts.Select(p => p.Value)),
        _ => "a subquery",
    };
}
