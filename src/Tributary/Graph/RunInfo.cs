using System.Text.Json.Serialization;
using Tributary.Model;

namespace Tributary.Graph;

/// <summary>One run as accumulated from all its events: state, timing, volumes, errors and what it read and wrote.</summary>
/// <param name="Id">The run.</param>
/// <param name="Job">The job it executed.</param>
public sealed record RunInfo(RunId Id, JobId Job)
{
    /// <summary>The run's latest state; a COMPLETE, FAIL or ABORT is not undone by a late START or RUNNING. Null when no event said.</summary>
    public RunState? State { get; init; }

    /// <summary>The START event's time, or the first event's time when no START arrived.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The COMPLETE, FAIL or ABORT event's time, or null while the run is unfinished.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>From start to end, or null while the run is unfinished.</summary>
    public TimeSpan? Duration => EndedAt is { } end ? end - StartedAt : null;

    /// <summary>The producer URI of the latest event.</summary>
    public string? Producer { get; init; }

    /// <summary>The <c>errorMessage</c> facet's message, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The <c>errorMessage</c> facet's stack trace, or null.</summary>
    public string? StackTrace { get; init; }

    /// <summary>The <c>tributary_operation</c> facet's operation type, or null.</summary>
    public OperationType? OperationType { get; init; }

    /// <summary>The <c>nominalTime</c> facet's scheduled start, or null.</summary>
    public DateTimeOffset? NominalStart { get; init; }

    /// <summary>The <c>nominalTime</c> facet's scheduled end, or null.</summary>
    public DateTimeOffset? NominalEnd { get; init; }

    /// <summary>The <c>parent</c> facet's run, or null.</summary>
    public RunId? ParentRun { get; init; }

    /// <summary>The <c>parent</c> facet's job, or null.</summary>
    public JobId? ParentJob { get; init; }

    /// <summary>The job's SQL as of this run, or null.</summary>
    public string? Sql { get; init; }

    /// <summary>The job version this run finished with, or null while unfinished.</summary>
    public Guid? JobVersion { get; init; }

    /// <summary>The datasets read, with the statistics reported for each, sorted.</summary>
    public IReadOnlyList<RunDatasetInfo> Inputs { get; init; } = [];

    /// <summary>
    /// The parameters of the tracked method call this run stands for (the <c>tributary_parameters</c> run facet), by
    /// name in declaration order, each as recorded text or null; empty for runs that carry none.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Parameters { get; init; } = [];

    /// <summary>The datasets written, with the statistics reported for each, sorted.</summary>
    public IReadOnlyList<RunDatasetInfo> Outputs { get; init; } = [];

    /// <summary>The data-quality assertions that failed, per dataset.</summary>
    public IReadOnlyList<FailedAssertion> FailedAssertions { get; init; } = [];

    /// <summary>
    /// What went wrong (the document's <c>error_info</c>): the <c>errorMessage</c> facet, or for a run that failed or
    /// was aborted without one, its state; null for a run that did not fail.
    /// </summary>
    [JsonIgnore] // the same as ErrorMessage, StackTrace, Inputs and Outputs, which the JSON already carries
    public ErrorInfo? ErrorInfo => ErrorMessage is not null || Failed
        ? new ErrorInfo(ErrorMessage ?? $"the run ended in state {State}", StackTrace)
        : null;

    /// <summary>Records read over every input, or null when no input reported a count.</summary>
    [JsonIgnore]
    public long? InputRecordCount => Sum(Inputs);

    /// <summary>Records written over every output, or null when no output reported a count.</summary>
    [JsonIgnore]
    public long? OutputRecordCount => Sum(Outputs);

    /// <summary>True when the run failed or was aborted.</summary>
    public bool Failed => State is RunState.Fail or RunState.Abort;

    private static long? Sum(IReadOnlyList<RunDatasetInfo> datasets)
    {
        long? total = null;
        foreach (var dataset in datasets)
        {
            if (dataset.RowCount is { } rows)
            {
                total = (total ?? 0) + rows;
            }
        }

        return total;
    }
}
