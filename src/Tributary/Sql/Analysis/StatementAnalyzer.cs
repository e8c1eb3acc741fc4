using Tributary.Sql.Syntax;

namespace Tributary.Sql.Analysis;

/// <summary>
/// Walks one parsed statement: builds scopes for each SELECT (CTEs, FROM relations, aliases), resolves every
/// column to the real table columns it comes from, and records inputs, outputs, column lineage and indirect uses.
/// </summary>
internal sealed partial class StatementAnalyzer
{
    private readonly AnalyzerContext _context;
    private readonly StringComparer _comparer;
    private readonly StatementLineage _result = new();
    // Made once a statement has more inputs or uses than a scan is worth: most statements have a few.
    private HashSet<string>? _inputSet;
    private HashSet<(SourceColumn, SqlIndirectKind)>? _indirectSet;
    private int _depth;

    public StatementAnalyzer(AnalyzerContext context)
    {
        _context = context;
        _comparer = context.Comparer;
    }

    // The CTE being evaluated: what it reads is held on it and counts only once the CTE is used.
    private CteEntry? _capturing;

    private void AddInput(string table)
    {
        if (_capturing is { } cte)
        {
            cte.Reads.Add(table);
            return;
        }

        var inputs = _result.Inputs;
        if (_inputSet is null && inputs.Count > ResultBuilder.ScanLimit)
        {
            _inputSet = new HashSet<string>(inputs, _comparer);
        }

        if (_inputSet is not null ? _inputSet.Add(table) : IndexOfInput(table) < 0)
        {
            inputs.Add(table);
        }
    }

    private int IndexOfInput(string table)
    {
        var inputs = _result.Inputs;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (_comparer.Equals(inputs[i], table))
            {
                return i;
            }
        }

        return -1;
    }

    private void AddOutput(string table, bool temporary)
    {
        if (!_result.Outputs.Contains(table, _comparer))
        {
            _result.Outputs.Add(table);
        }

        if (temporary)
        {
            _result.AddTemporaryOutput(table);
        }
    }

    private void AddIndirect(LineageSet lineage, SqlIndirectKind kind)
    {
        foreach (var e in lineage.Direct)
        {
            AddIndirect(e.Source, kind);
        }
    }

    private void AddIndirect(SourceColumn source, SqlIndirectKind kind)
    {
        if (_capturing is { } cte)
        {
            cte.IndirectReads.Add((source, kind));
            return;
        }

        var uses = _result.Indirect;
        if (_indirectSet is null && uses.Count > ResultBuilder.ScanLimit)
        {
            _indirectSet = [.. uses];
        }

        if (_indirectSet is not null ? _indirectSet.Add((source, kind)) : !uses.Contains((source, kind)))
        {
            uses.Add((source, kind));
        }
    }

    private void Enter()
    {
        // Every fourth level, as the parser does: four levels use far less stack than the reserve a check guarantees.
        if ((_depth & 3) == 0)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        }

        _context.Budget?.Tick();
        if (++_depth > _context.Options.MaxDepth * 4)
        {
            throw new InvalidOperationException($"the statement nests deeper than {_context.Options.MaxDepth:N0} levels (the limit of SqlAnalysisOptions.MaxDepth)");
        }
    }

    private void Leave() => _depth--;

    // ---- names ---------------------------------------------------------------------------------------

    /// <summary>The display name of a table: parts joined with dots (a part with a dot is double-quoted), default schema applied.</summary>
    private string TableName(ObjectName name)
    {
        var names = _context.Names;
        if (name.IsPath)
        {
            return names.CanonicalTable(name.Parts[0].Value);
        }

        foreach (var part in name.Parts)
        {
            if (part.Value.Contains("://", StringComparison.Ordinal) || (part.Quoted && part.Value.StartsWith('/')))
            {
                return names.CanonicalTable(part.Value);
            }
        }

        if (name.Parts.Length == 2 && name.Parts[1].Quoted && FileFormats.Contains(name.Parts[0].Value))
        {
            // Spark file source with a relative path: parquet.`data/files/` reads the path, not a table.
            return names.CanonicalTable(name.Parts[1].Value);
        }

        var parts = name.Parts;
        string? database = null, schema = null;
        if (parts.Length == 1 && _context.DefaultSchema is { } defaultSchema && !IsTemporaryName(parts[0].Value))
        {
            database = _context.DefaultDatabase;
            schema = defaultSchema;
        }
        else if (parts.Length == 2)
        {
            database = _context.DefaultDatabase;
        }

        if (database is null && schema is null && parts.Length == 1 && !parts[0].Value.Contains('.', StringComparison.Ordinal))
        {
            return names.CanonicalTable(parts[0].Value);
        }

        // Joined in a buffer and looked up there: a name seen before (most are) makes no string.
        var length = (database is null ? 0 : database.Length + 1) + (schema is null ? 0 : schema.Length + 1) + parts.Length - 1;
        foreach (var part in parts)
        {
            length += part.Value.Length + 2;
        }

        var buffer = length <= 256 ? stackalloc char[length] : new char[length];
        var at = 0;
        if (database is not null)
        {
            Append(buffer, ref at, database);
            buffer[at++] = '.';
        }

        if (schema is not null)
        {
            Append(buffer, ref at, schema);
            buffer[at++] = '.';
        }

        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                buffer[at++] = '.';
            }

            var value = parts[i].Value;
            if (value.Contains('.', StringComparison.Ordinal))
            {
                buffer[at++] = '"';
                Append(buffer, ref at, value);
                buffer[at++] = '"';
            }
            else
            {
                Append(buffer, ref at, value);
            }
        }

        return names.CanonicalTable(buffer[..at]);

        static void Append(Span<char> buffer, ref int at, string value)
        {
            value.CopyTo(buffer[at..]);
            at += value.Length;
        }
    }

    private static readonly HashSet<string> FileFormats = new(StringComparer.OrdinalIgnoreCase)
    {
        "parquet", "csv", "json", "orc", "avro", "text", "delta", "binaryFile", "iceberg", "hudi", "jdbc",
    };

    private bool IsTemporaryName(string name) => name.StartsWith('#') || _context.TemporaryNames.Contains(name);

    /// <summary>T-SQL #temp tables and @table variables.</summary>
    private bool IsTemporary(ObjectName name) =>
        name.Parts.Length == 1 && (name.Parts[0].Value.StartsWith('#') || (_context.Dialect.IsTSql && name.Parts[0].Value.StartsWith('@')));

    private IReadOnlyList<string>? CatalogColumns(string table) => _context.TryGetColumns(table, out var columns) ? columns : null;

    private bool NameEquals(string a, string b) => _comparer.Equals(a, b);

    // ---- FROM ----------------------------------------------------------------------------------------

    /// <summary>Adds the relations of a FROM item to the scope, evaluating joins' conditions once both sides are in.</summary>
    private void AddTable(TableExpr table, Scope scope, ObjectName? target = null)
    {
        Enter();
        try
        {
            switch (table)
            {
                case TableRef reference:
                    scope.Relations.Add(ResolveTable(reference, scope, isTarget: false));
                    break;
                case DerivedTable derived:
                    {
                        var result = EvaluateQuery(derived.Query, scope, scope.Ctes);
                        Rename(result, derived.ColumnAliases);
                        scope.Relations.Add(new DerivedRelation(result) { Alias = derived.Alias?.Value });
                        break;
                    }

                case FunctionTable function:
                    scope.Relations.Add(ResolveFunctionTable(function, scope));
                    break;
                case JoinExpr join:
                    {
                        // Joins nest to the left; walk the spine iteratively so a 1,000-way join is not 1,000 frames deep.
                        var chain = new List<JoinExpr>();
                        TableExpr left = join;
                        while (left is JoinExpr j)
                        {
                            chain.Add(j);
                            left = j.Left;
                        }

                        AddTable(left, scope);
                        for (var i = chain.Count - 1; i >= 0; i--)
                        {
                            var step = chain[i];
                            var before = scope.Relations.Count;
                            AddTable(step.Right, scope);
                            if (step.On is not null)
                            {
                                AddIndirect(Collect(step.On, scope, EvalContext.None), SqlIndirectKind.Join);
                            }

                            if (step.Using is not null || step.Natural)
                            {
                                AddUsing(step, scope, before);
                            }
                        }

                        break;
                    }

                case PivotTable pivot:
                    {
                        var inner = new Scope(scope.Parent, scope.Ctes);
                        AddTable(pivot.Source, inner);
                        var lineage = new LineageSet();
                        foreach (var e in pivot.Expressions)
                        {
                            Eval(e, inner, lineage, SqlLineageKind.Transformation, false, EvalContext.None);
                        }

                        var result = new QueryResult { StarSources = [] };
                        scope.Relations.Add(new DerivedRelation(result) { Alias = pivot.Alias?.Value });
                        break;
                    }
            }
        }
        finally
        {
            Leave();
        }
    }

    private void AddUsing(JoinExpr join, Scope scope, int rightStart)
    {
        var columns = new List<string>();
        if (join.Using is not null)
        {
            columns.AddRange(join.Using.Select(u => u.Value));
        }
        else
        {
            // NATURAL JOIN: the columns both sides have, when both are known.
            var left = new List<OutputColumn>();
            var right = new List<OutputColumn>();
            var unknown = new List<Relation>();
            for (var i = 0; i < scope.Relations.Count; i++)
            {
                scope.Relations[i].Expand(i < rightStart ? left : right, unknown);
            }

            columns.AddRange(left.Where(l => right.Any(r => NameEquals(l.Name, r.Name))).Select(l => l.Name));
        }

        scope.UsingColumns ??= new HashSet<string>(_comparer);
        foreach (var column in columns)
        {
            scope.UsingColumns.Add(column);
            for (var i = 0; i < scope.Relations.Count; i++)
            {
                var relation = scope.Relations[i];
                var found = relation.Find(column, _comparer, out var lineage);
                if (found == Lookup.Found || (found == Lookup.Unknown && (i == rightStart || i == rightStart - 1 || relation is TableRelation)))
                {
                    AddIndirect(lineage, SqlIndirectKind.Join);
                }
            }
        }
    }

    private Relation ResolveTable(TableRef reference, Scope scope, bool isTarget)
    {
        var name = reference.Name;
        var alias = reference.Alias?.Value;
        if (!name.IsPath && name.Parts.Length == 1 && !isTarget && FindCte(name.Parts[0].Value, scope.Ctes) is { } cte)
        {
            var result = cte;
            if (reference.ColumnAliases is not null)
            {
                result = CopyResult(result);
                Rename(result, reference.ColumnAliases);
            }

            return new DerivedRelation(result) { Alias = alias, NameParts = name.Parts };
        }

        var table = TableName(name);
        if (!isTarget && _context.ScriptTables?.Invoke(table) is { } written)
        {
            written.Read = true;
            if (_context.Options.Semantics == SqlSemantics.Union)
            {
                // End-to-end columns under union semantics: the statement still reads the table itself.
                AddInput(table);
            }
            else
            {
                foreach (var input in written.Inputs)
                {
                    AddInput(input);
                }
            }

            var result = new QueryResult();
            result.Columns.AddRange(written.Columns);
            if (reference.ColumnAliases is not null)
            {
                Rename(result, reference.ColumnAliases);
            }

            return new DerivedRelation(result) { Alias = alias, NameParts = name.Parts };
        }

        if (!isTarget)
        {
            AddInput(table);
        }

        IReadOnlyList<string>? columns = CatalogColumns(table);
        if (reference.ColumnAliases is not null)
        {
            columns = [.. reference.ColumnAliases.Select(c => c.Value)];
            if (CatalogColumns(table) is { } real)
            {
                // Renamed columns keep their lineage to the real ones, by position.
                var result = new QueryResult();
                var relation = new TableRelation(table, real, _context.Names);
                for (var i = 0; i < reference.ColumnAliases.Count && i < real.Count; i++)
                {
                    result.Columns.Add(new OutputColumn(reference.ColumnAliases[i].Value, relation.Identity(real[i])));
                }

                return new DerivedRelation(result) { Alias = alias, NameParts = name.Parts };
            }
        }

        var index = columns is null || reference.ColumnAliases is not null ? null : _context.IndexOf(columns);
        return new TableRelation(table, columns, _context.Names, index, catalogSpelled: index is not null) { Alias = alias, NameParts = name.Parts, IsTarget = isTarget };
    }

    private Relation ResolveFunctionTable(FunctionTable table, Scope scope)
    {
        var function = table.Function;
        var arguments = new LineageSet();
        foreach (var arg in function.Args)
        {
            Eval(arg, scope, arguments, SqlLineageKind.Transformation, false, EvalContext.None);
        }

        List<string>? columns = table.ColumnAliases?.Select(c => c.Value).ToList();
        if (columns is null && table.Alias is { } alias && function.Name is "UNNEST" or "EXPLODE" or "EXPLODE_OUTER" or "INLINE" or "POSEXPLODE")
        {
            // UNNEST(x) AS v: v names the element itself.
            columns = [alias.Value];
        }

        return new FunctionRelation(arguments, columns) { Alias = table.Alias?.Value };
    }

    private static QueryResult CopyResult(QueryResult result)
    {
        var copy = new QueryResult { StarSources = result.StarSources };
        copy.Columns.AddRange(result.Columns);
        return copy;
    }

    private static void Rename(QueryResult result, List<Identifier>? names)
    {
        if (names is null)
        {
            return;
        }

        for (var i = 0; i < names.Count && i < result.Columns.Count; i++)
        {
            result.Columns[i] = new OutputColumn(names[i].Value, result.Columns[i].Lineage);
        }
    }

    // ---- CTEs ----------------------------------------------------------------------------------------

    private CteFrame? PushWith(WithClause? with, CteFrame? parent)
    {
        if (with is null)
        {
            return parent;
        }

        var frame = new CteFrame(parent, _comparer);
        foreach (var cte in with.Tables)
        {
            var entry = new CteEntry(cte, frame, with.Recursive || cte.Query is SetOpQuery { Kind: SetOpKind.Union }) { Index = frame.Order.Count };
            frame.Entries[cte.Name.Value] = entry;
            frame.Order.Add(entry);
        }

        return frame;
    }

    /// <summary>
    /// Evaluates a CTE with what it reads held on it. The CTEs before it in its WITH are evaluated first, in order,
    /// so a chain of any length (each reading the one before) is evaluated one link at a time, never as deep recursion.
    /// </summary>
    private QueryResult EvaluateCaptured(CteEntry entry)
    {
        var order = entry.Frame.Order;
        for (var i = 0; i < entry.Index; i++)
        {
            var earlier = order[i];
            if (earlier.Result is null && !earlier.InProgress && !earlier.Recursive)
            {
                earlier.InProgress = true;
                try
                {
                    earlier.Result = Capture(earlier);
                }
                finally
                {
                    earlier.InProgress = false;
                }
            }
        }

        return Capture(entry);
    }

    private QueryResult Capture(CteEntry entry)
    {
        var saved = _capturing;
        _capturing = entry;
        var depth = _depth;
        _depth = 0;
        try
        {
            return EvaluateCte(entry);
        }
        finally
        {
            _capturing = saved;
            _depth = depth;
        }
    }

    /// <summary>A CTE is used: what it reads (and what the CTEs it uses read) now counts, for the statement or the CTE using it.</summary>
    private void Use(CteEntry entry)
    {
        if (_capturing is { } user)
        {
            if (user != entry)
            {
                user.Uses.Add(entry);
            }

            return;
        }

        var pending = new Stack<CteEntry>();
        pending.Push(entry);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (next.Committed)
            {
                continue;
            }

            next.Committed = true;
            foreach (var table in next.Reads)
            {
                AddInput(table);
            }

            foreach (var (source, kind) in next.IndirectReads)
            {
                AddIndirect(source, kind);
            }

            foreach (var used in next.Uses)
            {
                pending.Push(used);
            }
        }
    }

    private QueryResult? FindCte(string name, CteFrame? frame)
    {
        for (var f = frame; f is not null; f = f.Parent)
        {
            if (!f.Entries.TryGetValue(name, out var entry))
            {
                continue;
            }

            if (entry.Result is not null)
            {
                Use(entry);
                return entry.Result;
            }

            if (entry.InProgress)
            {
                if (!entry.Recursive)
                {
                    // WITH orders AS (SELECT … FROM orders): inside its own body the name is the real table.
                    continue;
                }

                entry.SelfReferenced = true;
                return entry.Partial ?? new QueryResult();
            }

            entry.InProgress = true;
            try
            {
                var result = EvaluateCaptured(entry);
                entry.Result = result;
            }
            finally
            {
                entry.InProgress = false;
            }

            Use(entry);
            return entry.Result;
        }

        return null;
    }

    private QueryResult EvaluateCte(CteEntry entry)
    {
        var definition = entry.Definition;
        var result = EvaluateQuery(definition.Query, null, entry.Frame);
        Rename(result, definition.Columns);

        // A recursive CTE saw only an empty version of itself; iterate a few times so lineage flows around the loop.
        for (var round = 0; round < 2 && entry.SelfReferenced; round++)
        {
            entry.Partial = result;
            entry.SelfReferenced = false;
            result = EvaluateQuery(definition.Query, null, entry.Frame);
            Rename(result, definition.Columns);
        }

        return result;
    }
}
