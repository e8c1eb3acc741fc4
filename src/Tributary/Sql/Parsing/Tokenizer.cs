namespace Tributary.Sql.Parsing;

/// <summary>
/// Turns SQL text into tokens in one pass, dialect-aware: identifier quotes (<c>"</c>, backticks, brackets),
/// string forms (escapes, prefixes, triple quotes, dollar quotes), comments (<c>--</c>, nested block comments,
/// <c>#</c>, <c>//</c>). Comments are dropped; problems (an unterminated string) are reported, not thrown.
/// </summary>
internal sealed class Tokenizer
{
    private readonly string _text;
    private readonly DialectInfo _dialect;
    private readonly List<Token> _tokens;
    private readonly SqlBudget? _budget;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    // One token list per thread, lent to a whole analysis and given back at its end, so analysing statement after
    // statement reuses one array instead of growing a new one each time. Lists past the limit are not kept.
    [ThreadStatic]
    private static List<Token>? t_spare;

    private const int SpareLimit = 1 << 16;

    private readonly bool _lent;

    private Tokenizer(string text, DialectInfo dialect, SqlBudget? budget, bool lend = false)
    {
        _text = text;
        _dialect = dialect;
        _budget = budget;
        if (lend && t_spare is { } spare)
        {
            t_spare = null;
            _tokens = spare;
            _lent = true;
        }
        else
        {
            // Dense SQL has a token every three or four characters: sized for that, a long script's list is made
            // once rather than grown (and copied) into an array twice the size it needs.
            _tokens = new List<Token>(Math.Max(16, text.Length / 3));
            _lent = lend;
        }
    }

    /// <summary>
    /// Tokenizes a whole analysis's text with this thread's reusable token list; <see cref="Release"/> gives the list
    /// back when nothing reads the tokens any more.
    /// </summary>
    public static Tokenizer RunLent(string text, DialectInfo dialect, SqlBudget? budget)
    {
        var tokenizer = new Tokenizer(text, dialect, budget, lend: true);
        tokenizer.Scan();
        return tokenizer;
    }

    /// <summary>Gives the token list of <see cref="RunLent"/> back to this thread; the tokens must not be read after.</summary>
    public void Release()
    {
        if (_lent && _tokens.Capacity <= SpareLimit)
        {
            _tokens.Clear();
            t_spare = _tokens;
        }
    }

    /// <summary>Problems found, as (token index the problem belongs before, line, column, message).</summary>
    public List<(int TokenIndex, int Line, int Column, string Message)> Errors { get; } = [];

    public static Tokenizer Run(string text, DialectInfo dialect, SqlBudget? budget = null)
    {
        var tokenizer = new Tokenizer(text, dialect, budget);
        tokenizer.Scan();
        return tokenizer;
    }

    /// <summary>
    /// Tokenizes SQL embedded in a larger text (a procedure body in a string, the query of UNLOAD): offsets, lines
    /// and columns are those of the larger text, given where <paramref name="text"/> starts in it.
    /// </summary>
    public static Tokenizer Run(string text, DialectInfo dialect, SqlBudget? budget, int baseOffset, int baseLine, int baseColumn)
    {
        var tokenizer = Run(text, dialect, budget);
        var tokens = tokenizer._tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            tokens[i] = new Token(t.Kind, t.Text, t.Start + baseOffset, t.End + baseOffset, t.Line + baseLine - 1, t.Line == 1 ? t.Column + baseColumn - 1 : t.Column, t.Flags);
        }

        var errors = tokenizer.Errors;
        for (var i = 0; i < errors.Count; i++)
        {
            var (index, line, column, message) = errors[i];
            errors[i] = (index, line + baseLine - 1, line == 1 ? column + baseColumn - 1 : column, message);
        }

        return tokenizer;
    }

    public List<Token> Tokens => _tokens;

    private void Scan()
    {
        var text = _text;
        while (_pos < text.Length)
        {
            _budget?.Tick();
            var c = text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
                continue;
            }

            if (c is ' ' or '\t' or '\r')
            {
                // Indentation comes in runs: skipped in a local, not one field write and loop turn per character.
                var blank = _pos + 1;
                while (blank < text.Length && text[blank] is ' ' or '\t' or '\r')
                {
                    blank++;
                }

                _pos = blank;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                _pos++;
                continue;
            }

            var start = _pos;
            var line = _line;
            var column = start - _lineStart + 1;
            var next = _pos + 1 < text.Length ? text[_pos + 1] : '\0';

            if ((c == '-' && next == '-') || (c == '#' && _dialect.HashComments && !(_dialect.IsTSql)) || (c == '/' && next == '/' && _dialect.SlashSlashComments))
            {
                while (_pos < text.Length && text[_pos] != '\n')
                {
                    _pos++;
                }

                continue;
            }

            if (c == '/' && next == '*')
            {
                SkipBlockComment(line, column);
                continue;
            }

            if (c == '\'')
            {
                ScanString(start, line, column, '\'', _dialect.BackslashEscapes);
                continue;
            }

            if (c == '"')
            {
                if (_dialect.DoubleQuoteIsIdentifier)
                {
                    ScanQuotedIdentifier(start, line, column, '"');
                }
                else
                {
                    ScanString(start, line, column, '"', _dialect.BackslashEscapes);
                }

                continue;
            }

            if (c == '`')
            {
                ScanQuotedIdentifier(start, line, column, '`');
                continue;
            }

            if (c == '[' && _dialect.BracketIsIdentifier)
            {
                ScanQuotedIdentifier(start, line, column, ']');
                continue;
            }

            if (char.IsDigit(c) || (c == '.' && char.IsDigit(next) && !PreviousEndsValue()))
            {
                ScanNumber(start, line, column);
                continue;
            }

            if (c == '$')
            {
                if (_dialect.DollarQuotes && TryScanDollarString(start, line, column))
                {
                    continue;
                }

                _pos++;
                while (_pos < text.Length && IsIdentifierPart(text[_pos]))
                {
                    _pos++;
                }

                Add(TokenKind.Parameter, text[start.._pos], start, line, column);
                continue;
            }

            if (c == '#' && _dialect.IsTSql && (IsIdentifierStart(next) || next == '#'))
            {
                _pos++;
                if (text[_pos] == '#')
                {
                    _pos++;
                }

                while (_pos < text.Length && IsIdentifierPart(text[_pos]))
                {
                    _pos++;
                }

                Add(TokenKind.Identifier, text[start.._pos], start, line, column);
                continue;
            }

            if (c == '@')
            {
                _pos++;
                if (_pos < text.Length && text[_pos] == '@')
                {
                    _pos++;
                }

                while (_pos < text.Length && (IsIdentifierPart(text[_pos]) || (_dialect.Dialect == SqlDialect.Snowflake && text[_pos] is '.' or '/' or '~' or '%')))
                {
                    _pos++;
                }

                if (_pos == start + 1)
                {
                    Add(TokenKind.Operator, "@", start, line, column);
                }
                else
                {
                    Add(TokenKind.Parameter, text[start.._pos], start, line, column);
                }

                continue;
            }

            if (IsIdentifierStart(c))
            {
                var end = _pos + 1;
                while (end < text.Length && IsIdentifierPart(text[end]))
                {
                    end++;
                }

                _pos = end;

                // String prefixes: E'..', N'..', X'..', B'..', R'..', RB'..', U&'..'.
                if (_pos < text.Length && (text[_pos] == '\'' || (text[_pos] == '"' && !_dialect.DoubleQuoteIsIdentifier)) && _pos - start <= 2 && IsStringPrefix(start, _pos))
                {
                    var quote = text[_pos];
                    var raw = char.ToUpperInvariant(text[start]) == 'R' || (_pos - start == 2 && char.ToUpperInvariant(text[start + 1]) == 'R');
                    var escapes = !raw && (_dialect.BackslashEscapes || char.ToUpperInvariant(text[start]) == 'E');
                    ScanString(start, line, column, quote, escapes, _pos);
                    continue;
                }

                if (_pos < text.Length && text[_pos] == '&' && _pos - start == 1 && char.ToUpperInvariant(text[start]) == 'U' && _pos + 1 < text.Length && text[_pos + 1] == '\'')
                {
                    ScanString(start, line, column, '\'', false, _pos + 1);
                    continue;
                }

                var word = Intern(start, _pos, out var flags);
                _tokens.Add(new Token(TokenKind.Identifier, word, start, _pos, line, column, flags));
                continue;
            }

            if (c == ';')
            {
                _pos++;
                Add(TokenKind.Semicolon, ";", start, line, column);
                continue;
            }

            ScanOperator(start, line, column);
        }

        _tokens.Add(new Token(TokenKind.End, "", text.Length, text.Length, _line, text.Length - _lineStart + 1));
    }

    private bool PreviousEndsValue()
    {
        if (_tokens.Count == 0)
        {
            return false;
        }

        var last = _tokens[^1];
        return last.End == _pos && (last.Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier || last.IsOp(")") || last.IsOp("]"));
    }

    private bool IsStringPrefix(int start, int end)
    {
        var a = char.ToUpperInvariant(_text[start]);
        if (end - start == 1)
        {
            return a is 'E' or 'N' or 'X' or 'B' or 'R';
        }

        var b = char.ToUpperInvariant(_text[start + 1]);
        return (a == 'R' && b == 'B') || (a == 'B' && b == 'R');
    }

    /// <summary>One string per distinct identifier spelling (names repeat, and the analysis keys on them), with its keyword classes.</summary>
    private string Intern(int start, int end, out WordFlags flags)
    {
        var span = _text.AsSpan(start, end - start);
        if (_dialect.Dialect == SqlDialect.Teradata && span.Length == 3 && TeradataAbbreviation(span) is { } keyword)
        {
            // Teradata's abbreviations are the keywords themselves.
            return WordCache.Intern(keyword, out flags);
        }

        return WordCache.Intern(span, out flags);
    }

    private static string? TeradataAbbreviation(ReadOnlySpan<char> word) =>
        word.Equals("SEL", StringComparison.OrdinalIgnoreCase) ? "SELECT"
        : word.Equals("INS", StringComparison.OrdinalIgnoreCase) ? "INSERT"
        : word.Equals("UPD", StringComparison.OrdinalIgnoreCase) ? "UPDATE"
        : word.Equals("DEL", StringComparison.OrdinalIgnoreCase) ? "DELETE"
        : null;

    // ASCII first: nearly every character of SQL is, and the general Unicode test is the slow path.
    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || (c > '\x7f' && char.IsLetter(c));

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$' || (c > '\x7f' && char.IsLetterOrDigit(c));

    private void Add(TokenKind kind, string text, int start, int line, int column) =>
        _tokens.Add(new Token(kind, text, start, _pos, line, column));

    private void Error(int line, int column, string message) => Errors.Add((_tokens.Count, line, column, message));

    private void NewLine(int at)
    {
        _line++;
        _lineStart = at + 1;
    }

    private void SkipBlockComment(int line, int column)
    {
        var text = _text;
        var depth = 0;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '*')
            {
                if (depth == 0 || _dialect.NestedComments)
                {
                    depth++;
                }

                _pos += 2;
                continue;
            }

            if (c == '*' && _pos + 1 < text.Length && text[_pos + 1] == '/')
            {
                _pos += 2;
                if (--depth == 0)
                {
                    return;
                }

                continue;
            }

            if (c == '\n')
            {
                NewLine(_pos);
            }

            _pos++;
        }

        Error(line, column, "unterminated block comment");
    }

    private void ScanString(int start, int line, int column, char quote, bool backslash, int? quoteAt = null)
    {
        var text = _text;
        _pos = quoteAt ?? start;
        if (_dialect.TripleQuotes && _pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote)
        {
            var close = new string(quote, 3);
            var end = text.IndexOf(close, _pos + 3, StringComparison.Ordinal);
            if (end < 0)
            {
                CountNewLines(_pos, text.Length);
                _pos = text.Length;
                Error(line, column, "unterminated string literal");
                Add(TokenKind.String, "", start, line, column);
                return;
            }

            CountNewLines(_pos, end);
            var value = text[(_pos + 3)..end];
            _pos = end + 3;
            Add(TokenKind.String, value, start, line, column);
            return;
        }

        _pos++;
        var contentStart = _pos;
        System.Text.StringBuilder? sb = null;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == quote)
            {
                if (_pos + 1 < text.Length && text[_pos + 1] == quote)
                {
                    sb ??= new System.Text.StringBuilder().Append(text, contentStart, _pos - contentStart);
                    sb.Append(quote);
                    _pos += 2;
                    continue;
                }

                var value = sb?.ToString() ?? text[contentStart.._pos];
                _pos++;
                Add(TokenKind.String, value, start, line, column);
                return;
            }

            if (c == '\\' && backslash && _pos + 1 < text.Length)
            {
                sb ??= new System.Text.StringBuilder().Append(text, contentStart, _pos - contentStart);
                sb.Append(text[_pos + 1]);
                if (text[_pos + 1] == '\n')
                {
                    NewLine(_pos + 1);
                }

                _pos += 2;
                continue;
            }

            if (c == '\n')
            {
                NewLine(_pos);
            }

            sb?.Append(c);
            _pos++;
        }

        Error(line, column, "unterminated string literal");
        Add(TokenKind.String, "", start, line, column);
    }

    private void ScanQuotedIdentifier(int start, int line, int column, char close)
    {
        var text = _text;
        _pos++;
        var contentStart = _pos;
        System.Text.StringBuilder? sb = null;
        while (_pos < text.Length)
        {
            var c = text[_pos];
            if (c == close)
            {
                if (_pos + 1 < text.Length && text[_pos + 1] == close)
                {
                    sb ??= new System.Text.StringBuilder().Append(text, contentStart, _pos - contentStart);
                    sb.Append(close);
                    _pos += 2;
                    continue;
                }

                var value = sb?.ToString() ?? text[contentStart.._pos];
                _pos++;
                Add(TokenKind.QuotedIdentifier, value, start, line, column);
                return;
            }

            if (c == '\n')
            {
                NewLine(_pos);
            }

            sb?.Append(c);
            _pos++;
        }

        Error(line, column, "unterminated quoted identifier");
        Add(TokenKind.QuotedIdentifier, text[contentStart..], start, line, column);
    }

    private bool TryScanDollarString(int start, int line, int column)
    {
        var text = _text;
        var tagEnd = start + 1;
        while (tagEnd < text.Length && (char.IsLetterOrDigit(text[tagEnd]) || text[tagEnd] == '_'))
        {
            tagEnd++;
        }

        if (tagEnd >= text.Length || text[tagEnd] != '$' || (tagEnd > start + 1 && char.IsDigit(text[start + 1])))
        {
            return false;
        }

        var tag = text[start..(tagEnd + 1)];
        var end = text.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
        if (end < 0)
        {
            CountNewLines(start, text.Length);
            _pos = text.Length;
            Error(line, column, "unterminated dollar-quoted string");
            Add(TokenKind.String, "", start, line, column);
            return true;
        }

        CountNewLines(start, end);
        var value = text[(tagEnd + 1)..end];
        _pos = end + tag.Length;
        Add(TokenKind.String, value, start, line, column);
        return true;
    }

    private void CountNewLines(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (_text[i] == '\n')
            {
                NewLine(i);
            }
        }
    }

    private void ScanNumber(int start, int line, int column)
    {
        var text = _text;
        if (text[_pos] == '0' && _pos + 1 < text.Length && (text[_pos + 1] is 'x' or 'X'))
        {
            _pos += 2;
            while (_pos < text.Length && char.IsAsciiHexDigit(text[_pos]))
            {
                _pos++;
            }

            Add(TokenKind.Number, text[start.._pos], start, line, column);
            return;
        }

        while (_pos < text.Length && char.IsDigit(text[_pos]))
        {
            _pos++;
        }

        if (_pos < text.Length && text[_pos] == '.' && !(_pos + 1 < text.Length && text[_pos + 1] == '.'))
        {
            _pos++;
            while (_pos < text.Length && char.IsDigit(text[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < text.Length && (text[_pos] is 'e' or 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < text.Length && (text[_pos] is '+' or '-'))
            {
                _pos++;
            }

            if (_pos < text.Length && char.IsDigit(text[_pos]))
            {
                while (_pos < text.Length && char.IsDigit(text[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        // Identifiers may start with digits in some dialects (Hive, MySQL: 1st_col); keep them whole.
        if (_pos < text.Length && IsIdentifierStart(text[_pos]))
        {
            while (_pos < text.Length && IsIdentifierPart(text[_pos]))
            {
                _pos++;
            }

            Add(TokenKind.Identifier, text[start.._pos], start, line, column);
            return;
        }

        Add(TokenKind.Number, text[start.._pos], start, line, column);
    }

    private void ScanOperator(int start, int line, int column)
    {
        var text = _text;
        var c = text[_pos];
        var n1 = _pos + 1 < text.Length ? text[_pos + 1] : '\0';
        var n2 = _pos + 2 < text.Length ? text[_pos + 2] : '\0';
        string? op = c switch
        {
            '-' when n1 == '>' => n2 == '>' ? "->>" : "->",
            '#' when n1 == '>' => n2 == '>' ? "#>>" : "#>",
            '<' when n1 == '=' => n2 == '>' ? "<=>" : "<=",
            '<' when n1 == '>' => "<>",
            '<' when n1 == '<' => "<<",
            '<' when n1 == '@' => "<@",
            '>' when n1 == '=' => ">=",
            '>' when n1 == '>' => ">>",
            '!' when n1 == '~' => n2 == '*' ? "!~*" : "!~",
            '!' when n1 == '=' => "!=",
            ':' when n1 == ':' => "::",
            ':' when n1 == '=' => ":=",
            '|' when n1 == '|' => "||",
            '=' when n1 == '>' => "=>",
            '=' when n1 == '=' => "==",
            '@' when n1 == '>' => "@>",
            '&' when n1 == '&' => "&&",
            '~' when n1 == '*' => "~*",
            '*' when n1 == '*' => "**",
            '(' => "(",
            ')' => ")",
            ',' => ",",
            '.' => ".",
            '*' => "*",
            '=' => "=",
            '<' => "<",
            '>' => ">",
            '+' => "+",
            '-' => "-",
            '/' => "/",
            '%' => "%",
            '[' => "[",
            ']' => "]",
            '{' => "{",
            '}' => "}",
            ':' => ":",
            '?' => "?",
            '!' => "!",
            '~' => "~",
            '^' => "^",
            '&' => "&",
            '|' => "|",
            '#' => "#",
            _ => null,
        };
        op ??= c.ToString();
        _pos += op.Length;
        Add(op == "?" ? TokenKind.Parameter : TokenKind.Operator, op, start, line, column);
    }
}
