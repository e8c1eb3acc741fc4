namespace Tributary.Sql;

/// <summary>A problem found while analysing SQL, with where it is.</summary>
/// <param name="Line">The 1-based line of the problem.</param>
/// <param name="Column">The 1-based column of the problem.</param>
/// <param name="Message">What is wrong, in plain words.</param>
/// <param name="Snippet">The source line around the problem, for display.</param>
/// <param name="IsError">True when the statement could not be analysed; false for a warning about a skipped part.</param>
public sealed record SqlDiagnostic(int Line, int Column, string Message, string Snippet, bool IsError = true)
{
    /// <summary>Returns <c>line:column: message</c> followed by the snippet.</summary>
    public override string ToString() => $"{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}" + (Snippet.Length > 0 ? " near `" + Snippet + "`" : "");
}
