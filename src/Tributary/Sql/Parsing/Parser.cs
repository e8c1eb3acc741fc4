using Tributary.Sql.Syntax;

namespace Tributary.Sql.Parsing;

/// <summary>
/// A recursive-descent parser over the tokens of one script. Binary operators use precedence climbing; chains of
/// operators of one precedence are kept flat, so long chains never deepen the tree. Nesting is bounded.
/// </summary>
internal sealed partial class Parser
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "MINUS", "JOIN", "INNER",
        "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ON", "USING", "WINDOW", "QUALIFY", "INTO", "SELECT", "AS", "WHEN",
        "THEN", "ELSE", "END", "AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "LATERAL", "PIVOT",
        "UNPIVOT", "SET", "VALUES", "FETCH", "FOR", "CLUSTER", "DISTRIBUTE", "SORT", "RETURNING", "WITH", "TABLESAMPLE", "APPLY",
        "STRAIGHT_JOIN", "SEMI", "ANTI", "ASOF", "OPTION", "ESCAPE", "COLLATE", "OVER", "CASE", "EXISTS", "NULL", "TRUE", "FALSE",
        "CONNECT", "START", "PREWHERE", "GO", "MATCH_RECOGNIZE", "UPDATE", "DELETE", "INSERT", "MERGE", "CREATE", "DROP", "ALTER",
        "TRUNCATE", "PARTITION", "LOCK", "ORDINALITY", "NOLOCK", "OUTPUT", "LOOP",
    };

    private static readonly HashSet<string> StatementStarts = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "WITH", "TRUNCATE", "ALTER", "DECLARE", "SET", "EXEC",
        "EXECUTE", "IF", "BEGIN", "PRINT", "USE", "COPY", "GRANT", "REPLACE", "UPSERT", "RENAME", "COMMIT", "ROLLBACK", "RETURN",
        "ANALYZE", "VACUUM", "MSCK", "REFRESH", "CACHE", "OPTIMIZE", "CALL", "LOAD", "END", "ELSE", "WHILE", "ELSEIF", "ELSIF", "UNLOAD", "PERFORM", "LOOP", "REPEAT", "RAISE",
    };

    private readonly List<Token> _tokens;
    private readonly DialectInfo _dialect;
    private readonly int _maxDepth;
    private readonly SqlBudget? _budget;
    private int _end;
    private int _pos;
    private int _depth;
    private readonly List<Identifier> _nameParts = new(4);

    public Parser(List<Token> tokens, DialectInfo dialect, int maxDepth, SqlBudget? budget = null)
    {
        _tokens = tokens;
        _dialect = dialect;
        _maxDepth = maxDepth;
        _budget = budget;
    }

    public DialectInfo Dialect => _dialect;

    /// <summary>Parses the statements in tokens [start, end): several when statements follow each other without a separator.</summary>
    public void ParseRange(int start, int end, List<(Statement? Statement, int Start, SqlParseException? Error, int TrailingAt)> into)
    {
        _pos = start;
        _end = end;
        while (_pos < _end)
        {
            var statementStart = _pos;
            _depth = 0;
            if (_declarations == DeclarationState.Skipping)
            {
                into.Add((SkipDeclarations(), statementStart, null, -1));
                continue;
            }

            try
            {
                var statement = ParseStatement();
                var trailing = -1;
                if (_pos < _end && !IsStatementStart(Peek()))
                {
                    trailing = _pos;
                    _pos = _end;
                }

                into.Add((statement, statementStart, null, trailing));
            }
            catch (SqlParseException e)
            {
                into.Add((null, statementStart, e, -1));
                _pos = _end;
            }
        }
    }

    private static bool IsStatementStart(Token t) => t.Kind == TokenKind.Identifier && t.Has(WordFlags.StatementStart);

    /// <summary>The keyword classes of a word, computed once per distinct spelling by the tokenizer.</summary>
    public static WordFlags Classify(string word)
    {
        var flags = WordFlags.None;
        if (Reserved.Contains(word))
        {
            flags |= WordFlags.Reserved;
        }

        if (StatementStarts.Contains(word))
        {
            flags |= WordFlags.StatementStart;
        }

        if (NonColumnKeywords.Contains(word))
        {
            flags |= WordFlags.NonColumn;
        }

        if (ExpressionKeywords.Contains(word))
        {
            flags |= WordFlags.ExpressionKeyword;
        }

        if (TypedLiteralWords.Contains(word))
        {
            flags |= WordFlags.TypedLiteral;
        }

        if (Niladic.Contains(word))
        {
            flags |= WordFlags.Niladic;
        }

        if (WordPrecedence.ContainsKey(word))
        {
            flags |= WordFlags.Binary;
        }

        if (IntervalUnits.Contains(word))
        {
            flags |= WordFlags.IntervalUnit;
        }

        return flags;
    }

    // ---- token helpers -------------------------------------------------------------------------------

    private Token Peek(int k = 0)
    {
        _budget?.Tick();
        var i = _pos + k;
        return i < _end ? _tokens[i] : EndToken(i);
    }

    private Token EndToken(int i)
    {
        var last = _tokens[Math.Min(_end, _tokens.Count - 1)];
        return new Token(TokenKind.End, "", last.Start, last.Start, last.Line, last.Column);
    }

    private bool AtEnd => _pos >= _end;

    private Token Next()
    {
        var t = Peek();
        if (_pos < _end)
        {
            _pos++;
        }

        return t;
    }

    private bool IsKw(string keyword, int k = 0) => Peek(k).Is(keyword);

    private bool IsOp(string op, int k = 0) => Peek(k).IsOp(op);

    private bool AcceptKw(string keyword)
    {
        if (Peek().Is(keyword))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool AcceptKws(string first, string second)
    {
        if (Peek().Is(first) && Peek(1).Is(second))
        {
            _pos += 2;
            return true;
        }

        return false;
    }

    private bool AcceptOp(string op)
    {
        if (Peek().IsOp(op))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void ExpectKw(string keyword)
    {
        if (!AcceptKw(keyword))
        {
            throw Error($"expected {keyword}");
        }
    }

    private void ExpectOp(string op)
    {
        if (!AcceptOp(op))
        {
            throw Error($"expected '{op}'");
        }
    }

    private SqlParseException Error(string message)
    {
        var t = Peek();
        var found = t.Kind == TokenKind.End ? "end of statement" : $"'{(t.Kind == TokenKind.String ? "'" + t.Text + "'" : t.Text)}'";
        return new SqlParseException($"{message}, found {found}", Math.Min(_pos, _end));
    }

    private void Enter()
    {
        // The stack is checked every fourth level: a check costs a call into the runtime, and four levels use far
        // less than the reserve a check guarantees.
        if ((_depth & 3) == 0)
        {
            System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        }

        // A subquery level enters twice (query, table), a parenthesised expression once or twice: the bound counts levels as written.
        if (++_depth > _maxDepth * 2)
        {
            throw new SqlParseException($"nesting is deeper than {_maxDepth:N0} levels (the limit of SqlAnalysisOptions.MaxDepth)", _pos);
        }
    }

    private void Leave() => _depth--;

    private bool IsIdentifierToken(Token t) => t.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier;

    private Identifier ParseIdentifier()
    {
        var t = Peek();
        if (t.Kind == TokenKind.Identifier || t.Kind == TokenKind.QuotedIdentifier)
        {
            _pos++;
            return new Identifier(t.Text, t.Kind == TokenKind.QuotedIdentifier);
        }

        throw Error("expected an identifier");
    }

    /// <summary>An alias after AS (any identifier or a string) or without AS (a non-reserved identifier).</summary>
    private Identifier? ParseOptionalAlias(bool allowString = true)
    {
        if (AcceptKw("AS"))
        {
            var t = Peek();
            if (t.Kind == TokenKind.String && allowString)
            {
                _pos++;
                return new Identifier(t.Text, true);
            }

            return ParseIdentifier();
        }

        var p = Peek();
        if (p.Kind == TokenKind.QuotedIdentifier || (p.Kind == TokenKind.Identifier && !p.Has(WordFlags.Reserved | WordFlags.StatementStart)))
        {
            _pos++;
            return new Identifier(p.Text, p.Kind == TokenKind.QuotedIdentifier);
        }

        if (p.Kind == TokenKind.String && allowString && _dialect.Dialect is SqlDialect.MySql or SqlDialect.Spark or SqlDialect.Hive or SqlDialect.Databricks or SqlDialect.Sqlite or SqlDialect.TSql)
        {
            _pos++;
            return new Identifier(p.Text, true);
        }

        return null;
    }

    private List<Identifier> ParseIdentifierList()
    {
        ExpectOp("(");
        var list = new List<Identifier>();
        if (AcceptOp(")"))
        {
            return list;
        }

        do
        {
            list.Add(ParseIdentifier());

            // Column definitions in a view's column list may carry COMMENT '...' or a type.
            while (!IsOp(",") && !IsOp(")") && !AtEnd)
            {
                SkipOne();
            }
        }
        while (AcceptOp(","));
        ExpectOp(")");
        return list;
    }

    /// <summary>Skips one token, or a whole balanced group when it opens one.</summary>
    private void SkipOne()
    {
        if (IsOp("(") || IsOp("[") || IsOp("{"))
        {
            SkipBalanced();
        }
        else
        {
            _pos++;
        }
    }

    private void SkipBalanced()
    {
        var depth = 0;
        do
        {
            var t = Next();
            if (t.Kind == TokenKind.End)
            {
                throw Error("unbalanced parentheses");
            }

            if (t.IsOp("(") || t.IsOp("[") || t.IsOp("{"))
            {
                depth++;
            }
            else if (t.IsOp(")") || t.IsOp("]") || t.IsOp("}"))
            {
                depth--;
            }
        }
        while (depth > 0);
    }

    private void SkipToEnd() => _pos = _end;

    /// <summary>A dotted object name; BigQuery quoted paths split on dots, paths and stages are kept verbatim.</summary>
    private ObjectName ParseObjectName()
    {
        var t = Peek();
        if (t.Kind == TokenKind.String)
        {
            _pos++;
            return new ObjectName([new Identifier(t.Text, true)], isPath: true);
        }

        if (t.Kind == TokenKind.Parameter && t.Text.StartsWith('@'))
        {
            _pos++;
            return new ObjectName([new Identifier(t.Text, false)], isPath: true);
        }

        // One scratch list per parser: names are never nested in names, and the parts end in an array of their own.
        var parts = _nameParts;
        parts.Clear();
        AddNamePart(parts, ParseNamePart());
        while (true)
        {
            if (IsOp(".") && (IsIdentifierToken(Peek(1)) || Peek(1).Kind == TokenKind.Number))
            {
                _pos++;
                AddNamePart(parts, ParseNamePart());
                continue;
            }

            // T-SQL db..table: the schema is the default one.
            if (IsOp(".") && IsOp(".", 1) && IsIdentifierToken(Peek(2)))
            {
                _pos += 2;
                AddNamePart(parts, ParseNamePart());
                continue;
            }

            break;
        }

        return new ObjectName([.. parts]);
    }

    private Identifier ParseNamePart()
    {
        var t = Next();
        if (t.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.Number))
        {
            _pos--;
            throw Error("expected a name");
        }

        var text = t.Text;

        // BigQuery project ids may contain dashes: my-project.dataset.table.
        if (_dialect.Dialect == SqlDialect.BigQuery && t.Kind == TokenKind.Identifier)
        {
            while (IsOp("-") && Peek().Start == _tokens[_pos - 1].End && (Peek(1).Kind is TokenKind.Identifier or TokenKind.Number) && Peek(1).Start == Peek().End)
            {
                text += "-" + Peek(1).Text;
                _pos += 2;
            }
        }

        return new Identifier(text, t.Kind == TokenKind.QuotedIdentifier);
    }

    private void AddNamePart(List<Identifier> parts, Identifier part)
    {
        if (part.Quoted && _dialect.SplitQuotedPaths && part.Value.Contains('.', StringComparison.Ordinal))
        {
            foreach (var piece in part.Value.Split('.'))
            {
                parts.Add(new Identifier(piece, true));
            }

            return;
        }

        parts.Add(part);
    }
}
