using System.Globalization;
using Tributary.Sql.Syntax;

namespace Tributary.Sql.Parsing;

internal sealed partial class Parser
{
    private static readonly string[] LevelNames = ["L0", "OR", "AND", "L3", "CMP", "BOR", "BAND", "SHIFT", "CONCAT", "ADD", "MUL", "POW", "JSON"];

    private static readonly HashSet<string> NonColumnKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "MINUS", "JOIN", "ON", "SELECT", "WHEN",
        "THEN", "ELSE", "END", "AND", "OR", "IS", "IN", "BETWEEN", "LIKE", "AS", "INTO", "QUALIFY", "WINDOW", "USING", "INNER", "OUTER",
        "CROSS", "NATURAL", "WITH", "SET", "VALUES", "OVER", "BY",
    };

    private static readonly HashSet<string> Niladic = new(StringComparer.OrdinalIgnoreCase)
    {
        "CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_TIME", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "LOCALTIME", "LOCALTIMESTAMP",
        "SYSDATE", "SYSTIMESTAMP", "CURRENT_SCHEMA", "CURRENT_CATALOG", "CURRENT_ROLE", "CURRENT_DATABASE", "CURRENT_REGION", "CURRENT_ACCOUNT",
        "CURRENT_WAREHOUSE", "UTC_TIMESTAMP", "UTC_DATE", "ROWNUM",
    };

    private static readonly HashSet<string> TypedLiteralWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "DATE", "TIME", "TIMESTAMP", "DATETIME", "TIMESTAMPTZ", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "JSON", "NUMERIC", "DECIMAL",
        "BIGNUMERIC", "UUID", "INET", "BYTES", "REAL", "FLOAT", "INT", "INTEGER", "BOOLEAN", "VARCHAR", "CHAR", "TEXT", "BIGINT", "DOUBLE", "INTERVAL",
    };

    private static readonly HashSet<string> DateParts = new(StringComparer.OrdinalIgnoreCase)
    {
        "YEAR", "YEARS", "MONTH", "MONTHS", "DAY", "DAYS", "HOUR", "HOURS", "MINUTE", "MINUTES", "SECOND", "SECONDS", "WEEK", "WEEKS", "QUARTER",
        "QUARTERS", "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS", "NANOSECOND", "NANOSECONDS", "EPOCH", "DOW", "DOY", "DAYOFWEEK",
        "DAYOFYEAR", "DAYOFMONTH", "WEEKDAY", "ISOWEEK", "ISOYEAR", "ISODOW", "YY", "YYYY", "Y", "YYY", "MM", "M", "MON", "DD", "D", "DY", "DW",
        "HH", "HH24", "MI", "N", "SS", "S", "MS", "MCS", "NS", "WK", "WW", "QQ", "Q", "CENTURY", "DECADE", "MILLENNIUM", "TIMEZONE", "TIMEZONE_HOUR",
        "TIMEZONE_MINUTE", "DATE", "TIME", "DATETIME", "YEAR_MONTH", "DAY_HOUR", "DAY_MINUTE", "DAY_SECOND", "HOUR_MINUTE", "HOUR_SECOND",
        "MINUTE_SECOND", "WEEKOFYEAR", "DAYOFWEEKISO", "YEAROFWEEK", "YEAROFWEEKISO", "EPOCH_SECOND", "EPOCH_MILLISECOND",
    };

    private static readonly HashSet<string> FirstArgDatePart = new(StringComparer.OrdinalIgnoreCase)
    {
        "EXTRACT", "DATEADD", "DATEDIFF", "DATEPART", "DATENAME", "DATETRUNC", "DATE_BUCKET", "TIMEADD", "TIMEDIFF", "TIMESTAMPADD", "TIMESTAMPDIFF",
        "DATE_PART", "DATE_TRUNC", "TIME_SLICE", "DATEDIFF_BIG", "TIMESTAMP_DIFF_SF", "DATE_ADD", "DATE_SUB", "DATE_DIFF", "LAST_DAY", "TRUNC",
    };

    private static readonly HashSet<string> LastArgDatePart = new(StringComparer.OrdinalIgnoreCase)
    {
        "DATE_DIFF", "DATETIME_DIFF", "TIMESTAMP_DIFF", "TIME_DIFF", "DATE_TRUNC", "DATETIME_TRUNC", "TIMESTAMP_TRUNC", "TIME_TRUNC", "LAST_DAY",
        "TRUNC", "TIME_SLICE",
    };

    private static readonly HashSet<string> IntervalUnits = new(DateParts, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, int> WordPrecedence = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OR"] = 1, ["XOR"] = 1, ["AND"] = 2, ["IS"] = 4, ["IN"] = 4, ["LIKE"] = 4, ["ILIKE"] = 4, ["RLIKE"] = 4, ["REGEXP"] = 4, ["BETWEEN"] = 4,
        ["SIMILAR"] = 4, ["GLOB"] = 4, ["ISNULL"] = 4, ["NOTNULL"] = 4, ["MEMBER"] = 4, ["NOT"] = -1, ["DIV"] = 10, ["MOD"] = 10,
    };

    private static readonly HashSet<string> ExpressionKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "CASE", "CAST", "TRY_CAST", "SAFE_CAST", "CONVERT", "TRY_CONVERT", "EXISTS", "NULL", "TRUE", "FALSE", "UNKNOWN", "DEFAULT", "INTERVAL",
        "ARRAY", "STRUCT", "NEXT",
    };

    private Expr ParseExpr() => ParseBinary(1);

    private int BinaryPrecedence(Token t)
    {
        if (t.Kind == TokenKind.Identifier)
        {
            if (!t.Has(WordFlags.Binary) || !WordPrecedence.TryGetValue(t.Text, out var p))
            {
                return 0;
            }

            if (p == -1)
            {
                var n = Peek(1);
                return n.Is("IN") || n.Is("LIKE") || n.Is("ILIKE") || n.Is("BETWEEN") || n.Is("RLIKE") || n.Is("REGEXP") || n.Is("SIMILAR") || n.Is("GLOB") ? 4 : 0;
            }

            return p;
        }

        if (t.Kind != TokenKind.Operator)
        {
            return 0;
        }

        return t.Text switch
        {
            "=" or "==" or "<>" or "!=" or "<" or ">" or "<=" or ">=" or "<=>" or "@>" or "<@" or "&&" or "~" or "!~" or "~*" or "!~*" => 4,
            "|" => 5,
            "&" or "#" => 6,
            "<<" or ">>" => 7,
            "||" => 8,
            "+" or "-" => 9,
            "*" or "/" or "%" => 10,
            "^" or "**" => 11,
            "->" or "->>" or "#>" or "#>>" => 12,
            _ => 0,
        };
    }

    private Expr ParseBinary(int minPrec)
    {
        var left = ParseUnary();
        while (true)
        {
            var t = Peek();
            var prec = BinaryPrecedence(t);
            if (prec == 0 || prec < minPrec)
            {
                return left;
            }

            if (prec == 4 && t.Kind == TokenKind.Identifier)
            {
                left = Combine(4, left, ParsePredicate(left));
                continue;
            }

            _pos++;
            Expr right;
            if (prec == 4 && (IsKw("ANY") || IsKw("ALL") || IsKw("SOME")) && IsOp("(", 1))
            {
                _pos++;
                right = ParseParenthesizedListOrSubquery();
            }
            else
            {
                right = ParseBinary(prec + 1);
            }

            left = Combine(prec, left, right);
        }
    }

    private static Expr Combine(int prec, Expr left, Expr? right)
    {
        var name = LevelNames[prec];
        if (right is null)
        {
            return left;
        }

        if (left is OperationExpr op && ReferenceEquals(op.Op, name))
        {
            op.Operands.Add(right);
            return op;
        }

        return new OperationExpr(name, [left, right]);
    }

    /// <summary>Parses the right-hand side of IS, IN, BETWEEN, LIKE, …; the result is combined with <paramref name="left"/> by the caller.</summary>
    private Expr? ParsePredicate(Expr left)
    {
        AcceptKw("NOT");
        if (AcceptKw("IS"))
        {
            AcceptKw("NOT");
            if (AcceptKw("DISTINCT"))
            {
                ExpectKw("FROM");
                return ParseBinary(5);
            }

            if (AcceptKw("NULL") || AcceptKw("TRUE") || AcceptKw("FALSE") || AcceptKw("UNKNOWN"))
            {
                return null;
            }

            if (AcceptKw("JSON"))
            {
                if (IsKw("VALUE") || IsKw("OBJECT") || IsKw("ARRAY") || IsKw("SCALAR"))
                {
                    _pos++;
                }

                return null;
            }

            return ParseBinary(5);
        }

        if (AcceptKw("ISNULL") || AcceptKw("NOTNULL"))
        {
            return null;
        }

        if (AcceptKw("IN"))
        {
            if (IsOp("("))
            {
                return ParseParenthesizedListOrSubquery();
            }

            return ParseBinary(5);
        }

        if (AcceptKw("BETWEEN"))
        {
            if (!AcceptKw("SYMMETRIC"))
            {
                AcceptKw("ASYMMETRIC");
            }

            var low = ParseBinary(5);
            ExpectKw("AND");
            var high = ParseBinary(5);
            return new OperationExpr("BETWEEN", [low, high]);
        }

        if (AcceptKw("MEMBER"))
        {
            ExpectKw("OF");
            return ParseBinary(5);
        }

        if (AcceptKw("SIMILAR"))
        {
            ExpectKw("TO");
        }
        else if (!(AcceptKw("LIKE") || AcceptKw("ILIKE") || AcceptKw("RLIKE") || AcceptKw("REGEXP") || AcceptKw("GLOB")))
        {
            throw Error("expected a predicate");
        }

        Expr pattern;
        if ((IsKw("ANY") || IsKw("ALL") || IsKw("SOME")) && IsOp("(", 1))
        {
            _pos++;
            pattern = ParseParenthesizedListOrSubquery();
        }
        else
        {
            pattern = ParseBinary(5);
        }

        if (AcceptKw("ESCAPE"))
        {
            ParseBinary(5);
        }

        return pattern;
    }

    private Expr ParseParenthesizedListOrSubquery()
    {
        ExpectOp("(");
        if (IsQueryStartHere())
        {
            var save = _pos;
            try
            {
                var query = ParseQuery();
                ExpectOp(")");
                return new SubqueryExpr(query, SubqueryUse.In);
            }
            catch (SqlParseException)
            {
                _pos = save;
            }
        }

        var list = ParseExprList();
        ExpectOp(")");
        return list.Count == 1 ? list[0] : new OperationExpr("ROW", list);
    }

    private Expr ParseUnary()
    {
        var t = Peek();
        if (t.Is("NOT") || (t.Kind == TokenKind.Operator && (t.Text is "-" or "+" or "~" or "!")))
        {
            Enter();
            try
            {
                _pos++;
                var operand = t.Is("NOT") ? ParseBinary(3) : ParseUnary();
                return operand is LiteralExpr ? operand : new OperationExpr(t.Is("NOT") ? "NOT" : "NEG", [operand]);
            }
            finally
            {
                Leave();
            }
        }

        if (t.Is("PRIOR") && !IsOp("(", 1) && IsIdentifierToken(Peek(1)))
        {
            _pos++;
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expr ParsePostfix(Expr e)
    {
        while (true)
        {
            var t = Peek();
            if (t.Kind == TokenKind.Operator)
            {
                if (t.Text == "::")
                {
                    _pos++;
                    SkipTypeName();
                    e = new OperationExpr("CAST", [e]);
                    continue;
                }

                if (t.Text == "[")
                {
                    _pos++;
                    var index = new List<Expr> { e };
                    if (!IsOp("]"))
                    {
                        if (!IsOp(":"))
                        {
                            index.Add(ParseExpr());
                        }

                        if (AcceptOp(":") && !IsOp("]"))
                        {
                            index.Add(ParseExpr());
                        }
                    }

                    ExpectOp("]");
                    e = new OperationExpr("INDEX", index);
                    continue;
                }

                if (t.Text == "." && (IsIdentifierToken(Peek(1)) || IsOp("*", 1)))
                {
                    _pos += 2;
                    e = new OperationExpr("FIELD", [e]);
                    continue;
                }

                if (t.Text == ":" && _dialect.ColonPaths && e is not LiteralExpr)
                {
                    var n = Peek(1);
                    if (n.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.Number or TokenKind.String)
                    {
                        _pos += 2;
                        e = new OperationExpr("PATH", [e]);
                        continue;
                    }
                }

                return e;
            }

            if (t.Is("COLLATE"))
            {
                _pos += 2;
                continue;
            }

            if (t.Is("AT") && IsKw("TIME", 1) && IsKw("ZONE", 2))
            {
                _pos += 3;
                e = new OperationExpr("TZ", [e, ParseUnary()]);
                continue;
            }

            return e;
        }
    }

    private void SkipTypeName()
    {
        if (!IsIdentifierToken(Peek()))
        {
            throw Error("expected a type name");
        }

        _pos++;
        while (IsOp(".") && IsIdentifierToken(Peek(1)))
        {
            _pos += 2;
        }

        while (true)
        {
            if ((IsKw("WITH") || IsKw("WITHOUT")) && IsKw("TIME", 1) && IsKw("ZONE", 2))
            {
                _pos += 3;
                continue;
            }

            if (IsKw("PRECISION") || IsKw("VARYING") || IsKw("UNSIGNED") || IsKw("SIGNED"))
            {
                _pos++;
                continue;
            }

            break;
        }

        if (IsOp("("))
        {
            SkipBalanced();
        }

        if (IsOp("<"))
        {
            var depth = 0;
            do
            {
                var t = Next();
                if (t.Kind == TokenKind.End)
                {
                    throw Error("unbalanced type parameters");
                }

                if (t.IsOp("<"))
                {
                    depth++;
                }
                else if (t.IsOp(">"))
                {
                    depth--;
                }
                else if (t.IsOp(">>"))
                {
                    depth -= 2;
                }
            }
            while (depth > 0);
        }

        while (IsOp("[") && (IsOp("]", 1) || (Peek(1).Kind == TokenKind.Number && IsOp("]", 2))))
        {
            _pos += IsOp("]", 1) ? 2 : 3;
        }

        AcceptKw("ARRAY");
    }

    private Expr ParsePrimary()
    {
        Enter();
        try
        {
            return ParsePrimaryCore();
        }
        finally
        {
            Leave();
        }
    }

    private Expr ParsePrimaryCore()
    {
        var t = Peek();
        switch (t.Kind)
        {
            case TokenKind.Number:
                _pos++;
                return int.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? new LiteralExpr { Ordinal = ordinal } : LiteralExpr.Instance;
            case TokenKind.String:
                _pos++;
                while (Peek().Kind == TokenKind.String)
                {
                    _pos++;
                }

                return LiteralExpr.Instance;
            case TokenKind.Parameter:
                _pos++;
                return LiteralExpr.Instance;
            case TokenKind.Operator:
                return ParseOperatorPrimary(t);
            case TokenKind.Identifier:
            case TokenKind.QuotedIdentifier:
                return ParseIdentifierPrimary(t);
            default:
                throw Error("expected an expression");
        }
    }

    private Expr ParseOperatorPrimary(Token t)
    {
        switch (t.Text)
        {
            case "(":
                return ParseParenthesized();
            case "[":
                {
                    _pos++;
                    var items = ParseExprList();
                    ExpectOp("]");
                    return new OperationExpr("ARRAY", items);
                }

            case "{":
                {
                    _pos++;
                    var values = new List<Expr>();
                    while (!IsOp("}"))
                    {
                        ParseExpr();
                        if (AcceptOp(":") || AcceptOp("="))
                        {
                            values.Add(ParseExpr());
                        }

                        if (!AcceptOp(","))
                        {
                            break;
                        }
                    }

                    ExpectOp("}");
                    return new OperationExpr("OBJECT", values);
                }

            case ":":
                if (Peek(1).Kind is TokenKind.Identifier or TokenKind.Number)
                {
                    _pos += 2;
                    return LiteralExpr.Instance;
                }

                break;
            case "*":
                _pos++;
                return new StarExpr(null);
        }

        throw Error("expected an expression");
    }

    private Expr ParseParenthesized()
    {
        _pos++; // (
        if (AcceptOp(")"))
        {
            return LiteralExpr.Instance;
        }

        if (IsQueryStartHere())
        {
            var save = _pos;
            try
            {
                var query = ParseQuery();
                ExpectOp(")");
                return new SubqueryExpr(query, SubqueryUse.Scalar);
            }
            catch (SqlParseException)
            {
                _pos = save;
                if (!IsOp("("))
                {
                    throw;
                }
            }
        }

        var first = ParseExpr();
        if (AcceptOp(","))
        {
            var items = new List<Expr> { first };
            items.AddRange(ParseExprList());
            ExpectOp(")");
            if (IsOp("->") && items.TrueForAll(i => i is ColumnExpr { Parts.Length: 1 }))
            {
                _pos++;
                return new LambdaExpr([.. items.Select(i => ((ColumnExpr)i).Parts[0].Value)], ParseExpr());
            }

            return new OperationExpr("ROW", items);
        }

        ExpectOp(")");
        return first;
    }

    private Expr ParseIdentifierPrimary(Token t)
    {
        if (t.Kind == TokenKind.Identifier)
        {
            var special = ParseKeywordExpression(t);
            if (special is not null)
            {
                return special;
            }

            if (t.Has(WordFlags.NonColumn) && !IsOp("(", 1))
            {
                throw Error("expected an expression");
            }
        }

        var first = new Identifier(t.Text, t.Kind == TokenKind.QuotedIdentifier);
        _pos++;
        if (!IsOp(".") && (!IsOp("(") || IsColumnAttributeGroup()))
        {
            return new ColumnExpr([first]) { Line = t.Line, Column = t.Column, Start = t.Start };
        }

        var parts = _nameParts;
        parts.Clear();
        parts.Add(first);
        while (IsOp("."))
        {
            var n = Peek(1);
            if (IsIdentifierToken(n))
            {
                parts.Add(new Identifier(n.Text, n.Kind == TokenKind.QuotedIdentifier));
                _pos += 2;
                continue;
            }

            if (n.IsOp("*"))
            {
                _pos += 2;
                return new StarExpr([.. parts]);
            }

            if (n.Kind == TokenKind.Parameter && n.Text.StartsWith('$') && n.Start == Peek().End)
            {
                // Snowflake positional column of a staged file: t.$1
                parts.Add(new Identifier(n.Text, false));
                _pos += 2;
                continue;
            }

            break;
        }

        if (IsOp("(") && !IsColumnAttributeGroup())
        {
            if (_dialect.SplitQuotedPaths && parts.Count == 1 && parts[0].Quoted && parts[0].Value.Contains('.', StringComparison.Ordinal))
            {
                return ParseFunctionAfterName(new ObjectName([new Identifier(parts[0].Value.Split('.')[^1], true)]));
            }

            return ParseFunctionAfterName(new ObjectName([.. parts]));
        }

        return new ColumnExpr([.. parts]) { Line = t.Line, Column = t.Column, Start = t.Start };
    }

    private Expr? ParseKeywordExpression(Token t)
    {
        var next = Peek(1);
        if (!t.Has(WordFlags.ExpressionKeyword))
        {
            if (next.Kind == TokenKind.String && t.Has(WordFlags.TypedLiteral))
            {
                _pos += 2;
                return LiteralExpr.Instance;
            }

            if (t.Has(WordFlags.Niladic) && !next.IsOp("(") && !next.IsOp("."))
            {
                _pos++;
                return LiteralExpr.Instance;
            }

            return null;
        }

        switch (t.Text.ToUpperInvariant())
        {
            case "CASE":
                return ParseCase();
            case "CAST":
            case "TRY_CAST":
            case "SAFE_CAST":
                if (!next.IsOp("("))
                {
                    return null;
                }

                {
                    _pos += 2;
                    var value = ParseExpr();
                    if (AcceptKw("AS") || AcceptOp(","))
                    {
                        while (!AtEnd && !IsOp(")"))
                        {
                            SkipOne();
                        }
                    }

                    ExpectOp(")");
                    return new OperationExpr("CAST", [value]);
                }

            case "CONVERT":
            case "TRY_CONVERT":
                if (!next.IsOp("("))
                {
                    return null;
                }

                {
                    _pos += 2;
                    var first = ParseExpr();
                    Expr value = first;
                    if (AcceptKw("USING"))
                    {
                        _pos++;
                    }
                    else if (AcceptOp(","))
                    {
                        var second = _dialect.IsTSql ? ParseExpr() : null;
                        if (second is not null)
                        {
                            value = second;
                        }

                        while (!AtEnd && !IsOp(")"))
                        {
                            SkipOne();
                        }
                    }

                    ExpectOp(")");
                    return new OperationExpr("CAST", [value]);
                }

            case "EXISTS":
                if (!next.IsOp("("))
                {
                    return null;
                }

                {
                    _pos += 2;
                    var query = ParseQuery();
                    ExpectOp(")");
                    return new SubqueryExpr(query, SubqueryUse.Exists);
                }

            case "NULL":
            case "TRUE":
            case "FALSE":
            case "UNKNOWN":
            case "DEFAULT":
                _pos++;
                return LiteralExpr.Instance;
            case "INTERVAL":
                if (next.Kind is TokenKind.String or TokenKind.Number || next.IsOp("(") || next.IsOp("-") || (next.Kind == TokenKind.Identifier && !next.Has(WordFlags.NonColumn)))
                {
                    _pos++;
                    var operand = ParseUnary();
                    if (Peek().Has(WordFlags.IntervalUnit))
                    {
                        _pos++;
                        if (IsKw("TO") && Peek(1).Has(WordFlags.IntervalUnit))
                        {
                            _pos += 2;
                        }
                    }

                    return operand is LiteralExpr ? LiteralExpr.Instance : new OperationExpr("INTERVAL", [operand]);
                }

                return null;
            case "ARRAY":
                if (next.IsOp("["))
                {
                    _pos++;
                    return ParseOperatorPrimary(Peek());
                }

                if (next.IsOp("<"))
                {
                    _pos++;
                    _pos--;
                    SkipTypeName();
                    return IsOp("[") ? ParseOperatorPrimary(Peek()) : LiteralExpr.Instance;
                }

                return null;
            case "STRUCT":
                if (next.IsOp("<"))
                {
                    SkipTypeName();
                    if (!IsOp("("))
                    {
                        return LiteralExpr.Instance;
                    }

                    return ParseFunctionAfterName(new ObjectName([new Identifier("STRUCT", false)]));
                }

                return null;
            case "NEXT":
                if (next.Is("VALUE") && Peek(2).Is("FOR"))
                {
                    _pos += 3;
                    ParseObjectName();
                    return LiteralExpr.Instance;
                }

                return null;
            default:
                if (next.Kind == TokenKind.String && TypedLiteralWords.Contains(t.Text))
                {
                    _pos += 2;
                    return LiteralExpr.Instance;
                }

                if (!next.IsOp("(") && !next.IsOp(".") && Niladic.Contains(t.Text))
                {
                    _pos++;
                    return LiteralExpr.Instance;
                }

                return null;
        }
    }

    private CaseExpr ParseCase()
    {
        _pos++; // CASE
        Expr? operand = IsKw("WHEN") ? null : ParseExpr();
        var whens = new List<(Expr, Expr)>();
        while (AcceptKw("WHEN"))
        {
            var when = ParseExpr();
            ExpectKw("THEN");
            whens.Add((when, ParseExpr()));
        }

        var elseExpr = AcceptKw("ELSE") ? ParseExpr() : null;
        ExpectKw("END");
        return new CaseExpr(operand, whens, elseExpr);
    }

    private FunctionExpr ParseFunctionAfterName(ObjectName name)
    {
        ExpectOp("(");
        var upper = name.Last.Value.ToUpperInvariant();
        var args = new List<Expr>();
        List<Expr>? argOrder = null;
        if (!IsOp(")"))
        {
            if (!AcceptKw("DISTINCT"))
            {
                if (IsKw("ALL") && !IsOp(")", 1) && !IsOp(",", 1))
                {
                    _pos++;
                }
            }

            while (true)
            {
                if (IsKw("BOTH") || IsKw("LEADING") || IsKw("TRAILING"))
                {
                    _pos++;
                    if (AcceptKw("FROM"))
                    {
                        continue;
                    }
                }

                if (IsOp("*") && (IsOp(")", 1) || IsOp(",", 1)))
                {
                    _pos++;
                    args.Add(new StarExpr(null));
                }
                else if (IsKw("SELECT") || (IsKw("WITH") && IsIdentifierToken(Peek(1)) && IsKw("AS", 2)))
                {
                    // ARRAY(SELECT …), EXISTS-like functions taking a bare query.
                    args.Add(new SubqueryExpr(ParseQuery(), SubqueryUse.Scalar));
                }
                else if (IsIdentifierToken(Peek()) && (IsOp("=>", 1) || IsOp(":=", 1)))
                {
                    _pos += 2;
                    args.Add(ParseExpr());
                }
                else if (IsIdentifierToken(Peek()) && IsOp("->", 1) && Peek(2).Kind is not (TokenKind.String or TokenKind.Number))
                {
                    var parameter = Next().Text;
                    _pos++;
                    args.Add(new LambdaExpr([parameter], ParseExpr()));
                }
                else if (IsOp(")"))
                {
                    break;
                }
                else
                {
                    args.Add(ParseExpr());
                }

                if (AcceptKw("AS"))
                {
                    while (!AtEnd && !IsOp(",") && !IsOp(")"))
                    {
                        SkipOne();
                    }
                }

                if (!ParseArgumentModifiers(ref argOrder))
                {
                    break;
                }
            }
        }

        ExpectOp(")");
        var function = new FunctionExpr(upper, args) { ArgOrderBy = argOrder };
        ReplaceDateParts(function);
        if (IsKw("WITHIN") && IsKw("GROUP", 1))
        {
            _pos += 2;
            ExpectOp("(");
            ExpectKw("ORDER");
            ExpectKw("BY");
            function.WithinGroup = ParseOrderList();
            ExpectOp(")");
        }

        if (IsKw("FILTER") && IsOp("(", 1))
        {
            _pos += 2;
            ExpectKw("WHERE");
            function.Filter = ParseExpr();
            ExpectOp(")");
        }

        if ((IsKw("IGNORE") || IsKw("RESPECT")) && IsKw("NULLS", 1))
        {
            _pos += 2;
        }

        if (IsKw("FROM") && (IsKw("FIRST", 1) || IsKw("LAST", 1)))
        {
            _pos += 2;
        }

        if (AcceptKw("OVER"))
        {
            function.Over = IsOp("(") ? ParseWindowSpec() : new WindowSpec { BaseName = ParseIdentifier().Value };
        }

        return function;
    }

    /// <summary>Consumes what may follow an argument; true when another argument follows.</summary>
    private bool ParseArgumentModifiers(ref List<Expr>? argOrder)
    {
        while (true)
        {
            if (AcceptOp(","))
            {
                return true;
            }

            if (IsKw("FROM") || IsKw("FOR") || IsKw("IN") || IsKw("PLACING"))
            {
                _pos++;
                return true;
            }

            if (AcceptKw("SEPARATOR"))
            {
                ParseExpr();
                continue;
            }

            if (AcceptKw("USING"))
            {
                _pos++;
                continue;
            }

            if (IsKw("ORDER") && IsKw("BY", 1))
            {
                _pos += 2;
                argOrder = ParseOrderList();
                continue;
            }

            if ((IsKw("IGNORE") || IsKw("RESPECT")) && IsKw("NULLS", 1))
            {
                _pos += 2;
                continue;
            }

            if (AcceptKw("LIMIT"))
            {
                ParseExpr();
                continue;
            }

            if ((IsKw("ON") && IsKw("OVERFLOW", 1)) || (IsKw("HAVING") && (IsKw("MAX", 1) || IsKw("MIN", 1))) || IsKw("RETURNING") || IsKw("NULL") || IsKw("ABSENT") || IsKw("WITH"))
            {
                while (!AtEnd && !IsOp(")"))
                {
                    SkipOne();
                }
            }

            return false;
        }
    }

    private static void ReplaceDateParts(FunctionExpr function)
    {
        var args = function.Args;
        if (args.Count == 0)
        {
            return;
        }

        if (FirstArgDatePart.Contains(function.Name) && IsDatePart(args[0]))
        {
            args[0] = LiteralExpr.Instance;
        }

        if (args.Count >= 2 && LastArgDatePart.Contains(function.Name) && IsDatePart(args[^1]))
        {
            args[^1] = LiteralExpr.Instance;
        }
    }

    private static bool IsDatePart(Expr e) => e switch
    {
        ColumnExpr { Parts.Length: 1 } c => !c.Parts[0].Quoted && DateParts.Contains(c.Parts[0].Value),
        FunctionExpr f => f.Name is "WEEK" or "ISOWEEK",
        _ => false,
    };

    private WindowSpec ParseWindowSpec()
    {
        ExpectOp("(");
        string? baseName = null;
        if (IsIdentifierToken(Peek()) && !IsKw("PARTITION") && !IsKw("ORDER") && !IsKw("ROWS") && !IsKw("RANGE") && !IsKw("GROUPS"))
        {
            baseName = ParseIdentifier().Value;
        }

        var partition = new List<Expr>();
        if (IsKw("PARTITION") && IsKw("BY", 1))
        {
            _pos += 2;
            partition = ParseExprList();
        }

        var order = new List<Expr>();
        if (IsKw("ORDER") && IsKw("BY", 1))
        {
            _pos += 2;
            order = ParseOrderList();
        }

        while (!AtEnd && !IsOp(")"))
        {
            SkipOne();
        }

        ExpectOp(")");
        return new WindowSpec { BaseName = baseName, PartitionBy = partition, OrderBy = order };
    }
}
