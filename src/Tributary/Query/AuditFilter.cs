using Tributary.Model;

namespace Tributary.Query;

/// <summary>Which runs an audit trail covers; unset criteria match all.</summary>
public sealed record AuditFilter
{
    /// <summary>Only runs that read or wrote this dataset (or one of its aliases), or null.</summary>
    public DatasetId? Dataset { get; init; }

    /// <summary>Only runs active at or after this moment, or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only runs that started before this moment, or null.</summary>
    public DateTimeOffset? To { get; init; }
}
