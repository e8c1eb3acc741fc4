using Tributary.Sql.Syntax;

namespace Tributary.Sql.Parsing;

internal sealed partial class Parser
{
    private QueryExpr ParseQuery()
    {
        Enter();
        try
        {
            WithClause? with = null;
            if (AcceptKw("WITH"))
            {
                with = ParseWithClause();
            }

            var body = ParseSetOperation();
            ParseQueryTail(body);
            if (with is not null)
            {
                if (body.With is null)
                {
                    body.With = with;
                }
                else
                {
                    with.Tables.AddRange(body.With.Tables);
                    body.With = with;
                }
            }

            return body;
        }
        finally
        {
            Leave();
        }
    }

    private WithClause ParseWithClause()
    {
        var recursive = AcceptKw("RECURSIVE");
        var tables = new List<CommonTableExpr>();
        do
        {
            var name = ParseIdentifier();
            if (IsOp("(") && IsQueryStart(Peek(1)))
            {
                // Spark: WITH x (SELECT …) without AS.
                _pos++;
                var bare = ParseQuery();
                ExpectOp(")");
                tables.Add(new CommonTableExpr(name, null, bare));
                continue;
            }

            var columns = IsOp("(") ? ParseIdentifierList() : null;
            ExpectKw("AS");
            AcceptKw("MATERIALIZED");
            AcceptKws("NOT", "MATERIALIZED");
            ExpectOp("(");
            var query = ParseQuery();
            ExpectOp(")");
            tables.Add(new CommonTableExpr(name, columns, query));
        }
        while (AcceptOp(","));
        return new WithClause(recursive, tables);
    }

    private QueryExpr ParseSetOperation()
    {
        var left = ParseQueryTerm();
        while (true)
        {
            SetOpKind kind;
            if (IsKw("UNION"))
            {
                kind = SetOpKind.Union;
            }
            else if (IsKw("EXCEPT") || IsKw("MINUS"))
            {
                kind = SetOpKind.Except;
            }
            else if (IsKw("INTERSECT"))
            {
                kind = SetOpKind.Intersect;
            }
            else
            {
                return left;
            }

            _pos++;
            if (!AcceptKw("ALL"))
            {
                AcceptKw("DISTINCT");
            }

            AcceptKws("BY", "NAME");
            var right = ParseQueryTerm();
            if (kind != SetOpKind.Except && left is SetOpQuery existing && existing.Kind == kind && existing.OrderBy is null && existing.With is null)
            {
                existing.Branches.Add(right);
            }
            else
            {
                left = new SetOpQuery(kind, [left, right]);
            }
        }
    }

    private QueryExpr ParseQueryTerm()
    {
        if (IsOp("("))
        {
            _pos++;
            var inner = ParseQuery();
            ExpectOp(")");
            return inner;
        }

        if (IsKw("SELECT"))
        {
            return ParseSelect();
        }

        if (IsKw("VALUES"))
        {
            return ParseValues();
        }

        if (AcceptKw("TABLE"))
        {
            var select = new SelectQuery();
            select.Items.Add(new SelectItem(new StarExpr(null), null));
            select.From.Add(new TableRef(ParseObjectName(), null));
            return select;
        }

        throw Error("expected SELECT");
    }

    private ValuesQuery ParseValues()
    {
        ExpectKw("VALUES");
        var rows = new List<List<Expr>>();
        do
        {
            AcceptKw("ROW");
            if (AcceptOp("("))
            {
                rows.Add(ParseExprList());
                ExpectOp(")");
            }
            else
            {
                rows.Add([ParseExpr()]);
            }
        }
        while (AcceptOp(","));
        return new ValuesQuery(rows);
    }

    private List<Expr> ParseExprList()
    {
        var list = new List<Expr>();
        if (IsOp(")"))
        {
            return list;
        }

        do
        {
            list.Add(ParseExpr());
        }
        while (AcceptOp(","));
        return list;
    }

    private void ParseQueryTail(QueryExpr query)
    {
        while (true)
        {
            if (IsKw("ORDER") && IsKw("BY", 1))
            {
                _pos += 2;
                query.OrderBy = ParseOrderList();
                continue;
            }

            if ((IsKw("SORT") || IsKw("CLUSTER") || IsKw("DISTRIBUTE")) && IsKw("BY", 1))
            {
                var sort = IsKw("SORT") || IsKw("CLUSTER");
                _pos += 2;
                var list = ParseOrderList();
                if (sort)
                {
                    (query.OrderBy ??= []).AddRange(list);
                }

                continue;
            }

            if (AcceptKw("LIMIT"))
            {
                if (!AcceptKw("ALL"))
                {
                    ParseExpr();
                }

                if (AcceptOp(","))
                {
                    ParseExpr();
                }

                continue;
            }

            if (AcceptKw("OFFSET"))
            {
                ParseExpr();
                if (!AcceptKw("ROWS"))
                {
                    AcceptKw("ROW");
                }

                continue;
            }

            if (AcceptKw("FETCH"))
            {
                while (!AtEnd && !IsKw("ONLY") && !(IsKw("WITH") && IsKw("TIES", 1)))
                {
                    SkipOne();
                }

                if (!AcceptKw("ONLY"))
                {
                    _pos += 2;
                }

                continue;
            }

            if (IsKw("FOR") && (IsKw("UPDATE", 1) || IsKw("SHARE", 1) || IsKw("XML", 1) || IsKw("JSON", 1) || IsKw("BROWSE", 1) || IsKw("READ", 1) || IsKw("NO", 1)))
            {
                while (!AtEnd && !IsOp(")") && !IsKw("UNION") && !IsKw("EXCEPT") && !IsKw("INTERSECT"))
                {
                    SkipOne();
                }

                continue;
            }

            if (IsKw("OPTION") && IsOp("(", 1))
            {
                _pos++;
                SkipBalanced();
                continue;
            }

            if (IsKw("WITH") && IsKw("TIES", 1))
            {
                _pos += 2;
                continue;
            }

            return;
        }
    }

    private List<Expr> ParseOrderList()
    {
        var list = new List<Expr>();
        do
        {
            list.Add(ParseExpr());
            if (!AcceptKw("ASC"))
            {
                AcceptKw("DESC");
            }

            if (AcceptKw("NULLS"))
            {
                if (!AcceptKw("FIRST"))
                {
                    ExpectKw("LAST");
                }
            }

            if (AcceptKw("USING"))
            {
                _pos++;
            }
        }
        while (AcceptOp(","));
        return list;
    }

    private SelectQuery ParseSelect(bool keywordConsumed = false)
    {
        if (!keywordConsumed)
        {
            ExpectKw("SELECT");
        }

        var select = new SelectQuery();
        if (IsKw("AS") && (IsKw("STRUCT", 1) || IsKw("VALUE", 1)))
        {
            _pos += 2;
        }

        SkipTop();
        if (AcceptKw("DISTINCT"))
        {
            if (AcceptKw("ON"))
            {
                ExpectOp("(");
                select.DistinctOn = ParseExprList();
                ExpectOp(")");
            }
        }
        else if (!AcceptKw("ALL"))
        {
            AcceptKw("DISTINCTROW");
        }

        SkipTop();
        while (IsKw("SQL_CALC_FOUND_ROWS") || IsKw("STRAIGHT_JOIN") || IsKw("SQL_NO_CACHE") || IsKw("HIGH_PRIORITY"))
        {
            _pos++; // MySQL select modifiers
        }

        do
        {
            if ((IsKw("FROM") || AtEnd) && select.Items.Count > 0)
            {
                break; // trailing comma before FROM (BigQuery, DuckDB)
            }

            select.Items.Add(ParseSelectItem());
        }
        while (AcceptOp(","));

        if (AcceptKw("INTO"))
        {
            if (IsVariable(Peek()))
            {
                // Procedural SELECT … INTO v1, v2 FROM …: declared variables take the values.
                select.IntoVariables = [];
                do
                {
                    select.IntoVariables.Add(Next().Text);
                }
                while (AcceptOp(","));
            }
            else if (Peek().Kind == TokenKind.Parameter || IsOp(":"))
            {
                // SELECT … INTO @var / :var assigns variables; no table is written.
                do
                {
                    AcceptOp(":");
                    _pos++;
                }
                while (AcceptOp(","));
            }
            else
            {
                if (AcceptKw("TEMP") || AcceptKw("TEMPORARY"))
                {
                    select.IntoTemp = true;
                }

                AcceptKw("UNLOGGED");
                AcceptKw("TABLE");
                select.Into = ParseObjectName();
            }
        }

        if (AcceptKw("FROM"))
        {
            select.From.AddRange(ParseFromList());
        }

        while (true)
        {
            if (AcceptKw("WHERE"))
            {
                select.Where = ParseExpr();
                continue;
            }

            if (IsKw("GROUP") && IsKw("BY", 1))
            {
                _pos += 2;
                select.GroupBy = ParseGroupBy();
                continue;
            }

            if (AcceptKw("HAVING"))
            {
                select.Having = ParseExpr();
                continue;
            }

            if (AcceptKw("QUALIFY"))
            {
                select.Qualify = ParseExpr();
                continue;
            }

            if (IsKw("WINDOW") && IsIdentifierToken(Peek(1)) && IsKw("AS", 2))
            {
                _pos++;
                select.Windows ??= new(StringComparer.OrdinalIgnoreCase);
                do
                {
                    var name = ParseIdentifier();
                    ExpectKw("AS");
                    select.Windows[name.Value] = ParseWindowSpec();
                }
                while (AcceptOp(","));
                continue;
            }

            if ((IsKw("START") && IsKw("WITH", 1)) || (IsKw("CONNECT") && IsKw("BY", 1)))
            {
                _pos += 2;
                AcceptKw("NOCYCLE");
                select.Where = select.Where is null ? ParseExpr() : new OperationExpr("AND", [select.Where, ParseExpr()]);
                continue;
            }

            break;
        }

        return select;
    }

    private List<Expr> ParseGroupBy()
    {
        var list = new List<Expr>();
        if (AcceptKw("ALL"))
        {
            list.Add(new OperationExpr("GROUP BY ALL", []));
            return list;
        }

        AcceptKw("DISTINCT");
        do
        {
            if (IsKw("GROUPING") && IsKw("SETS", 1))
            {
                _pos += 2;
                ExpectOp("(");
                list.AddRange(ParseExprList());
                ExpectOp(")");
                continue;
            }

            if ((IsKw("ROLLUP") || IsKw("CUBE")) && IsOp("(", 1))
            {
                _pos += 2;
                list.AddRange(ParseExprList());
                ExpectOp(")");
                continue;
            }

            list.Add(ParseExpr());
        }
        while (AcceptOp(","));
        if (IsKw("WITH") && (IsKw("ROLLUP", 1) || IsKw("CUBE", 1)))
        {
            _pos += 2;
        }

        return list;
    }

    private SelectItem ParseSelectItem()
    {
        if (IsOp("*"))
        {
            _pos++;
            return new SelectItem(ParseStarModifiers(new StarExpr(null)), null);
        }

        if (_dialect.IsTSql && IsIdentifierToken(Peek()) && IsOp("=", 1) && !IsOp("=", 2))
        {
            var alias = ParseIdentifier();
            _pos++;
            return new SelectItem(ParseExpr(), alias);
        }

        var expr = ParseExpr();
        if (expr is StarExpr star)
        {
            return new SelectItem(ParseStarModifiers(star), null);
        }

        var named = SkipColumnAttributes();
        var itemAlias = ParseOptionalAlias();
        return new SelectItem(expr, itemAlias ?? named ?? SkipColumnAttributes());
    }

    private StarExpr ParseStarModifiers(StarExpr star)
    {
        while (true)
        {
            if (IsKw("EXCEPT") || IsKw("EXCLUDE"))
            {
                // BigQuery SELECT * EXCEPT (a, b); Snowflake EXCLUDE a / EXCLUDE (a, b). Not set EXCEPT: that is followed by SELECT.
                if (IsKw("SELECT", 1) || (IsOp("(", 1) && IsKw("SELECT", 2)))
                {
                    return star;
                }

                _pos++;
                star.Except ??= [];
                if (IsOp("("))
                {
                    star.Except.AddRange(ParseIdentifierList());
                }
                else
                {
                    star.Except.Add(ParseIdentifier());
                }

                continue;
            }

            if (IsKw("REPLACE") && IsOp("(", 1))
            {
                _pos += 2;
                star.Replace ??= [];
                do
                {
                    var e = ParseExpr();
                    AcceptKw("AS");
                    star.Replace.Add((e, ParseIdentifier()));
                }
                while (AcceptOp(","));
                ExpectOp(")");
                continue;
            }

            if (IsKw("RENAME"))
            {
                _pos++;
                star.Rename ??= [];
                var parens = AcceptOp("(");
                do
                {
                    var from = ParseColumnPath()[^1];
                    AcceptKw("AS");
                    star.Rename.Add((from, ParseIdentifier()));
                }
                while (parens && AcceptOp(","));
                if (parens)
                {
                    ExpectOp(")");
                }

                continue;
            }

            if (IsKw("ILIKE") && Peek(1).Kind == TokenKind.String)
            {
                _pos += 2;
                continue;
            }

            return star;
        }
    }

    // ---- FROM ----------------------------------------------------------------------------------------

    private List<TableExpr> ParseFromList()
    {
        var list = new List<TableExpr> { ParseTableWithJoins() };
        while (AcceptOp(","))
        {
            list.Add(ParseTableWithJoins());
        }

        return list;
    }

    private TableExpr ParseTableWithJoins()
    {
        var left = ParseTablePrimary();
        while (true)
        {
            if (IsKw("LATERAL") && IsKw("VIEW", 1))
            {
                _pos += 2;
                AcceptKw("OUTER");
                var function = ParseFunctionAfterName(ParseObjectName());
                var table = new FunctionTable(function);
                if (IsIdentifierToken(Peek()) && !IsKw("AS") && !Peek().Has(WordFlags.Reserved))
                {
                    table.Alias = ParseIdentifier();
                }

                if (AcceptKw("AS"))
                {
                    table.ColumnAliases = [];
                    do
                    {
                        table.ColumnAliases.Add(ParseIdentifier());
                    }
                    while (AcceptOp(","));
                }

                left = new JoinExpr(left, table, null, null, false);
                continue;
            }

            var save = _pos;
            var natural = AcceptKw("NATURAL");
            var apply = false;
            if (IsKw("CROSS") && IsKw("APPLY", 1) || IsKw("OUTER") && IsKw("APPLY", 1))
            {
                _pos += 2;
                apply = true;
            }
            else
            {
                AcceptKw("GLOBAL");
                var simple = AcceptKw("INNER") || AcceptKw("CROSS") || AcceptKw("SEMI") || AcceptKw("ANTI") || AcceptKw("ASOF") || AcceptKw("POSITIONAL");
                if (!simple && (AcceptKw("LEFT") || AcceptKw("RIGHT") || AcceptKw("FULL")))
                {
                    if (!AcceptKw("OUTER") && !AcceptKw("SEMI"))
                    {
                        AcceptKw("ANTI");
                    }
                }

                if (IsKw("HASH") || IsKw("MERGE") || IsKw("LOOP"))
                {
                    _pos++;
                }

                if (!AcceptKw("JOIN") && !AcceptKw("STRAIGHT_JOIN"))
                {
                    _pos = save;
                    return left;
                }
            }

            var right = ParseTablePrimary();
            Expr? on = null;
            List<Identifier>? usingColumns = null;
            if (!apply)
            {
                if (AcceptKw("ON"))
                {
                    on = ParseExpr();
                }
                else if (AcceptKw("USING"))
                {
                    usingColumns = ParseIdentifierList();
                }
            }

            left = new JoinExpr(left, right, on, usingColumns, natural);
        }
    }

    private TableExpr ParseTablePrimary()
    {
        Enter();
        try
        {
            var table = ParseTablePrimaryCore();
            return ParseTableSuffixes(table);
        }
        finally
        {
            Leave();
        }
    }

    private TableExpr ParseTablePrimaryCore()
    {
        var lateral = AcceptKw("LATERAL");
        if (IsOp("("))
        {
            var save = _pos;
            _pos++;
            if (IsQueryStartHere())
            {
                try
                {
                    var query = ParseQuery();
                    ExpectOp(")");
                    var derived = new DerivedTable(query, null, null, lateral);
                    derived.Alias = ParseOptionalAlias(false);
                    if (derived.Alias is not null && IsOp("("))
                    {
                        derived.ColumnAliases = ParseIdentifierList();
                    }

                    return derived;
                }
                catch (SqlParseException)
                {
                    _pos = save + 1;
                    if (!IsOp("("))
                    {
                        throw;
                    }
                }
            }

            var inner = ParseTableWithJoins();
            ExpectOp(")");
            var alias = ParseOptionalAlias(false);
            if (alias is not null)
            {
                SetAlias(inner, alias.Value);
            }

            return inner;
        }

        var t = Peek();
        if (t.Is("UNNEST") && IsOp("(", 1))
        {
            _pos++;
            var function = ParseFunctionAfterName(new ObjectName([new Identifier("UNNEST", false)]));
            var table = new FunctionTable(function);
            AcceptKws("WITH", "ORDINALITY");
            ParseFunctionTableAlias(table);
            if (AcceptKws("WITH", "OFFSET"))
            {
                var offset = ParseOptionalAlias(false) ?? new Identifier("offset", false);
                return new JoinExpr(table, new FunctionTable(new FunctionExpr("OFFSET", [])) { Alias = offset, ColumnAliases = [offset] }, null, null, false);
            }

            return table;
        }

        if (t.Is("TABLE") && IsOp("(", 1))
        {
            _pos += 2;
            var inner = ParseTablePrimaryCore();
            ExpectOp(")");
            if (inner is FunctionTable ft)
            {
                ParseFunctionTableAlias(ft);
            }

            return inner;
        }

        if (t.Is("VALUES"))
        {
            var values = ParseValues();
            var derived = new DerivedTable(values, ParseOptionalAlias(false), null, false);
            if (derived.Alias is not null && IsOp("("))
            {
                derived.ColumnAliases = ParseIdentifierList();
            }

            return derived;
        }

        if (t.Kind == TokenKind.Identifier && t.Has(WordFlags.NonColumn))
        {
            throw Error("expected a table");
        }

        if (t.Is("ONLY") && IsIdentifierToken(Peek(1)))
        {
            _pos++; // PostgreSQL: FROM ONLY parent (no inheritance children)
        }

        var name = ParseObjectName();
        if (IsOp("(") && name.Parts.Length == 1 && Peek(1).Kind == TokenKind.String && IsFileReader(name.Parts[0].Value))
        {
            // DuckDB's file readers (read_parquet('s3://…')) and Databricks' read_files read a dataset named by its path.
            var path = Peek(1).Text;
            ParseFunctionAfterName(name);
            var file = new TableRef(new ObjectName([new Identifier(path, true)]), ParseOptionalAlias(false));
            if (file.Alias is not null && IsOp("(") && !IsQueryStart(Peek(1)))
            {
                file.ColumnAliases = ParseIdentifierList();
            }

            return file;
        }

        if (IsOp("(") && !name.IsPath && !IsTableHintGroup())
        {
            var function = ParseFunctionAfterName(name);
            var table = new FunctionTable(function);
            AcceptKws("WITH", "ORDINALITY");
            ParseFunctionTableAlias(table);
            return table;
        }

        var reference = new TableRef(name, null);
        SkipTableModifiers();
        reference.Alias = ParseOptionalAlias(false);
        if (reference.Alias is not null && IsOp("(") && !IsQueryStart(Peek(1)))
        {
            reference.ColumnAliases = ParseIdentifierList();
        }

        SkipTableModifiers();
        return reference;
    }

    private bool IsQueryStartHere()
    {
        var t = Peek();
        if (t.Is("SELECT") || t.Is("WITH") || t.Is("VALUES") || t.Is("TABLE") && !IsOp("(", 1))
        {
            return true;
        }

        // ((SELECT …) UNION (SELECT …)) or ((SELECT …)) AS x
        var i = 0;
        while (Peek(i).IsOp("("))
        {
            i++;
        }

        return i > 0 && (Peek(i).Is("SELECT") || Peek(i).Is("WITH"));
    }

    private static void SetAlias(TableExpr table, Identifier alias)
    {
        switch (table)
        {
            case TableRef r:
                r.Alias = alias;
                break;
            case DerivedTable d:
                d.Alias = alias;
                break;
            case FunctionTable f:
                f.Alias = alias;
                break;
            case PivotTable p:
                p.Alias = alias;
                break;
        }
    }

    private void ParseFunctionTableAlias(FunctionTable table)
    {
        var alias = ParseOptionalAlias(false);
        if (alias is null)
        {
            return;
        }

        table.Alias = alias;
        if (IsOp("("))
        {
            table.ColumnAliases = ParseIdentifierList();
        }
    }

    private void SkipTableModifiers()
    {
        while (true)
        {
            if (IsKw("WITH") && IsOp("(", 1))
            {
                _pos++;
                SkipBalanced();
                continue;
            }

            if (IsKw("FOR") && (IsKw("SYSTEM_TIME", 1) || IsKw("TIMESTAMP", 1) || IsKw("VERSION", 1) || IsKw("SYSTEM_VERSION", 1)))
            {
                _pos += 2;
                AcceptKw("AS");
                AcceptKw("OF");
                ParseExpr();
                continue;
            }

            if ((IsKw("VERSION") || IsKw("TIMESTAMP")) && IsKw("AS", 1) && IsKw("OF", 2))
            {
                _pos += 3;
                ParseExpr();
                continue;
            }

            if ((IsKw("AT") || IsKw("BEFORE") || IsKw("CHANGES")) && IsOp("(", 1))
            {
                _pos++;
                SkipBalanced();
                continue;
            }

            if (IsKw("TABLESAMPLE"))
            {
                _pos++;
                if (IsIdentifierToken(Peek()) && !IsOp("(", 0))
                {
                    _pos++;
                }

                if (IsOp("("))
                {
                    SkipBalanced();
                }

                if (IsKw("REPEATABLE") || IsKw("SEED"))
                {
                    _pos++;
                    SkipBalanced();
                }

                continue;
            }

            if (IsKw("FINAL") || IsKw("NOLOCK"))
            {
                _pos++;
                continue;
            }

            if (IsTableHintGroup())
            {
                SkipBalanced();
                continue;
            }

            if ((IsKw("USE") || IsKw("FORCE") || IsKw("IGNORE")) && (IsKw("INDEX", 1) || IsKw("KEY", 1)))
            {
                _pos += 2;
                if (IsKw("FOR"))
                {
                    _pos += 2;
                }

                SkipBalanced();
                continue;
            }

            return;
        }
    }

    private TableExpr ParseTableSuffixes(TableExpr table)
    {
        while (true)
        {
            if ((IsKw("PIVOT") || IsKw("UNPIVOT")) && (IsOp("(", 1) || IsKw("INCLUDE", 1) || IsKw("EXCLUDE", 1)))
            {
                _pos++;
                if (AcceptKw("INCLUDE") || AcceptKw("EXCLUDE"))
                {
                    ExpectKw("NULLS");
                }

                ExpectOp("(");
                var expressions = new List<Expr>();
                do
                {
                    expressions.Add(ParseExpr());
                    ParseOptionalAlias(false);
                }
                while (AcceptOp(","));
                ExpectKw("FOR");
                if (IsOp("("))
                {
                    expressions.AddRange(ParseIdentifierList().Select(i => (Expr)new ColumnExpr([i])));
                }
                else
                {
                    expressions.Add(new ColumnExpr(ParseColumnPath()));
                }

                ExpectKw("IN");
                SkipBalanced();
                while (!AtEnd && !IsOp(")"))
                {
                    SkipOne();
                }

                ExpectOp(")");
                var pivot = new PivotTable(table, expressions) { Alias = ParseOptionalAlias(false) };
                if (pivot.Alias is not null && IsOp("("))
                {
                    ParseIdentifierList();
                }

                table = pivot;
                continue;
            }

            if (IsKw("MATCH_RECOGNIZE") && IsOp("(", 1))
            {
                _pos++;
                SkipBalanced();
                ParseOptionalAlias(false);
                continue;
            }

            return table;
        }
    }

    private static bool IsFileReader(string function) => function.ToUpperInvariant() is "READ_PARQUET" or "PARQUET_SCAN" or "READ_CSV"
        or "READ_CSV_AUTO" or "READ_JSON" or "READ_JSON_AUTO" or "READ_NDJSON" or "READ_NDJSON_AUTO" or "READ_JSON_OBJECTS"
        or "DELTA_SCAN" or "ICEBERG_SCAN" or "READ_FILES";
}
