namespace Tributary.Model;

/// <summary>Static metadata about a dataset (schema, owners, ...) outside any run.</summary>
public sealed record DatasetEvent : LineageEvent
{
    /// <summary>The dataset and its facets.</summary>
    public required Dataset Dataset { get; init; }
}
