namespace Tributary.Json;

/// <summary>One problem found in an event: where (a JSON path such as <c>$.run.runId</c>) and what.</summary>
/// <param name="Path">The JSON path of the offending value, starting at <c>$</c> for the event itself.</param>
/// <param name="Message">What is wrong, in words a producer's author can act on.</param>
public sealed record LineageError(string Path, string Message)
{
    /// <summary>Returns <c>path: message</c>.</summary>
    public override string ToString() => Path + ": " + Message;
}
