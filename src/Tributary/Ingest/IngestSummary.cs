namespace Tributary.Ingest;

/// <summary>The totals of ingesting many events, with every rejected one and why.</summary>
public sealed record IngestSummary
{
    /// <summary>Events stored.</summary>
    public int Accepted { get; init; }

    /// <summary>Events already stored, which changed nothing.</summary>
    public int Duplicates { get; init; }

    /// <summary>The events that were not valid, each with its position and errors.</summary>
    public IReadOnlyList<IngestResult> Rejected { get; init; } = [];

    /// <summary>How many of the events taken (accepted or duplicates) were read with warnings.</summary>
    public int Warned { get; init; }

    /// <summary>
    /// The first <see cref="WarnedKept"/> of the events counted in <see cref="Warned"/>, in input order, each with its
    /// warnings: a long file whose every event lacks a <c>schemaURL</c> would otherwise keep a warning per event.
    /// </summary>
    public IReadOnlyList<WarnedEvent> WarnedEvents { get; init; } = [];

    /// <summary>How many warned events a summary keeps (<see cref="WarnedEvents"/>); the rest are only counted.</summary>
    public const int WarnedKept = 100;

    /// <summary>Every event looked at.</summary>
    public int Total => Accepted + Duplicates + Rejected.Count;

    /// <summary>Adds two summaries, for example of several files.</summary>
    public static IngestSummary operator +(IngestSummary left, IngestSummary right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new IngestSummary
        {
            Accepted = left.Accepted + right.Accepted,
            Duplicates = left.Duplicates + right.Duplicates,
            Rejected = [.. left.Rejected, .. right.Rejected],
            Warned = left.Warned + right.Warned,
            WarnedEvents = left.WarnedEvents.Count >= WarnedKept || right.WarnedEvents.Count == 0
                ? left.WarnedEvents
                : [.. left.WarnedEvents, .. right.WarnedEvents.Take(WarnedKept - left.WarnedEvents.Count)],
        };
    }

    /// <summary>A one-line summary: <c>12 accepted, 3 duplicates, 1 rejected</c>.</summary>
    public override string ToString() => $"{Accepted} accepted, {Duplicates} duplicates, {Rejected.Count} rejected";
}
