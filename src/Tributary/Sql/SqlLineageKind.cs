namespace Tributary.Sql;

/// <summary>How a source column's value reaches a target column; when paths disagree the strongest wins.</summary>
public enum SqlLineageKind
{
    /// <summary>The value is passed unchanged (OpenLineage DIRECT/IDENTITY).</summary>
    Identity = 0,

    /// <summary>The value is computed from the source (a function, an operator, a cast; DIRECT/TRANSFORMATION).</summary>
    Transformation = 1,

    /// <summary>An aggregate or window function is on the path (DIRECT/AGGREGATION).</summary>
    Aggregation = 2,
}
