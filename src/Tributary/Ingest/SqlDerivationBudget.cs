namespace Tributary.Ingest;

/// <summary>
/// How much work deriving column lineage from one event's SQL may take. A statement past either limit gets no derived
/// lineage and a warning; it never holds up the event, the graph or other producers.
/// </summary>
public sealed record SqlDerivationBudget
{
    /// <summary>The defaults: 5 seconds and 2,000,000 characters of SQL.</summary>
    public static SqlDerivationBudget Default { get; } = new();

    /// <summary>The most time the analysis of one event's SQL may take. Default 5 seconds.</summary>
    public TimeSpan Time { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest SQL text (characters) analysed; longer ones are not read at all. Default 2,000,000.</summary>
    public int MaxLength { get; init; } = 2_000_000;
}
