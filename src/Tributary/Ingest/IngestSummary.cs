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
        };
    }

    /// <summary>A one-line summary: <c>12 accepted, 3 duplicates, 1 rejected</c>.</summary>
    public override string ToString() => $"{Accepted} accepted, {Duplicates} duplicates, {Rejected.Count} rejected";
}
