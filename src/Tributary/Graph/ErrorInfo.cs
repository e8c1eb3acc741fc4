namespace Tributary.Graph;

/// <summary>Why a run failed: its error message and, when the producer sent one, the stack trace.</summary>
/// <param name="Message">The error message.</param>
/// <param name="StackTrace">The stack trace, or null.</param>
public sealed record ErrorInfo(string Message, string? StackTrace);
