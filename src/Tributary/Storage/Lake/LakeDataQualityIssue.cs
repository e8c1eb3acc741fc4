namespace Tributary.Storage.Lake;

/// <summary>
/// One row of <c>data_quality_issues</c>: the pattern document's record of a data-quality issue (affected table,
/// issue type, root-cause table, root cause, detected at), with the incident's id, status and who to notify.
/// </summary>
/// <param name="IssueId">The incident's id (<c>inc-…</c>).</param>
/// <param name="AffectedTable">The dataset with the problem as <c>namespace:name</c>, or the failed job's <c>namespace:name</c>.</param>
/// <param name="IssueType">What opened it: <c>failed-assertion</c>, <c>failed-run</c>, <c>volume-drop</c> or <c>schema-change</c>.</param>
/// <param name="DetectedAt">When it was first seen (event time).</param>
public sealed record LakeDataQualityIssue(string IssueId, string AffectedTable, string IssueType, DateTimeOffset DetectedAt)
{
    /// <summary>The check that failed (assertion name, <c>run</c>, <c>volume</c> or <c>schema</c>).</summary>
    public string? CheckName { get; init; }

    /// <summary>The column the check tested, or null.</summary>
    public string? ColumnName { get; init; }

    /// <summary>The problem in words.</summary>
    public string? Description { get; init; }

    /// <summary><c>low</c>, <c>medium</c>, <c>high</c> or <c>critical</c>.</summary>
    public string? Severity { get; init; }

    /// <summary><c>open</c> or <c>resolved</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The top root-cause candidate as <c>namespace:name</c> (a dataset or job), or null when none was found.</summary>
    public string? RootCauseTable { get; init; }

    /// <summary>The strongest evidence against the root-cause candidate, in words.</summary>
    public string? RootCause { get; init; }

    /// <summary>When it was resolved, or null while open.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>The owners to notify as a JSON array of names.</summary>
    public string OwnersToNotify { get; init; } = "[]";
}
