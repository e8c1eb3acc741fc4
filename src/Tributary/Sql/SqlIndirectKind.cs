namespace Tributary.Sql;

/// <summary>How a column influences a result without its value flowing into it (OpenLineage INDIRECT subtypes).</summary>
public enum SqlIndirectKind
{
    /// <summary>Used in a join condition (INDIRECT/JOIN).</summary>
    Join,

    /// <summary>Used in WHERE, HAVING, QUALIFY, a semi-join or the right side of EXCEPT (INDIRECT/FILTER).</summary>
    Filter,

    /// <summary>Used as a grouping key (INDIRECT/GROUP_BY).</summary>
    GroupBy,

    /// <summary>Used in ORDER BY (INDIRECT/SORT).</summary>
    Sort,

    /// <summary>Used as a window partition or order key (INDIRECT/WINDOW).</summary>
    Window,

    /// <summary>Used in the condition of CASE, IF or IIF (INDIRECT/CONDITIONAL).</summary>
    Conditional,
}
