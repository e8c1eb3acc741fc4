using Tributary.Ingest;

namespace Tributary.Server.Api;

/// <summary>The answer to an accepted (201) or duplicate (200) event.</summary>
/// <param name="Status"><c>accepted</c> or <c>duplicate</c>.</param>
/// <param name="Sequence">The event's sequence number in the store (for a duplicate, the first copy's).</param>
/// <param name="Warnings">What was accepted leniently, each with its JSON path.</param>
public sealed record EventAccepted(string Status, long Sequence, IReadOnlyList<string> Warnings)
{
    internal static EventAccepted From(IngestResult result) => new(
        result.Outcome == IngestOutcome.Accepted ? "accepted" : "duplicate",
        result.Sequence,
        [.. result.Warnings.Select(w => w.ToString())]);
}

/// <summary>The OpenLineage batch response: <c>success</c> or <c>partial_success</c>, counts, and each failed event.</summary>
/// <param name="Status"><c>success</c> when every event was stored (or already was), <c>partial_success</c> otherwise.</param>
/// <param name="Summary">The counts.</param>
/// <param name="Failed_events">The events not stored, with why: the first 1,000 of them, so that the answer stays small.</param>
public sealed record BatchResponse(string Status, BatchSummary Summary, IReadOnlyList<FailedEvent> Failed_events)
{
    /// <summary>How many failed events are not listed in <see cref="Failed_events"/> (they are counted in the summary).</summary>
    public int Failed_events_omitted { get; init; }
}

/// <summary>The counts of a batch.</summary>
/// <param name="Received">Events in the batch.</param>
/// <param name="Successful">Events stored now or already stored.</param>
/// <param name="Failed">Events rejected.</param>
/// <param name="Retriable">Rejected events worth sending again (always 0: a rejected event is invalid).</param>
/// <param name="Non_retriable">Rejected events that will fail again unchanged.</param>
/// <param name="Duplicates">Of the successful events, those already stored before, which changed nothing (not in the spec; Tributary's).</param>
public sealed record BatchSummary(int Received, int Successful, int Failed, int Retriable, int Non_retriable, int Duplicates);

/// <summary>One rejected event of a batch.</summary>
/// <param name="Index">Its 0-based position in the array.</param>
/// <param name="Reason">Why, with JSON paths relative to the batch (<c>$[3].run.runId</c>).</param>
/// <param name="Retriable">Whether sending it again could work (false).</param>
/// <param name="Errors">Each problem with its path: the first 10, each message at most 500 characters; <c>Reason</c> says how many more.</param>
public sealed record FailedEvent(int Index, string Reason, bool Retriable, IReadOnlyList<Tributary.Server.Hosting.ProblemError> Errors);
