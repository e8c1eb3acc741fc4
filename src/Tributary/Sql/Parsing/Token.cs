namespace Tributary.Sql.Parsing;

/// <summary>The kinds of SQL tokens; keywords are identifiers the parser recognises by text.</summary>
internal enum TokenKind : byte
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Operator,
    Parameter,
    Semicolon,
    End,
}

/// <summary>What an unquoted word can be, decided once per distinct spelling so the parser tests bits, not hash sets.</summary>
[Flags]
internal enum WordFlags : ushort
{
    None = 0,
    Reserved = 1,
    StatementStart = 2,
    NonColumn = 4,
    ExpressionKeyword = 8,
    TypedLiteral = 16,
    Niladic = 32,
    Binary = 64,
    IntervalUnit = 128,
}

/// <summary>One token: its kind, its text (unquoted and unescaped for identifiers and strings) and where it starts.</summary>
internal readonly struct Token(TokenKind kind, string text, int start, int end, int line, int column, WordFlags flags = WordFlags.None)
{
    public TokenKind Kind { get; } = kind;

    /// <summary>Keyword classes of an unquoted word; none for anything else.</summary>
    public WordFlags Flags { get; } = flags;

    public bool Has(WordFlags flag) => (Flags & flag) != 0;

    public string Text { get; } = text;

    public int Start { get; } = start;

    public int End { get; } = end;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public bool IsWord => Kind == TokenKind.Identifier;

    public bool Is(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsOp(string op) => Kind == TokenKind.Operator && string.Equals(Text, op, StringComparison.Ordinal);

    public override string ToString() => Kind + " " + Text;
}
