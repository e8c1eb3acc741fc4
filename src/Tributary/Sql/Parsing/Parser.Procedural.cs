using Tributary.Sql.Syntax;

namespace Tributary.Sql.Parsing;

/// <summary>Procedural SQL: routine bodies, blocks, control flow, declarations, dynamic SQL, and SQL held in strings.</summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> TableHints = new(StringComparer.OrdinalIgnoreCase)
    {
        "NOLOCK", "READUNCOMMITTED", "READCOMMITTED", "READCOMMITTEDLOCK", "REPEATABLEREAD", "SERIALIZABLE", "SNAPSHOT", "UPDLOCK", "HOLDLOCK",
        "ROWLOCK", "PAGLOCK", "TABLOCK", "TABLOCKX", "XLOCK", "NOWAIT", "READPAST", "FORCESEEK", "FORCESCAN", "NOEXPAND", "INDEX",
        "KEEPIDENTITY", "KEEPDEFAULTS", "IGNORE_CONSTRAINTS", "IGNORE_TRIGGERS",
    };

    private static readonly HashSet<string> SqlLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        "SQL", "PLPGSQL", "PLSQL", "SQLSCRIPT", "TSQL", "SPL", "PLSQLSCRIPT",
    };

    /// <summary>Whether the parser is skipping the declarations of a block (PL/SQL, PL/pgSQL, Snowflake scripting) up to its BEGIN.</summary>
    private enum DeclarationState
    {
        None,
        Skipping,
    }

    private DeclarationState _declarations;
    private int _declarationsAt = -1;

    // The BEGIN … END nesting inside a routine body parsed inline; its variables go out of scope when it closes.
    private int _routineDepth;

    /// <summary>
    /// Names of procedural variables and routine parameters in scope (shared by the parsers of one analysis, so a
    /// body in a string sees its routine's parameters): <c>SELECT … INTO</c> one of them assigns it, writes no table.
    /// </summary>
    public HashSet<string> Variables { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    private bool IsVariable(Token t) => t.Kind == TokenKind.Identifier && Variables.Count > 0 && Variables.Contains(t.Text);

    /// <summary>The whole SQL text the tokens come from, to locate SQL held in strings; null when there is none to analyse.</summary>
    public string? Text { get; init; }

    /// <summary>True when the tokens are the body of a routine (then PL/pgSQL's DECLARE and EXECUTE have their block meaning).</summary>
    public bool InBody { get; init; }

    /// <summary>Diagnostics about parts parsed but not analysed (dynamic SQL, procedure calls), as (token index, message, is error).</summary>
    public List<(int TokenIndex, string Message, bool IsError)> Notes { get; } = [];

    /// <summary>The token where declarations began that never reached their BEGIN, or -1.</summary>
    public int UnfinishedDeclarationsAt => _declarations == DeclarationState.Skipping ? _declarationsAt : -1;

    private void Note(int start, string message, bool isError) => Notes.Add((start, message, isError));

    /// <summary>BEGIN (a block or a transaction), END (of a block, IF, LOOP, … and an optional label), ELSE.</summary>
    private IgnoredStatement ParseBlockKeyword()
    {
        var keyword = Next().Text.ToUpperInvariant();
        if (keyword == "END")
        {
            if (IsKw("TRY") || IsKw("CATCH") || IsKw("FUNCTION") || IsKw("PROCEDURE"))
            {
                _pos++;
            }

            var closesBlock = true;
            if (IsKw("IF") || IsKw("LOOP") || IsKw("WHILE") || IsKw("FOR") || IsKw("REPEAT") || IsKw("CASE"))
            {
                closesBlock = false;
                _pos++;
            }

            // END label / END procedure_name (PL/SQL).
            if (IsIdentifierToken(Peek()) && !IsStatementStart(Peek()))
            {
                _pos++;
            }

            if (closesBlock && _routineDepth > 0 && --_routineDepth == 0)
            {
                // The routine's body ends: its parameters and variables are no longer names.
                Variables.Clear();
            }

            return new IgnoredStatement("END");
        }

        if (keyword == "ELSE")
        {
            return new IgnoredStatement("ELSE");
        }

        var transaction = false;
        while (IsKw("TRAN") || IsKw("TRANSACTION") || IsKw("WORK") || IsKw("TRY") || IsKw("CATCH") || IsKw("DISTRIBUTED") || IsKw("ATOMIC"))
        {
            transaction |= !IsKw("ATOMIC");
            _pos++;
        }

        if (!transaction && _routineDepth > 0)
        {
            _routineDepth++;
        }

        return new IgnoredStatement("BEGIN");
    }

    /// <summary>FOR x IN (query) DO / FOR r IN query LOOP / FOR i IN 1..10 LOOP: the query is read; the loop body follows.</summary>
    private Statement ParseForLoop()
    {
        _pos++; // FOR
        while (!AtEnd && !IsKw("IN") && !IsKw("DO") && !IsKw("LOOP"))
        {
            SkipOne();
        }

        AcceptKw("IN");
        AcceptKw("REVERSE");
        QueryExpr? query = null;
        if (IsOp("(") && IsQueryStart(Peek(1)))
        {
            _pos++;
            query = ParseQuery();
            ExpectOp(")");
        }
        else if (IsQueryStart(Peek()))
        {
            query = ParseQuery();
        }

        while (!AtEnd && !IsKw("DO") && !IsKw("LOOP"))
        {
            SkipOne();
        }

        if (!AcceptKw("DO"))
        {
            AcceptKw("LOOP");
        }

        return query is null ? new IgnoredStatement("FOR") : new ConditionStatement("FOR", new SubqueryExpr(query, SubqueryUse.Exists));
    }

    /// <summary>DECLARE opens a declaration section ending at BEGIN in PL/SQL, Snowflake scripting and PL/pgSQL bodies; elsewhere it is one statement.</summary>
    private bool DeclaresBlock() =>
        _dialect.Dialect is SqlDialect.Oracle or SqlDialect.Snowflake || (_dialect.IsPostgresFamily && InBody);

    /// <summary>Skips declarations (variables, cursors, nested types) up to the BEGIN that starts the block's statements.</summary>
    private Statement SkipDeclarations()
    {
        var names = new List<string>();
        var atDeclaration = true;
        while (!AtEnd)
        {
            if (IsKw("BEGIN"))
            {
                _pos++;
                _declarations = DeclarationState.None;
                if (_routineDepth > 0)
                {
                    _routineDepth++;
                }

                break;
            }

            if (atDeclaration && Peek().Kind == TokenKind.Identifier && !IsKw("CURSOR") && !IsKw("TYPE") && !IsKw("PRAGMA") && !IsKw("PROCEDURE") && !IsKw("FUNCTION"))
            {
                names.Add(Peek().Text);
                Variables.Add(Peek().Text);
            }

            atDeclaration = false;
            SkipOne();
        }

        return new VariableStatement("DECLARE", names, null);
    }

    /// <summary>DECLARE a, b type [DEFAULT value] (BigQuery, MySQL, Snowflake): the names become variables holding the value.</summary>
    private Statement ParseDeclare()
    {
        _pos++; // DECLARE
        if (IsKw("CONTINUE") || IsKw("EXIT") || IsKw("UNDO") || IsKw("HANDLER") || IsKw("CONDITION") || IsKw("GLOBAL") || IsKw("LOCAL"))
        {
            SkipToStatementStart();
            return new IgnoredStatement("DECLARE");
        }

        var names = new List<string>();
        do
        {
            if (!IsIdentifierToken(Peek()))
            {
                break;
            }

            names.Add(Next().Text);
        }
        while (AcceptOp(","));
        foreach (var name in names)
        {
            Variables.Add(name);
        }

        Expr? value = null;
        while (!AtEnd)
        {
            if (AcceptKw("DEFAULT") || AcceptOp(":="))
            {
                value = ParseExpr();
                break;
            }

            if (IsKw("CURSOR") || IsKw("RESULTSET"))
            {
                // A cursor's query is read when it is opened; reading it here keeps its tables.
                while (!AtEnd && !IsQueryStart(Peek()) && !(IsOp("(") && IsQueryStart(Peek(1))))
                {
                    _pos++;
                }

                if (!AtEnd)
                {
                    value = new SubqueryExpr(ParseQuery(), SubqueryUse.Exists);
                }

                break;
            }

            if (Peek().Kind == TokenKind.Identifier && IsStatementStart(Peek()) && !IsKw("SET"))
            {
                break;
            }

            SkipOne();
        }

        return new VariableStatement("DECLARE", names, value);
    }

    /// <summary>The names of a routine's parameters, from the first parenthesised list of its signature.</summary>
    private List<string> ParseParameterNames()
    {
        var names = new List<string>();
        _pos++; // (
        var atItem = true;
        var depth = 1;
        while (!AtEnd && depth > 0)
        {
            var t = Peek();
            if (t.IsOp("(") || t.IsOp("[") || t.IsOp("{"))
            {
                depth++;
            }
            else if (t.IsOp(")") || t.IsOp("]") || t.IsOp("}"))
            {
                depth--;
            }
            else if (depth == 1 && t.IsOp(","))
            {
                atItem = true;
                _pos++;
                continue;
            }
            else if (atItem && depth == 1 && IsIdentifierToken(t) && !(t.Is("IN") || t.Is("OUT") || t.Is("INOUT") || t.Is("VARIADIC")))
            {
                names.Add(t.Text);
                atItem = false;
            }

            _pos++;
        }

        return names;
    }

    /// <summary>
    /// CREATE PROCEDURE / FUNCTION / TRIGGER: the signature is skipped; a body in a string is returned to be analysed as
    /// statements, a BEGIN … END body (or T-SQL's statements after AS) is parsed as the statements that follow.
    /// </summary>
    private Statement ParseRoutine()
    {
        var at = _pos;
        var kind = "CREATE " + Next().Text.ToUpperInvariant();
        if (kind == "CREATE PACKAGE")
        {
            _pos++;
            kind = "CREATE PACKAGE BODY";
        }

        var isProcedure = kind is "CREATE PROCEDURE" or "CREATE PROC";
        string? language = null;
        Token? body = null;
        List<string>? parameters = null;
        Variables.Clear();
        _routineDepth = 0;
        while (!AtEnd)
        {
            if (parameters is null && IsOp("("))
            {
                parameters = ParseParameterNames();
                Variables.UnionWith(parameters);
                continue;
            }

            if (IsKw("LANGUAGE"))
            {
                _pos++;
                language = AtEnd ? null : Next().Text;
                continue;
            }

            if (IsKw("EXECUTE") && IsKw("AS", 1))
            {
                _pos += 3; // EXECUTE AS CALLER / OWNER
                continue;
            }

            if (body is null && (IsKw("AS") || IsKw("IS")))
            {
                if (Peek(1).Kind == TokenKind.String)
                {
                    _pos++;
                    body = Next();
                    continue;
                }

                _pos++;
                if (_dialect.IsTSql)
                {
                    if (AcceptKw("BEGIN"))
                    {
                        _routineDepth = 1;
                    }

                    return new VariableStatement(kind, parameters ?? [], null);
                }

                if (AcceptKw("BEGIN"))
                {
                    AcceptKw("ATOMIC");
                    _routineDepth = 1;
                    return new VariableStatement(kind, parameters ?? [], null);
                }

                if (IsKw("DECLARE") || IsStatementStart(Peek()))
                {
                    return new VariableStatement(kind, parameters ?? [], null);
                }

                if (_dialect.Dialect == SqlDialect.Oracle)
                {
                    // PL/SQL: IS|AS declarations BEGIN statements END name;
                    _declarations = DeclarationState.Skipping;
                    _declarationsAt = at;
                    _routineDepth = 1;
                    var declared = (VariableStatement)SkipDeclarations();
                    declared.Names.AddRange(parameters ?? []);
                    return declared;
                }

                SkipToEnd(); // CREATE FUNCTION f(x) AS (x + 1): an expression, no data moved
                return new IgnoredStatement(kind);
            }

            if (body is null && IsKw("BEGIN"))
            {
                _pos++;
                AcceptKw("ATOMIC");
                _routineDepth = 1;
                return new VariableStatement(kind, parameters ?? [], null);
            }

            if (body is null && IsKw("RETURN") && !_dialect.IsTSql)
            {
                SkipToEnd(); // an SQL function's RETURN expression: nothing is written
                return new IgnoredStatement(kind);
            }

            SkipOne();
        }

        if (body is { } text)
        {
            if (language is null || SqlLanguages.Contains(language))
            {
                return Embedded(kind, text);
            }

            if (isProcedure)
            {
                Note(at, $"{kind} in {language}: its body is not SQL, so what it reads and writes is not analysed", isError: false);
            }
        }

        return new IgnoredStatement(kind);
    }

    /// <summary>SQL held in a string token, to be analysed as statements at its place in the text.</summary>
    private Statement Embedded(string keyword, Token body)
    {
        if (Text is null)
        {
            return new IgnoredStatement(keyword);
        }

        var start = ContentStart(body);
        return new EmbeddedScriptStatement(keyword, body.Text, start, body.Line, body.Column + (start - body.Start));
    }

    /// <summary>Where the content of a string token starts: after its prefix, its quotes or its dollar tag.</summary>
    private int ContentStart(Token t)
    {
        var text = Text;
        if (text is null || t.Start >= text.Length)
        {
            return t.Start + 1;
        }

        var i = t.Start;
        if (text[i] == '$')
        {
            var close = text.IndexOf('$', i + 1);
            return close < 0 ? i + 1 : close + 1;
        }

        while (i < t.End && text[i] is not ('\'' or '"'))
        {
            i++; // N'…', E'…', r"""…"""
        }

        if (i + 2 < t.End && _dialect.TripleQuotes && text[i + 1] == text[i] && text[i + 2] == text[i])
        {
            return i + 3;
        }

        return i + 1;
    }

    /// <summary>Parses the query held in a string token (UNLOAD ('select …')), with positions in the whole text.</summary>
    private QueryExpr ParseEmbeddedQuery(Token t, int tokenIndex)
    {
        var start = ContentStart(t);
        var tokenizer = Tokenizer.Run(t.Text, _dialect, _budget, start, t.Line, t.Column + (start - t.Start));
        if (tokenizer.Errors.Count > 0)
        {
            throw new SqlParseException("the quoted query cannot be read: " + tokenizer.Errors[0].Message, tokenIndex);
        }

        var inner = new Parser(tokenizer.Tokens, _dialect, _maxDepth, _budget) { Text = Text, _end = tokenizer.Tokens.Count - 1 };
        try
        {
            var query = inner.ParseQuery();
            if (!inner.AtEnd)
            {
                throw inner.Error("unexpected text after the query");
            }

            return query;
        }
        catch (SqlParseException e)
        {
            throw new SqlParseException("in the quoted query: " + e.Message, tokenIndex);
        }
    }

    /// <summary>Redshift <c>UNLOAD ('select …') TO 's3://…' …</c>: the query's tables flow to the location.</summary>
    private Statement ParseUnload()
    {
        _pos++; // UNLOAD
        ExpectOp("(");
        var t = Peek();
        if (t.Kind != TokenKind.String)
        {
            throw Error("expected the quoted query of UNLOAD");
        }

        var index = _pos++;
        ExpectOp(")");
        ExpectKw("TO");
        var location = ParseObjectName();
        SkipToEnd();
        return new CopyStatement { Query = ParseEmbeddedQuery(t, index), Location = location, IntoTable = false };
    }

    /// <summary>BigQuery <c>EXPORT DATA [WITH CONNECTION c] OPTIONS (uri = '…', …) AS query</c>.</summary>
    private Statement ParseExportData()
    {
        var at = _pos;
        _pos += 2; // EXPORT DATA
        if (AcceptKws("WITH", "CONNECTION"))
        {
            ParseObjectName();
        }

        ObjectName? location = null;
        if (AcceptKw("OPTIONS"))
        {
            ExpectOp("(");
            var depth = 1;
            while (!AtEnd && depth > 0)
            {
                if (IsKw("uri") && IsOp("=", 1) && Peek(2).Kind == TokenKind.String)
                {
                    location = new ObjectName([new Identifier(Peek(2).Text, true)], isPath: true);
                    _pos += 3;
                    continue;
                }

                var t = Next();
                depth += t.IsOp("(") ? 1 : t.IsOp(")") ? -1 : 0;
            }
        }

        ExpectKw("AS");
        var query = ParseQuery();
        if (location is null)
        {
            Note(at, "EXPORT DATA names no uri, so the export has no output", isError: false);
        }

        return new CopyStatement { Query = query, Location = location, IntoTable = false };
    }

    /// <summary>EXEC / EXECUTE of SQL text: a literal is analysed as statements; text built at run time is reported.</summary>
    private bool IsDynamicSql()
    {
        var n = Peek(1);
        if (n.Is("IMMEDIATE") || n.IsOp("(") || n.Kind == TokenKind.String || n.Is("sp_executesql"))
        {
            return true;
        }

        if ((n.Is("sys") || n.Is("dbo")) && IsOp(".", 2) && IsKw("sp_executesql", 3))
        {
            return true;
        }

        // In a PL/pgSQL body EXECUTE always runs a string; at top level it runs a prepared statement.
        return _dialect.IsPostgresFamily && InBody;
    }

    private Statement ParseDynamicSql()
    {
        var at = _pos;
        _pos++; // EXEC / EXECUTE
        AcceptKw("IMMEDIATE");
        if ((IsKw("sys") || IsKw("dbo")) && IsOp(".", 1))
        {
            _pos += 2;
        }

        AcceptKw("sp_executesql");
        AcceptOp("(");
        var t = Peek();
        if (t.Kind == TokenKind.String)
        {
            var after = Peek(1);
            if (after.Kind == TokenKind.End || after.IsOp(")") || after.IsOp(",") || after.Is("USING") || after.Is("INTO") || IsStatementStart(after))
            {
                _pos++;
                var statement = Embedded("EXECUTE", t);
                SkipToStatementStart();
                return statement;
            }
        }

        Note(at, "dynamic SQL: the statement text is built at run time, so what it reads and writes is not analysed", isError: false);
        SkipToStatementStart();
        return new IgnoredStatement("EXECUTE");
    }

    /// <summary>Skips to the next statement keyword outside parentheses, or to the end.</summary>
    private void SkipToStatementStart()
    {
        while (!AtEnd && !(Peek().Kind == TokenKind.Identifier && IsStatementStart(Peek()) && !Peek().Is("SET")))
        {
            SkipOne();
        }
    }

    /// <summary>x := expr (PL/SQL, PL/pgSQL): the value, whose subqueries are read, or null when it is not an expression we read.</summary>
    /// <summary>x := expr / SET x = expr / LET x := expr: the variable takes the value's lineage.</summary>
    private Statement ParseAssignment()
    {
        AcceptKw("LET");
        AcceptKw("SET");
        var name = Peek().Text;
        var value = ParseAssignmentValue();
        Variables.Add(name);
        return new VariableStatement("ASSIGNMENT", [name], value);
    }

    private Expr? ParseAssignmentValue()
    {
        while (!AtEnd && !IsOp(":="))
        {
            if ((IsOp(":") || IsOp("=")) && (IsOp("=", 1) || IsOp("=")))
            {
                if (IsOp(":"))
                {
                    _pos++;
                }

                break;
            }

            _pos++;
        }

        _pos++;
        try
        {
            var value = ParseExpr();
            if (!AtEnd && !IsStatementStart(Peek()))
            {
                SkipToEnd();
            }

            return value;
        }
        catch (SqlParseException)
        {
            SkipToEnd();
            return null;
        }
    }

    /// <summary>T-SQL table hints in parentheses right after a table: <c>FROM t (NOLOCK)</c>, <c>t WITH (NOLOCK)</c> is a modifier.</summary>
    private bool IsTableHintGroup() => IsOp("(") && Peek(1).Kind == TokenKind.Identifier && TableHints.Contains(Peek(1).Text) && (IsOp(")", 2) || IsOp(",", 2) || IsOp("(", 2));

    private static readonly HashSet<string> TeradataTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "DATE", "TIME", "TIMESTAMP", "INTEGER", "INT", "SMALLINT", "BIGINT", "BYTEINT", "DECIMAL", "NUMBER", "NUMERIC", "FLOAT", "CHAR",
        "CHARACTER", "VARCHAR", "BYTE", "VARBYTE",
    };

    /// <summary>
    /// Teradata's attribute groups after a value: <c>(TITLE 'Amount')</c>, <c>(FORMAT 'YYYY-MM-DD')</c>, <c>(NAMED x)</c>,
    /// <c>(DATE)</c>, <c>(CHAR(10))</c>; they keep the value (a type converts it, which lineage treats as a cast).
    /// </summary>
    private bool IsColumnAttributeGroup()
    {
        if (!IsOp("(") || Peek(1).Kind != TokenKind.Identifier)
        {
            return false;
        }

        var word = Peek(1);
        if ((word.Is("TITLE") || word.Is("FORMAT")) && Peek(2).Kind == TokenKind.String)
        {
            return true;
        }

        if (word.Is("NAMED") && IsIdentifierToken(Peek(2)))
        {
            return true;
        }

        return _dialect.Dialect == SqlDialect.Teradata && TeradataTypes.Contains(word.Text) && (IsOp(")", 2) || IsOp(",", 2) || IsOp("(", 2));
    }

    /// <summary>Skips Teradata attribute groups after a select item; returns the name a <c>(NAMED x)</c> gives it, if any.</summary>
    private Identifier? SkipColumnAttributes()
    {
        Identifier? named = null;
        while (IsColumnAttributeGroup())
        {
            if (IsKw("NAMED", 1))
            {
                var t = Peek(2);
                named = new Identifier(t.Text, t.Kind == TokenKind.QuotedIdentifier);
            }

            SkipBalanced();
        }

        return named;
    }
}
