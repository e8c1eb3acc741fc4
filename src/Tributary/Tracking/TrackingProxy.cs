using System.Reflection;

namespace Tributary.Tracking;

/// <summary>
/// The <see cref="DispatchProxy"/> behind <see cref="LineageTracker.Wrap{TInterface}"/>: every call goes to the
/// wrapped implementation unchanged; calls to tracked methods run inside a run scope. The class is not sealed and
/// has a public constructor because DispatchProxy derives the proxy type from it at run time.
/// </summary>
internal class TrackingProxy<TInterface> : DispatchProxy, ITrackingProxy
    where TInterface : class
{
    private TInterface _target = null!;
    private LineageTracker _tracker = null!;
    private Dictionary<MethodInfo, MethodPlan> _plans = null!;

    void ITrackingProxy.Attach(object target, LineageTracker tracker, Dictionary<MethodInfo, MethodPlan> plans) =>
        Attach((TInterface)target, tracker, plans);

    internal void Attach(TInterface target, LineageTracker tracker, Dictionary<MethodInfo, MethodPlan> plans)
    {
        _target = target;
        _tracker = tracker;
        _plans = plans;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var plan = _plans.GetValueOrDefault(targetMethod.IsGenericMethod ? targetMethod.GetGenericMethodDefinition() : targetMethod) ?? MethodPlan.Untracked;
        var scope = plan.Tracked ? Start(plan, args) : RunScope.None;
        if (!scope.IsRecording)
        {
            return Call(targetMethod, args);
        }

        var argumentRecords = plan.CountRecords && plan.CollectionArgument >= 0 ? RecordCounter.Count(args![plan.CollectionArgument]) : -1;
        object? result;
        try
        {
            result = Call(targetMethod, args);
        }
        catch (Exception exception)
        {
            CallCompletion.Failed(scope, exception);
            throw;
        }

        return CallCompletion.Finish(scope, result, plan.Shape, argumentRecords, plan.CountRecords);
    }

    private RunScope Start(MethodPlan plan, object?[]? args)
    {
        try
        {
            var scope = _tracker.StartRun(plan.Job, plan.OperationType, plan.RenderInputs(args), plan.RenderOutputs(args), null, plan.RepositoryFacets);
            if (scope.IsRecording && args is { Length: > 0 } && CallParameters.Facet(plan.ParameterNames, args, _tracker.Options.Producer) is { } parameters)
            {
                scope.AddRunFacet(Model.Facets.CallParametersRunFacet.Key, parameters);
            }

            return scope;
        }
        catch (Exception) when (!_tracker.Options.ThrowOnFailure)
        {
            // An argument whose ToString throws must not break the host's call; the call just goes untracked.
            return RunScope.None;
        }
    }

    // DoNotWrapExceptions: the caller sees the implementation's own exception with its own stack trace.
    private object? Call(MethodInfo method, object?[]? args) =>
        method.Invoke(_target, BindingFlags.DoNotWrapExceptions, null, args, null);
}

/// <summary>Attaches a proxy made for an interface known only at run time.</summary>
internal interface ITrackingProxy
{
    void Attach(object target, LineageTracker tracker, Dictionary<MethodInfo, MethodPlan> plans);
}
