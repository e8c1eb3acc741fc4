namespace Tributary.Server.Hosting;

/// <summary>One problem with a request, in a problem details' <c>errors</c> list.</summary>
/// <param name="Path">The JSON path of the offending value, such as <c>$.run.runId</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ProblemError(string Path, string Message);
