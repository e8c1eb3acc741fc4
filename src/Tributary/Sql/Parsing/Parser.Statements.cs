using Tributary.Sql.Syntax;

namespace Tributary.Sql.Parsing;

internal sealed partial class Parser
{
    private static readonly HashSet<string> IgnoredStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "SET", "RESET", "BEGIN", "START", "COMMIT", "ROLLBACK", "END", "SAVEPOINT", "RELEASE", "GRANT", "REVOKE", "ANALYZE", "VACUUM",
        "EXPLAIN", "DESCRIBE", "DESC", "SHOW", "DECLARE", "PRINT", "EXEC", "EXECUTE", "CALL", "LOCK", "UNLOCK", "COMMENT", "MSCK",
        "REFRESH", "CACHE", "UNCACHE", "OPTIMIZE", "ADD", "LIST", "PUT", "GET", "REMOVE", "RAISERROR", "THROW", "IF", "RETURN", "DBCC",
        "CHECKPOINT", "UNLOAD", "PRAGMA", "ATTACH", "DETACH", "REINDEX", "DISCARD", "LISTEN", "NOTIFY", "PREPARE", "DEALLOCATE", "FLUSH",
        "KILL", "HANDLER", "DO", "WAITFOR", "BACKUP", "RESTORE", "UNDROP", "TRUNCATE", "GO", "ELSE", "WHILE", "BREAK", "CONTINUE", "OPEN",
        "CLOSE", "FETCH", "CLUSTER", "REASSIGN", "SECURITY", "IMPORT", "EXPORT", "CHECK", "REPAIR", "INSTALL", "SUMMARIZE", "LET",
        "RAISE", "ASSERT", "LOOP", "REPEAT", "LEAVE", "ITERATE", "SIGNAL", "RESIGNAL", "CONNECT", "DISCONNECT", "REVERT", "DENY", "SHUTDOWN",
        "RECONFIGURE", "SETUSER", "SAVE", "DFS", "SYNC", "RECOVER", "UPGRADE", "CONVERT", "DETACH", "LOAD_EXTENSION", "RESTART", "ABORT",
    };

    private Statement ParseStatement()
    {
        var t = Peek();
        if (t.IsOp("("))
        {
            return new QueryStatement(ParseQuery());
        }

        if (t.IsOp("<<") && IsIdentifierToken(Peek(1)) && IsOp(">>", 2))
        {
            _pos += 3; // <<label>> before a PL/SQL or PL/pgSQL block or loop
            return AtEnd ? new IgnoredStatement("LABEL") : ParseStatement();
        }

        if (t.IsOp("/") && (_pos == 0 || _tokens[_pos - 1].Line < t.Line))
        {
            _pos++; // SQL*Plus runs the block above with a / alone on its line
            return AtEnd ? new IgnoredStatement("/") : ParseStatement();
        }

        if (IsIdentifierToken(t) && IsOp(":", 1) && (IsKw("BEGIN", 2) || IsKw("LOOP", 2) || IsKw("WHILE", 2) || IsKw("REPEAT", 2) || IsKw("FOR", 2)))
        {
            _pos += 2; // label: BEGIN … END label (MySQL, BigQuery, Snowflake)
            return ParseStatement();
        }

        if (t.Kind != TokenKind.Identifier)
        {
            throw Error("expected a statement");
        }

        switch (t.Text.ToUpperInvariant())
        {
            case "SELECT":
            case "VALUES":
            case "TABLE":
                return new QueryStatement(ParseQuery());
            case "WITH":
                return ParseWithStatement();
            case "INSERT" when IsKw("ALL", 1) || IsKw("FIRST", 1) || (IsKw("OVERWRITE", 1) && (IsKw("ALL", 2) || IsKw("FIRST", 2))):
                return ParseMultiTableInsert();
            case "INSERT":
            case "UPSERT":
                return ParseInsert();
            case "REPLACE":
                return IsKw("INTO", 1) || IsIdentifierToken(Peek(1)) ? ParseInsert() : Ignore();
            case "CREATE":
                return ParseCreate();
            case "UPDATE":
                return ParseUpdate();
            case "DELETE":
                return ParseDelete();
            case "MERGE":
                return ParseMerge();
            case "COPY":
                return ParseCopy();
            case "USE":
                return ParseUse();
            case "DROP":
                return ParseDrop();
            case "ALTER":
                return ParseAlter();
            case "RENAME":
                return ParseRenameTable();
            case "FROM":
                return ParseMultiInsert();
            case "LOAD":
                return ParseLoad();
            case "CACHE" when IsKw("TABLE", 1) || (IsKw("LAZY", 1) && IsKw("TABLE", 2)):
                {
                    // Spark CACHE TABLE t AS SELECT …: a temporary view filled from the query.
                    _pos++;
                    AcceptKw("LAZY");
                    _pos++;
                    var name = ParseObjectName();
                    if (IsKw("OPTIONS") && IsOp("(", 1))
                    {
                        _pos++;
                        SkipBalanced();
                    }

                    AcceptKw("AS");
                    if (AtEnd)
                    {
                        return new IgnoredStatement("CACHE");
                    }

                    return new CreateStatement(name) { IsView = true, Temporary = true, Query = ParseQuery() };
                }

            case "BULK" when IsKw("INSERT", 1):
                {
                    _pos += 2;
                    var table = ParseObjectName();
                    ExpectKw("FROM");
                    var location = ParseObjectName();
                    SkipToEnd();
                    return new CopyStatement { Table = table, Location = location, IntoTable = true };
                }

            case "TRUNCATE":
                _pos++;
                AcceptKw("TABLE");
                AcceptKws("IF", "EXISTS");
                ParseObjectName();
                return new IgnoredStatement("TRUNCATE");
            case "BEGIN":
            case "END":
            case "ELSE":
                return ParseBlockKeyword();
            case "IF":
            case "ELSEIF":
            case "ELSIF":
            case "WHILE":
            case "UNTIL":
                {
                    // Control flow: the condition is read (it may query tables); the statements it guards follow.
                    _pos++;
                    var condition = ParseExpr();
                    if (!AcceptKw("THEN") && !AcceptKw("DO"))
                    {
                        AcceptKw("LOOP");
                    }

                    return new ConditionStatement(t.Text.ToUpperInvariant(), condition);
                }

            case "LOOP":
            case "REPEAT":
                _pos++;
                return new IgnoredStatement(t.Text.ToUpperInvariant());
            case "FOR" when !_dialect.IsTSql:
                return ParseForLoop();
            case "EXCEPTION":
                {
                    // BEGIN … EXCEPTION WHEN ERROR THEN … END: the handler's statements follow THEN.
                    _pos++;
                    while (AcceptKw("WHEN"))
                    {
                        while (!AtEnd && !IsKw("THEN"))
                        {
                            SkipOne();
                        }

                        ExpectKw("THEN");
                    }

                    return new IgnoredStatement("EXCEPTION");
                }

            case "WHEN" when _declarations == DeclarationState.None:
                {
                    // The next handler of an EXCEPTION block.
                    _pos++;
                    while (!AtEnd && !IsKw("THEN"))
                    {
                        SkipOne();
                    }

                    ExpectKw("THEN");
                    return new IgnoredStatement("WHEN");
                }

            case "PERFORM":
                {
                    // PL/pgSQL PERFORM query: a SELECT whose result is discarded; what it reads is still read.
                    _pos++;
                    return new ConditionStatement("PERFORM", new SubqueryExpr(ParseSelect(keywordConsumed: true), SubqueryUse.Exists));
                }

            case "UNLOAD":
                return ParseUnload();
            case "EXPORT" when IsKw("DATA", 1):
                return ParseExportData();
            case "DATABASE" when _dialect.Dialect == SqlDialect.Teradata && IsIdentifierToken(Peek(1)):
                _pos++;
                return new UseStatement(ParseObjectName(), UseKind.Database);
            case "DO" when Peek(1).Kind == TokenKind.String || (IsKw("LANGUAGE", 1) && Peek(3).Kind == TokenKind.String):
                {
                    // PostgreSQL DO [LANGUAGE l] $$ … $$: an anonymous block, analysed as statements.
                    _pos++;
                    string? language = null;
                    if (AcceptKw("LANGUAGE"))
                    {
                        language = Next().Text;
                    }

                    var body = Next();
                    if (AcceptKw("LANGUAGE"))
                    {
                        language = Next().Text;
                    }

                    return language is null || SqlLanguages.Contains(language) ? Embedded("DO", body) : new IgnoredStatement("DO");
                }
            case "CALL":
                {
                    _pos++;
                    var name = IsIdentifierToken(Peek()) ? ParseObjectName().ToString() : "a procedure";
                    Note(start: _pos - 1, $"CALL {name}: the lineage of a procedure is in its body, which is not part of this text", isError: false);
                    SkipToEnd();
                    return new IgnoredStatement("CALL");
                }
            case "EXEC" or "EXECUTE" when (IsKw("sp_rename", 1) || (IsKw("dbo", 1) && IsOp(".", 2) && IsKw("sp_rename", 3))) :
                return ParseSpRename();
            case "DECLARE" when DeclaresBlock():
                _pos++;
                _declarations = DeclarationState.Skipping;
                _declarationsAt = _pos - 1;
                return SkipDeclarations();
            case "EXEC" or "EXECUTE" when IsDynamicSql():
                return ParseDynamicSql();
            case "DECLARE" when !_dialect.IsTSql && IsIdentifierToken(Peek(1)):
                return ParseDeclare();
            case "LET" when IsIdentifierToken(Peek(1)) && (IsOp(":=", 2) || IsOp("=", 2)):
            case "SET" when !_dialect.IsTSql && IsIdentifierToken(Peek(1)) && (IsOp("=", 2) || IsOp(":=", 2)) && (IsVariable(Peek(1)) || _dialect.Dialect is SqlDialect.BigQuery or SqlDialect.Snowflake):
                return ParseAssignment();
            case "DECLARE":
            case "SET" when _dialect.IsTSql || IsOp("@", 1) || Peek(1).Kind == TokenKind.Parameter:
            case "PRINT":
            case "EXEC":
            case "EXECUTE":
            case "RETURN":
                return SkipToNextStatement();
            default:
                if (IgnoredStarts.Contains(t.Text))
                {
                    return Ignore();
                }

                if (IsOp(":=", 1) || (IsOp(":", 1) && IsOp("=", 2)) || (IsOp(".", 1) && IsIdentifierToken(Peek(2)) && IsOp(":=", 3)))
                {
                    // PL/SQL and PL/pgSQL assignment: x := expr. A subquery in it is still read.
                    return ParseAssignment();
                }

                throw Error("unsupported statement");
        }
    }

    /// <summary>Skips a procedural statement up to the next statement keyword outside parentheses (T-SQL needs no separators).</summary>
    private IgnoredStatement SkipToNextStatement()
    {
        var at = _pos;
        var keyword = Next().Text.ToUpperInvariant();
        if (keyword is "EXEC" or "EXECUTE" && IsIdentifierToken(Peek()) && !Peek().Text.StartsWith("sp_", StringComparison.OrdinalIgnoreCase)
            && !Peek().Text.StartsWith("xp_", StringComparison.OrdinalIgnoreCase) && !Peek().Text.StartsWith("sys", StringComparison.OrdinalIgnoreCase))
        {
            Note(at, $"{keyword} {Peek().Text}: the lineage of a procedure is in its body, which is not part of this text", isError: false);
        }

        while (!AtEnd)
        {
            var t = Peek();
            if (t.Kind == TokenKind.Identifier && IsStatementStart(t) && !t.Is("SET"))
            {
                break;
            }

            SkipOne();
        }

        return new IgnoredStatement(keyword);
    }

    private bool StartsNextStatement()
    {
        var t = Peek();
        if (t.Kind != TokenKind.Identifier)
        {
            return false;
        }

        return t.Is("INSERT") || t.Is("UPDATE") || t.Is("DELETE") || t.Is("MERGE") || t.Is("CREATE") || t.Is("ALTER") || t.Is("TRUNCATE")
            || t.Is("DECLARE") || t.Is("EXEC") || t.Is("EXECUTE") || t.Is("PRINT") || t.Is("IF") || t.Is("BEGIN")
            || (t.Is("DROP") && (IsKw("TABLE", 1) || IsKw("VIEW", 1)));
    }

    private IgnoredStatement Ignore()
    {
        var keyword = Peek().Text.ToUpperInvariant();
        SkipToEnd();
        return new IgnoredStatement(keyword);
    }

    private Statement ParseWithStatement()
    {
        var save = _pos;
        _pos++;
        var with = ParseWithClause();
        var next = Peek();
        if (next.Is("INSERT"))
        {
            var insert = ParseInsert();
            insert.With = with;
            return insert;
        }

        if (next.Is("UPDATE"))
        {
            var update = ParseUpdate();
            update.With = with;
            return update;
        }

        if (next.Is("DELETE"))
        {
            var delete = ParseDelete();
            delete.With = with;
            return delete;
        }

        if (next.Is("MERGE"))
        {
            var merge = ParseMerge();
            merge.With = with;
            return merge;
        }

        _pos = save;
        return new QueryStatement(ParseQuery());
    }

    private InsertStatement ParseInsert()
    {
        _pos++; // INSERT / REPLACE / UPSERT
        if (AcceptKw("OR"))
        {
            _pos++; // SQLite: OR REPLACE / IGNORE / ABORT / FAIL / ROLLBACK
        }

        while (IsKw("LOW_PRIORITY") || IsKw("DELAYED") || IsKw("HIGH_PRIORITY") || IsKw("IGNORE"))
        {
            _pos++;
        }

        var overwrite = AcceptKw("OVERWRITE");

        AcceptKw("INTO");
        AcceptKw("TABLE");
        if (overwrite && (IsKw("LOCAL") || IsKw("DIRECTORY")))
        {
            AcceptKw("LOCAL");
            ExpectKw("DIRECTORY");
            var path = ParseObjectName();
            var directory = new InsertStatement(path);
            while (!AtEnd && !IsKw("SELECT") && !IsKw("WITH") && !IsKw("FROM") && !IsOp("("))
            {
                SkipOne();
            }

            directory.Source = ParseQuery();
            return directory;
        }

        var target = ParseObjectName();
        var insert = new InsertStatement(target);
        if (IsKw("WITH") && IsOp("(", 1))
        {
            _pos++;
            SkipBalanced();
        }

        if (IsKw("AS") && IsIdentifierToken(Peek(1)) && !IsKw("SELECT", 1))
        {
            _pos += 2;
        }

        for (var round = 0; round < 3; round++)
        {
            if (IsKw("PARTITION") && IsOp("(", 1))
            {
                _pos++;
                insert.Partition = ParsePartitionSpec();
                continue;
            }

            if (AcceptKw("IF"))
            {
                ExpectKw("NOT");
                ExpectKw("EXISTS");
                continue;
            }

            if (IsOp("(") && !IsQueryStart(Peek(1)))
            {
                insert.Columns = ParseIdentifierList();
                continue;
            }

            if (AcceptKws("BY", "NAME"))
            {
                continue;
            }

            if (AcceptKws("REPLACE", "WHERE"))
            {
                // Databricks INSERT INTO t REPLACE WHERE cond SELECT …
                ParseExpr();
                continue;
            }

            break;
        }

        if (IsKw("OUTPUT"))
        {
            while (!AtEnd && !IsKw("SELECT") && !IsKw("VALUES") && !IsKw("WITH") && !IsKw("DEFAULT") && !IsKw("EXEC") && !IsKw("EXECUTE"))
            {
                SkipOne();
            }
        }

        if (AcceptKw("DEFAULT"))
        {
            ExpectKw("VALUES");
        }
        else if (IsKw("SET"))
        {
            _pos++;
            var items = new List<Expr>();
            var names = new List<Identifier>();
            do
            {
                names.Add(ParseIdentifier());
                ExpectOp("=");
                items.Add(ParseExpr());
            }
            while (AcceptOp(","));
            insert.Columns = names;
            insert.Source = new ValuesQuery([items]);
        }
        else if (IsKw("EXEC") || IsKw("EXECUTE"))
        {
            Note(_pos, "INSERT … EXEC: the rows come from a procedure or dynamic SQL, so the insert's sources are not known", isError: false);
            SkipToEnd();
        }
        else
        {
            insert.Source = ParseQuery();
        }

        SkipInsertTail();
        return insert;
    }

    private void SkipInsertTail()
    {
        if ((IsKw("ON") && (IsKw("CONFLICT", 1) || IsKw("DUPLICATE", 1))) || IsKw("RETURNING"))
        {
            SkipToEnd();
        }
    }

    private List<(Identifier, bool)> ParsePartitionSpec()
    {
        ExpectOp("(");
        var list = new List<(Identifier, bool)>();
        do
        {
            var name = ParseIdentifier();
            var isStatic = false;
            if (AcceptOp("="))
            {
                ParseExpr();
                isStatic = true;
            }

            list.Add((name, isStatic));
        }
        while (AcceptOp(","));
        ExpectOp(")");
        return list;
    }

    private bool IsQueryStart(Token t) => t.Is("SELECT") || t.Is("WITH") || t.Is("VALUES") || t.IsOp("(") && Peek(2).Is("SELECT");

    private Statement ParseCreate()
    {
        _pos++; // CREATE
        var temporary = false;
        var isView = false;
        while (true)
        {
            if (AcceptKws("OR", "REPLACE") || AcceptKws("OR", "ALTER"))
            {
                continue;
            }

            var t = Peek();
            if (t.Is("TEMP") || t.Is("TEMPORARY") || t.Is("VOLATILE"))
            {
                temporary = true;
                _pos++;
                continue;
            }

            if (t.Is("GLOBAL") || t.Is("LOCAL") || t.Is("TRANSIENT") || t.Is("EXTERNAL") || t.Is("UNLOGGED") || t.Is("MULTISET") || t.Is("SECURE")
                || t.Is("MATERIALIZED") || t.Is("RECURSIVE") || t.Is("HYBRID") || t.Is("DYNAMIC") || t.Is("ICEBERG") || t.Is("STREAMING") || t.Is("LIVE")
                || t.Is("FORCE") || t.Is("NOFORCE") || (t.Is("SET") && IsKw("TABLE", 1)))
            {
                _pos++;
                continue;
            }

            break;
        }

        if (AcceptKw("VIEW"))
        {
            isView = true;
        }
        else if (IsKw("PROCEDURE") || IsKw("PROC") || IsKw("FUNCTION") || IsKw("TRIGGER") || (IsKw("PACKAGE") && IsKw("BODY", 1)))
        {
            return ParseRoutine();
        }
        else if (!AcceptKw("TABLE"))
        {
            // CREATE TASK … AS INSERT …, CREATE PIPE … AS COPY …: the statement after AS moves data.
            var keyword = Peek().Text.ToUpperInvariant();
            while (!AtEnd && !(IsKw("AS") && (IsKw("INSERT", 1) || IsKw("COPY", 1) || IsKw("MERGE", 1) || IsKw("UPDATE", 1) || IsKw("DELETE", 1))))
            {
                SkipOne();
            }

            AcceptKw("AS");
            return new IgnoredStatement("CREATE " + keyword);
        }

        if (AcceptKw("IF"))
        {
            ExpectKw("NOT");
            ExpectKw("EXISTS");
        }

        var create = new CreateStatement(ParseObjectName()) { IsView = isView, Temporary = temporary };
        if (AcceptKw("LIKE") || AcceptKw("CLONE"))
        {
            create.LikeOrClone = ParseObjectName();
            SkipToEnd();
            return create;
        }

        if (IsOp("(") && !IsQueryStart(Peek(1)))
        {
            create.Columns = isView ? ParseIdentifierList() : ParseColumnDefinitions();
        }

        // Table and view options, then AS query (or a bare query, as MySQL allows).
        while (!AtEnd)
        {
            if (IsKw("AS") && (IsQueryStart(Peek(1)) || IsOp("(", 1)))
            {
                _pos++;
                break;
            }

            if (IsKw("SELECT") || (IsKw("WITH") && !IsOp("(", 1) && !IsKw("SERDEPROPERTIES", 1) && !IsKw("DBPROPERTIES", 1)) || (IsOp("(") && IsQueryStart(Peek(1))))
            {
                break;
            }

            if (IsKw("LIKE") || IsKw("CLONE"))
            {
                _pos++;
                create.LikeOrClone = ParseObjectName();
                SkipToEnd();
                return create;
            }

            if (StartsNextStatement())
            {
                // T-SQL: CREATE TABLE #t (…) followed by INSERT … without a separator.
                return create;
            }

            SkipOne();
        }

        if (!AtEnd)
        {
            create.Query = ParseQuery();
            if (IsKw("WITH") && (IsKw("DATA", 1) || IsKw("NO", 1)))
            {
                SkipToEnd();
            }
        }

        return create;
    }

    private static readonly HashSet<string> ConstraintStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK", "INDEX", "KEY", "PERIOD", "LIKE", "EXCLUDE", "FULLTEXT", "SPATIAL",
    };

    private List<Identifier> ParseColumnDefinitions()
    {
        ExpectOp("(");
        var columns = new List<Identifier>();
        while (!AtEnd && !IsOp(")"))
        {
            var first = Peek();
            if (IsIdentifierToken(first) && !(first.Kind == TokenKind.Identifier && ConstraintStarts.Contains(first.Text)))
            {
                columns.Add(ParseIdentifier());
            }

            while (!AtEnd && !IsOp(",") && !IsOp(")"))
            {
                SkipOne();
            }

            AcceptOp(",");
        }

        ExpectOp(")");
        return columns;
    }

    private UpdateStatement ParseUpdate()
    {
        _pos++; // UPDATE
        while (IsKw("LOW_PRIORITY") || IsKw("IGNORE") || IsKw("ONLY"))
        {
            _pos++;
        }

        SkipTop();
        var tables = new List<TableExpr> { ParseTableWithJoins() };
        while (AcceptOp(","))
        {
            tables.Add(ParseTableWithJoins());
        }

        ExpectKw("SET");
        var update = new UpdateStatement(tables, ParseAssignments());
        if (IsKw("OUTPUT"))
        {
            while (!AtEnd && !IsKw("FROM") && !IsKw("WHERE"))
            {
                SkipOne();
            }
        }

        if (AcceptKw("FROM"))
        {
            update.From.AddRange(ParseFromList());
        }

        if (AcceptKw("WHERE"))
        {
            if (AcceptKws("CURRENT", "OF"))
            {
                SkipToEnd();
            }
            else
            {
                update.Where = ParseExpr();
            }
        }

        if (IsKw("ORDER") || IsKw("LIMIT") || IsKw("RETURNING") || IsKw("OPTION"))
        {
            SkipToEnd();
        }

        return update;
    }

    private void SkipTop()
    {
        if (IsKw("TOP"))
        {
            _pos++;
            if (IsOp("("))
            {
                SkipBalanced();
            }
            else
            {
                _pos++;
            }

            AcceptKw("PERCENT");
        }
    }

    private List<Assignment> ParseAssignments()
    {
        var list = new List<Assignment>();
        do
        {
            if (IsOp("("))
            {
                // (a, b) = (x, y) or (a, b) = (SELECT ...)
                _pos++;
                var targets = new List<Identifier[]>();
                do
                {
                    targets.Add(ParseColumnPath());
                }
                while (AcceptOp(","));
                ExpectOp(")");
                ExpectOp("=");
                var value = ParseExpr();
                for (var i = 0; i < targets.Count; i++)
                {
                    var part = value switch
                    {
                        OperationExpr { Op: "ROW" } row when row.Operands.Count == targets.Count => row.Operands[i],
                        SubqueryExpr subquery when targets.Count > 1 => new SubqueryColumnExpr(subquery, i),
                        _ => value,
                    };
                    list.Add(new Assignment(targets[i], part));
                }

                continue;
            }

            var target = ParseColumnPath();
            if (!AcceptOp("="))
            {
                // T-SQL compound assignment: a += b
                if (Peek().Kind == TokenKind.Operator && IsOp("=", 1))
                {
                    _pos += 2;
                }
                else
                {
                    throw Error("expected '='");
                }
            }

            list.Add(new Assignment(target, ParseExpr()));
        }
        while (AcceptOp(","));
        return list;
    }

    private Identifier[] ParseColumnPath()
    {
        var parts = new List<Identifier> { ParseIdentifier() };
        while (IsOp(".") && IsIdentifierToken(Peek(1)))
        {
            _pos++;
            parts.Add(ParseIdentifier());
        }

        return [.. parts];
    }

    private DeleteStatement ParseDelete()
    {
        _pos++; // DELETE
        while (IsKw("LOW_PRIORITY") || IsKw("QUICK") || IsKw("IGNORE"))
        {
            _pos++;
        }

        SkipTop();
        DeleteStatement delete;
        if (AcceptKw("FROM"))
        {
            delete = new DeleteStatement([.. ParseFromList()]);
            if (AcceptKw("FROM"))
            {
                delete.Using.AddRange(ParseFromList());
            }
        }
        else
        {
            var targets = new List<TableExpr>();
            do
            {
                var name = ParseObjectName();
                if (IsOp(".") && IsOp("*", 1))
                {
                    _pos += 2;
                }

                var alias = IsKw("FROM") || IsKw("WHERE") || IsKw("USING") || AtEnd ? null : ParseOptionalAlias(false);
                targets.Add(new TableRef(name, alias));
            }
            while (AcceptOp(","));
            delete = new DeleteStatement(targets);
            if (AcceptKw("FROM"))
            {
                delete.Using.AddRange(ParseFromList());
            }
        }

        if (AcceptKw("USING"))
        {
            delete.Using.AddRange(ParseFromList());
        }

        if (IsKw("OUTPUT"))
        {
            while (!AtEnd && !IsKw("WHERE"))
            {
                SkipOne();
            }
        }

        if (AcceptKw("WHERE"))
        {
            if (AcceptKws("CURRENT", "OF"))
            {
                SkipToEnd();
            }
            else
            {
                delete.Where = ParseExpr();
            }
        }

        if (IsKw("ORDER") || IsKw("LIMIT") || IsKw("RETURNING") || IsKw("OPTION"))
        {
            SkipToEnd();
        }

        return delete;
    }

    private MergeStatement ParseMerge()
    {
        _pos++; // MERGE
        SkipTop();
        AcceptKw("INTO");
        var name = ParseObjectName();
        if (IsKw("WITH") && IsOp("(", 1))
        {
            _pos++;
            SkipBalanced();
        }

        var target = new TableRef(name, IsKw("USING") ? null : ParseOptionalAlias(false));
        ExpectKw("USING");
        var source = ParseTablePrimary();
        ExpectKw("ON");
        var on = ParseExpr();
        var clauses = new List<MergeClause>();
        while (AcceptKw("WHEN"))
        {
            var matched = !AcceptKw("NOT");
            ExpectKw("MATCHED");
            if (AcceptKw("BY"))
            {
                if (!AcceptKw("TARGET") && !AcceptKw("SOURCE"))
                {
                    throw Error("expected TARGET or SOURCE");
                }
            }

            var condition = AcceptKw("AND") ? ParseExpr() : null;
            ExpectKw("THEN");
            if (AcceptKw("UPDATE"))
            {
                ExpectKw("SET");
                if (AcceptOp("*"))
                {
                    clauses.Add(new MergeClause(matched, condition, MergeAction.UpdateStar, null, null, null));
                }
                else
                {
                    var assignments = ParseAssignments();

                    // Oracle: UPDATE SET … [WHERE c] [DELETE WHERE d]; both conditions decide which rows change.
                    clauses.Add(new MergeClause(matched, condition ?? OracleMergeWhere(), MergeAction.Update, assignments, null, null));
                    if (IsKw("DELETE") && IsKw("WHERE", 1))
                    {
                        _pos++;
                        clauses.Add(new MergeClause(matched, OracleMergeWhere(), MergeAction.Delete, null, null, null));
                    }
                }
            }
            else if (AcceptKw("DELETE"))
            {
                clauses.Add(new MergeClause(matched, condition, MergeAction.Delete, null, null, null));
            }
            else if (AcceptKw("INSERT"))
            {
                if (AcceptOp("*") || AcceptKw("ROW"))
                {
                    clauses.Add(new MergeClause(matched, condition, MergeAction.InsertStar, null, null, null));
                    continue;
                }

                var columns = IsOp("(") ? ParseInsertColumns() : null;
                List<Expr>? values = null;
                if (AcceptKw("VALUES"))
                {
                    ExpectOp("(");
                    values = ParseExprList();
                    ExpectOp(")");
                }
                else if (AcceptKw("DEFAULT"))
                {
                    ExpectKw("VALUES");
                }

                clauses.Add(new MergeClause(matched, condition ?? OracleMergeWhere(), MergeAction.Insert, null, columns, values));
            }
            else if (AcceptKw("DO"))
            {
                ExpectKw("NOTHING");
            }
            else
            {
                throw Error("expected UPDATE, DELETE or INSERT");
            }
        }

        if (IsKw("OUTPUT") || IsKw("OPTION") || IsKw("RETURNING"))
        {
            SkipToEnd();
        }

        return new MergeStatement(target, source, on, clauses);
    }

    private Expr? OracleMergeWhere() => AcceptKw("WHERE") ? ParseExpr() : null;

    // Oracle qualifies MERGE's insert columns with the target (INSERT (t.id, t.v)); the column is the last part.
    private List<Identifier> ParseInsertColumns()
    {
        ExpectOp("(");
        var list = new List<Identifier>();
        do
        {
            list.Add(ParseObjectName().Parts[^1]);
        }
        while (AcceptOp(","));
        ExpectOp(")");
        return list;
    }

    private Statement ParseCopy()
    {
        _pos++; // COPY
        if (AcceptKw("INTO"))
        {
            var (targetName, targetQuery) = ParseCopyEnd();
            ExpectKw("FROM");
            var (sourceName, sourceQuery) = ParseCopyEnd();
            SkipToEnd();
            if (targetName is not null && !targetName.IsPath)
            {
                return new CopyStatement { Table = targetName, Location = sourceName, Query = sourceQuery, IntoTable = true };
            }

            return new CopyStatement { Location = targetName, Table = sourceName, Query = sourceQuery ?? targetQuery, IntoTable = false };
        }

        var (table, query) = ParseCopyEnd();
        if (IsOp("("))
        {
            SkipBalanced();
        }

        var into = AcceptKw("FROM");
        if (!into)
        {
            ExpectKw("TO");
        }

        ObjectName? location = null;
        if (Peek().Kind == TokenKind.String)
        {
            location = new ObjectName([new Identifier(Next().Text, true)], isPath: true);
        }

        SkipToEnd();
        return new CopyStatement { Table = table, Query = query, Location = location, IntoTable = into };
    }

    private (ObjectName? Name, QueryExpr? Query) ParseCopyEnd()
    {
        if (IsOp("("))
        {
            _pos++;
            var query = ParseQuery();
            ExpectOp(")");
            return (null, query);
        }

        if (IsKw("STDIN") || IsKw("STDOUT"))
        {
            _pos++;
            return (null, null);
        }

        var name = ParseObjectName();
        if (IsOp("(") && !name.IsPath && !IsQueryStart(Peek(1)))
        {
            ParseIdentifierList();
        }

        return (name, null);
    }

    private Statement ParseUse()
    {
        _pos++;
        if (IsKw("WAREHOUSE") || IsKw("ROLE") || IsKw("SECONDARY"))
        {
            SkipToEnd();
            return new IgnoredStatement("USE");
        }

        var kind = AcceptKw("DATABASE") ? UseKind.Database : AcceptKw("SCHEMA") ? UseKind.Schema : AcceptKw("CATALOG") ? UseKind.Catalog : UseKind.Object;
        return new UseStatement(ParseObjectName(), kind);
    }

    private Statement ParseDrop()
    {
        _pos++;
        AcceptKw("TEMPORARY");
        AcceptKw("MATERIALIZED");
        AcceptKw("EXTERNAL");
        if (!AcceptKw("TABLE") && !AcceptKw("VIEW"))
        {
            return Ignore();
        }

        AcceptKws("IF", "EXISTS");
        var names = new List<ObjectName>();
        do
        {
            names.Add(ParseObjectName());
        }
        while (AcceptOp(","));
        while (IsKw("CASCADE") || IsKw("RESTRICT") || IsKw("PURGE"))
        {
            _pos++;
        }

        return new DropStatement(names);
    }

    private Statement ParseAlter()
    {
        _pos++;
        AcceptKw("MATERIALIZED");
        if (!AcceptKw("TABLE") && !AcceptKw("VIEW"))
        {
            return Ignore();
        }

        AcceptKws("IF", "EXISTS");
        AcceptKw("ONLY");
        var name = ParseObjectName();
        if (AcceptKws("RENAME", "TO") || AcceptKws("RENAME", "AS"))
        {
            var to = ParseObjectName();
            SkipToEnd();
            if (to.Parts.Length == 1 && name.Parts.Length > 1)
            {
                // PostgreSQL: the new name stays in the old schema.
                to = new ObjectName([.. name.Parts[..^1], to.Parts[0]]);
            }

            return new RenameStatement(name, to);
        }

        if (IsKw("EXCHANGE") && IsKw("PARTITION", 1))
        {
            // Hive: ALTER TABLE t EXCHANGE PARTITION (…) WITH TABLE s moves the partition's rows from s into t.
            _pos += 2;
            if (IsOp("("))
            {
                SkipBalanced();
            }

            ExpectKw("WITH");
            ExpectKw("TABLE");
            return MoveRows(name, ParseObjectName());
        }

        if (IsKw("APPEND") && IsKw("FROM", 1))
        {
            // Redshift: ALTER TABLE t APPEND FROM s moves every row of s into t.
            _pos += 2;
            return MoveRows(name, ParseObjectName());
        }

        SkipToEnd();
        return new IgnoredStatement("ALTER");
    }

    /// <summary>A statement that moves the rows of <paramref name="source"/> into <paramref name="target"/> column for column.</summary>
    private InsertStatement MoveRows(ObjectName target, ObjectName source)
    {
        SkipToEnd();
        var select = new SelectQuery();
        select.Items.Add(new SelectItem(new StarExpr(null), null));
        select.From.Add(new TableRef(source, null));
        return new InsertStatement(target) { Source = select };
    }

    private Statement ParseRenameTable()
    {
        _pos++;
        if (!AcceptKw("TABLE"))
        {
            return Ignore();
        }

        var from = ParseObjectName();
        ExpectKw("TO");
        var to = ParseObjectName();
        SkipToEnd();
        return new RenameStatement(from, to);
    }

    private Statement ParseSpRename()
    {
        while (!IsKw("sp_rename"))
        {
            _pos++;
        }

        _pos++;
        if (Peek().Kind != TokenKind.String || !IsOp(",", 1) || Peek(2).Kind != TokenKind.String)
        {
            return SkipToNextStatement();
        }

        var from = Next().Text;
        _pos++;
        var to = Next().Text;
        if (IsOp(","))
        {
            // sp_rename 'a.b', 'c', 'COLUMN' renames a column, not a table.
            return SkipToNextStatement();
        }

        var fromParts = from.Split('.').Select(p => new Identifier(p.Trim('[', ']', '"'), false)).ToArray();
        var toName = new Identifier(to.Trim('[', ']', '"'), false);
        Identifier[] toParts = [.. fromParts[..^1], toName];
        return new RenameStatement(new ObjectName(fromParts), new ObjectName(toParts));
    }

    private Statement ParseLoad()
    {
        _pos++;
        if (!AcceptKw("DATA"))
        {
            return Ignore();
        }

        AcceptKw("LOCAL");
        ExpectKw("INPATH");
        var path = ParseObjectName();
        AcceptKw("OVERWRITE");
        ExpectKw("INTO");
        ExpectKw("TABLE");
        var table = ParseObjectName();
        SkipToEnd();
        return new CopyStatement { Table = table, Location = path, IntoTable = true };
    }

    private MultiTableInsertStatement ParseMultiTableInsert()
    {
        _pos++; // INSERT
        AcceptKw("OVERWRITE");
        _pos++; // ALL / FIRST
        var targets = new List<InsertInto>();
        Expr? when = null;
        while (true)
        {
            if (AcceptKw("WHEN"))
            {
                when = ParseExpr();
                ExpectKw("THEN");
                continue;
            }

            if (AcceptKw("ELSE"))
            {
                when = null;
                continue;
            }

            if (!AcceptKw("INTO"))
            {
                break;
            }

            var target = ParseObjectName();
            var columns = IsOp("(") ? ParseIdentifierList() : null;
            List<Expr>? values = null;
            if (AcceptKw("VALUES"))
            {
                ExpectOp("(");
                values = ParseExprList();
                ExpectOp(")");
            }

            targets.Add(new InsertInto(target, columns, values, when));
        }

        if (targets.Count == 0)
        {
            throw Error("expected INTO");
        }

        return new MultiTableInsertStatement(targets, ParseQuery());
    }

    private Statement ParseMultiInsert()
    {
        var save = _pos;
        _pos++; // FROM
        var from = ParseFromList();
        if (!IsKw("INSERT"))
        {
            // FROM-first query (DuckDB): FROM t SELECT ...
            _pos = save;
            throw Error("expected INSERT after FROM");
        }

        var inserts = new List<InsertStatement>();
        while (IsKw("INSERT"))
        {
            inserts.Add(ParseInsert());
        }

        return new MultiInsertStatement(from, inserts);
    }
}
