namespace Tributary.Query;

/// <summary>How run performance statistics are grouped.</summary>
public enum PerformanceGrouping
{
    /// <summary>One row per job.</summary>
    Job,

    /// <summary>One row per operation type (the <c>tributary_operation</c> facet; runs without one are <c>unknown</c>).</summary>
    OperationType,

    /// <summary>One row for every run chosen (key <c>all</c>, or the operation type when one is asked for).</summary>
    All,
}
