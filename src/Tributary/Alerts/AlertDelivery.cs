namespace Tributary.Alerts;

/// <summary>One alert in the outbox: what it is about, where it goes, and how delivering it went.</summary>
/// <param name="Key">The idempotency key: the same for every attempt, in the body and the <c>X-Tributary-Idempotency-Key</c> header.</param>
/// <param name="Subscription">The subscription's id (<c>wh-…</c>).</param>
/// <param name="Url">Where it is sent.</param>
/// <param name="Incident">The incident's id.</param>
/// <param name="Change"><c>opened</c> or <c>resolved</c>.</param>
/// <param name="EnqueuedAt">When it entered the outbox.</param>
public sealed record AlertDelivery(string Key, string Subscription, Uri Url, string Incident, string Change, DateTimeOffset EnqueuedAt)
{
    /// <summary>How many times sending was tried.</summary>
    public int Attempts { get; init; }

    /// <summary>When it was last tried, or null.</summary>
    public DateTimeOffset? LastAttemptAt { get; init; }

    /// <summary>The HTTP status of the last answer, or null when there was none (refused, timed out).</summary>
    public int? LastStatus { get; init; }

    /// <summary>What went wrong the last time, or null.</summary>
    public string? LastError { get; init; }

    /// <summary>When the target accepted it (a 2xx answer), or null while it is pending.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Why it will not be sent (its subscription was removed), or null.</summary>
    public string? Dropped { get; init; }

    /// <summary>When the next attempt is due, or null once delivered or dropped.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary><c>delivered</c>, <c>dropped</c>, <c>retrying</c> (tried and failed) or <c>pending</c> (not tried yet).</summary>
    public string Status => DeliveredAt is not null ? "delivered" : Dropped is not null ? "dropped" : Attempts > 0 ? "retrying" : "pending";
}
