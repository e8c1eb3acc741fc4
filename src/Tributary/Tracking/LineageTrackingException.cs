namespace Tributary.Tracking;

/// <summary>
/// Thrown only in audit mode (<see cref="TrackerOptions.ThrowOnFailure"/>): lineage could not be recorded, and the
/// host asked to be told rather than carry on without it.
/// </summary>
public sealed class LineageTrackingException : Exception
{
    /// <summary>Creates the exception for the given failures; the first failure's exception becomes the inner exception.</summary>
    public LineageTrackingException(IReadOnlyList<TrackingFailure> failures)
        : base(Describe(failures), failures is [var first, ..] ? first.Exception : null)
    {
        Failures = failures;
    }

    /// <summary>The failures, in the order they happened.</summary>
    public IReadOnlyList<TrackingFailure> Failures { get; }

    private static string Describe(IReadOnlyList<TrackingFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return failures.Count switch
        {
            0 => "Lineage tracking failed.",
            1 => "Lineage tracking failed: " + failures[0],
            _ => $"Lineage tracking failed {failures.Count} times; first: {failures[0]}",
        };
    }
}
