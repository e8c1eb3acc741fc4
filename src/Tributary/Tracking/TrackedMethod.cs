using System.ComponentModel;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// What the code generated for a <c>[TrackLineage]</c> partial method calls (the Tributary.Generators source
/// generator, as LoggerMessage's generator calls the logging runtime): it starts a run on <see cref="LineageTracker.Global"/>
/// and finishes it as the wrapped proxy does. Not meant to be called by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrackedMethod
{
    /// <summary>
    /// Starts the run of a call to <paramref name="type"/>.<paramref name="method"/> on the global tracker; an inert
    /// scope when tracking is off (or repository tracking is), and never a throw unless the tracker is in audit mode.
    /// </summary>
    /// <param name="type">The declaring class's name: the repository name for job names and <c>repository_settings</c>.</param>
    /// <param name="method">The method's name.</param>
    /// <param name="operationType">The attribute's operation type.</param>
    /// <param name="job">The attribute's job name, or null for <c>Type.Method</c>.</param>
    /// <param name="jobNamespace">The attribute's namespace, or null for the tracker's.</param>
    /// <param name="datasetNamespace">The attribute's dataset namespace, or null for the tracker's.</param>
    /// <param name="inputs">The datasets read, with the arguments already in their names.</param>
    /// <param name="outputs">The datasets written, with the arguments already in their names.</param>
    public static RunScope Start(string type, string method, OperationType operationType, string? job, string? jobNamespace, string? datasetNamespace, string[] inputs, string[] outputs)
    {
        var tracker = LineageTracker.Global;
        if (!tracker.IsEnabled || !tracker.Options.TrackRepositoryOperations)
        {
            return RunScope.None;
        }

        try
        {
            var options = tracker.Options;
            var ns = datasetNamespace ?? options.DatasetNamespace ?? options.Namespace;
            return tracker.StartRun(new JobId(jobNamespace ?? options.Namespace, job ?? type + "." + method), operationType,
                Ids(ns, inputs), Ids(ns, outputs), null, MethodPlan.RepositoryFacetsOf(type));
        }
        catch (Exception) when (!tracker.Options.ThrowOnFailure)
        {
            // A bad dataset name must not break the host's call; the call just goes untracked.
            return RunScope.None;
        }
    }

    /// <summary>
    /// Records the call's parameters on its run (the <c>tributary_parameters</c> run facet); the generated code passes
    /// every parameter but <c>out</c> and ref-like ones. Never throws unless the tracker is in audit mode.
    /// </summary>
    public static void Parameters(RunScope scope, string[] names, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsRecording)
        {
            return;
        }

        var tracker = LineageTracker.Global;
        try
        {
            if (CallParameters.Facet(names, values, tracker.Options.Producer) is { } facet)
            {
                scope.AddRunFacet(Model.Facets.CallParametersRunFacet.Key, facet);
            }
        }
        catch (Exception) when (!tracker.Options.ThrowOnFailure)
        {
            // A value whose ToString throws must not break the host's call; the run just has no parameters.
        }
    }

    /// <summary>Whether the repository's settings ask for record counts (<c>enable_volume_tracking</c>, default true).</summary>
    public static bool CountsRecords(string type) =>
        LineageTracker.Global.Options.RepositorySettings.GetValueOrDefault(type)?.EnableVolumeTracking ?? true;

    /// <summary>The number of records in a collection argument, or -1 when it is none or volume tracking is off.</summary>
    public static long Records(string type, object? argument) => CountsRecords(type) ? RecordCounter.Count(argument) : -1;

    /// <summary>Completes the run of a call that returned nothing.</summary>
    public static void Finish(RunScope scope, long argumentRecords) =>
        CallCompletion.Finish(scope, null, ResultShape.Plain, argumentRecords, countRecords: false);

    /// <summary>Completes the run of a call with its result (a task is tracked until it finishes), counting records in a collection result.</summary>
    public static T Finish<T>(RunScope scope, T result, string type, long argumentRecords)
    {
        var shape = default(T) is null && typeof(Task).IsAssignableFrom(typeof(T)) ? (typeof(T) == typeof(Task) ? ResultShape.Task : ResultShape.TypedTask)
            : typeof(T) == typeof(ValueTask) ? ResultShape.ValueTask
            : ResultShape.Plain;
        return (T)CallCompletion.Finish(scope, result, shape, argumentRecords, CountsRecords(type))!;
    }

    /// <summary>Completes the run of an async call once its task finishes, counting records in a collection result; returns a task of the same result.</summary>
    public static Task<TResult> FinishTask<TResult>(RunScope scope, Task<TResult> result, string type, long argumentRecords) =>
        (Task<TResult>)CallCompletion.Finish(scope, result, ResultShape.TaskOf<TResult>(), argumentRecords, CountsRecords(type))!;

    /// <summary>Completes the run of an async call once its value task finishes, counting records in a collection result.</summary>
    public static ValueTask<TResult> FinishValueTask<TResult>(RunScope scope, ValueTask<TResult> result, string type, long argumentRecords) =>
        (ValueTask<TResult>)CallCompletion.Finish(scope, result, ResultShape.ValueTaskOf<TResult>(), argumentRecords, CountsRecords(type))!;

    /// <summary>Fails (or, for a cancellation, aborts) the run of a call that threw.</summary>
    public static void Failed(RunScope scope, Exception exception) => CallCompletion.Failed(scope, exception);

    private static DatasetId[] Ids(string ns, string[] names)
    {
        var ids = new DatasetId[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            ids[i] = new DatasetId(ns, names[i]);
        }

        return ids;
    }
}
