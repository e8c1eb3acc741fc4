namespace Tributary.Sql.Parsing;

/// <summary>Thrown inside the parser when a statement cannot be parsed; caught per statement and turned into a diagnostic.</summary>
internal sealed class SqlParseException(string message, int tokenIndex) : Exception(message)
{
    /// <summary>The index of the offending token in the script's token list.</summary>
    public int TokenIndex { get; } = tokenIndex;
}
