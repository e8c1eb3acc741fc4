namespace Tributary.Query;

/// <summary>What counts as personal data and how far its flow is followed.</summary>
public sealed record PiiOptions
{
    /// <summary>The defaults: tag key <c>pii</c>, no name patterns, DIRECT flows only, 20 hops.</summary>
    public static PiiOptions Default { get; } = new();

    /// <summary>Tag keys that mark a field (or every field of a dataset) as personal data, case-insensitive (default <c>pii</c>); a value of false, no or 0 does not.</summary>
    public IReadOnlyList<string> TagKeys { get; init; } = ["pii"];

    /// <summary>Globs over field names that mark personal data, for example <c>*email*</c> (case-insensitive; default none).</summary>
    public IReadOnlyList<string> FieldPatterns { get; init; } = [];

    /// <summary>When true, INDIRECT column lineage (joins, filters, ...) counts as flow too (default false: only values that flow).</summary>
    public bool IncludeIndirect { get; init; }

    /// <summary>How many column hops to follow from each personal-data field (default 20).</summary>
    public int MaxDepth { get; init; } = 20;
}
