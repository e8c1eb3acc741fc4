using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Marks an interface method whose calls are tracked as runs when the implementation is wrapped with
/// <see cref="LineageTracker.Wrap{TInterface}"/> (the first source document's <c>@track_lineage</c>). Dataset
/// names may take arguments by parameter name, as in <c>"equity_bars/{symbol}"</c>.
/// </summary>
/// <example>
/// <code>
/// public interface IEquityBarRepository
/// {
///     [TrackLineage(OperationType.Write, Outputs = ["equity_bars/{symbol}"])]
///     void SaveDailyBars(IReadOnlyList&lt;Bar&gt; bars, string symbol);
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, Inherited = false, AllowMultiple = false)]
public sealed class TrackLineageAttribute : Attribute
{
    /// <summary>Marks the method as a tracked operation of the given type.</summary>
    public TrackLineageAttribute(OperationType operationType)
    {
        OperationType = operationType;
    }

    /// <summary>The kind of work the method does, reported in the <c>tributary_operation</c> run facet.</summary>
    public OperationType OperationType { get; }

    /// <summary>The job name. Default: null, meaning <c>Repository.Method</c> (the repository name given to Wrap, by default the interface name without its <c>I</c>).</summary>
    public string? Job { get; set; }

    /// <summary>The job namespace. Default: null, meaning <see cref="TrackerOptions.Namespace"/>.</summary>
    public string? Namespace { get; set; }

    /// <summary>Names of the datasets the method reads; <c>{parameter}</c> is replaced by that argument's value. Default: none.</summary>
    public string[] Inputs { get; set; } = [];

    /// <summary>Names of the datasets the method writes; <c>{parameter}</c> is replaced by that argument's value. Default: none.</summary>
    public string[] Outputs { get; set; } = [];

    /// <summary>The namespace of <see cref="Inputs"/> and <see cref="Outputs"/>. Default: null, meaning <see cref="TrackerOptions.DatasetNamespace"/>.</summary>
    public string? DatasetNamespace { get; set; }
}
