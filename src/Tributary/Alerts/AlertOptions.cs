namespace Tributary.Alerts;

/// <summary>How alerts are delivered: how long a target may take to answer, and how retries back off.</summary>
public sealed record AlertOptions
{
    /// <summary>How long one attempt waits for an answer before it counts as failed (default 10 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after the first failed attempt; each further failure doubles it (default 2 s).</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts (default 5 minutes); alerts are retried until delivered.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(5);
}
