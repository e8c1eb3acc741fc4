using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Tributary.Model;

namespace Tributary.Tracking;

// Automatic tracking: [TrackLineage] proxies over existing implementations, and delegates run inside a run.
public sealed partial class LineageTracker
{
    /// <summary>
    /// Wraps an implementation so that calls to its [TrackLineage] methods (all methods, when the repository's
    /// <see cref="RepositorySettings.TrackAllOperations"/> says so) are tracked as runs, without changing its code.
    /// Async methods are tracked until their task finishes (FAIL if it faults, ABORT if it is cancelled). Returns the
    /// implementation itself when tracking is disabled or <see cref="TrackerOptions.TrackRepositoryOperations"/> is false.
    /// Throws <see cref="ArgumentException"/> when a [TrackLineage] dataset name uses an unknown <c>{parameter}</c>.
    /// </summary>
    /// <param name="implementation">The object to wrap.</param>
    /// <param name="repository">The repository name, for job names and <see cref="TrackerOptions.RepositorySettings"/>; default: the interface name without its leading <c>I</c>.</param>
    [RequiresDynamicCode("DispatchProxy generates the proxy type at run time.")]
    public TInterface Wrap<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TInterface>(
        TInterface implementation, string? repository = null)
        where TInterface : class
    {
        ArgumentNullException.ThrowIfNull(implementation);
        if (!typeof(TInterface).IsInterface)
        {
            throw new ArgumentException($"Wrap needs an interface type, and {typeof(TInterface).Name} is not one; wrap the implementation as the interface it implements.", nameof(implementation));
        }

        if (!IsEnabled || !Options.TrackRepositoryOperations)
        {
            return implementation;
        }

        var proxy = DispatchProxy.Create<TInterface, TrackingProxy<TInterface>>();
        ((TrackingProxy<TInterface>)(object)proxy).Attach(implementation, this, Plans(typeof(TInterface), ref repository));
        TrackerLog.Wrapped(Logger, typeof(TInterface).Name, repository);
        return proxy;
    }

    /// <summary>
    /// Wraps an implementation of <paramref name="interfaceType"/> as <see cref="Wrap{TInterface}"/> does, for callers
    /// that know the interface only at run time (dependency injection); returns the implementation unwrapped when
    /// tracking is off. Throws <see cref="ArgumentException"/> when the type is not an interface the object implements.
    /// </summary>
    [RequiresDynamicCode("DispatchProxy generates the proxy type at run time.")]
    [RequiresUnreferencedCode("The interface's methods are read by reflection.")]
    public object Wrap(Type interfaceType, object implementation, string? repository = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentNullException.ThrowIfNull(implementation);
        if (!interfaceType.IsInterface || !interfaceType.IsInstanceOfType(implementation))
        {
            throw new ArgumentException($"{implementation.GetType().Name} cannot be wrapped as {interfaceType.Name}: wrap an implementation as an interface it implements.", nameof(interfaceType));
        }

        if (!IsEnabled || !Options.TrackRepositoryOperations)
        {
            return implementation;
        }

        var proxyType = typeof(TrackingProxy<>).MakeGenericType(interfaceType);
        var proxy = DispatchProxy.Create(interfaceType, proxyType);
        ((ITrackingProxy)proxy).Attach(implementation, this, Plans(interfaceType, ref repository));
        TrackerLog.Wrapped(Logger, interfaceType.Name, repository);
        return proxy;
    }

    /// <summary>
    /// True when calls through <paramref name="interfaceType"/> would be tracked: one of its methods has
    /// [TrackLineage], or the repository's settings track every operation.
    /// </summary>
    [RequiresUnreferencedCode("The interface's methods are read by reflection.")]
    public bool TracksCallsThrough(Type interfaceType, string? repository = null) =>
        TracksCallsThrough(interfaceType, Options.RepositorySettings, repository);

    [RequiresUnreferencedCode("The interface's methods are read by reflection.")]
    internal static bool TracksCallsThrough(Type interfaceType, IReadOnlyDictionary<string, RepositorySettings> settings, string? repository = null)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        if (!interfaceType.IsInterface)
        {
            return false;
        }

        repository ??= RepositoryName(interfaceType);
        return settings.GetValueOrDefault(repository) is { TrackAllOperations: true }
            || InterfaceMethods(interfaceType).Any(m => m.IsDefined(typeof(TrackLineageAttribute), inherit: false));
    }

    [RequiresDynamicCode("Tracking ValueTask<T> and Task<T> results builds generic helpers at run time.")]
    private Dictionary<MethodInfo, MethodPlan> Plans([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.Interfaces)] Type interfaceType, [NotNull] ref string? repository)
    {
        repository ??= RepositoryName(interfaceType);
        var settings = Options.RepositorySettings.GetValueOrDefault(repository) ?? new RepositorySettings();
        var plans = new Dictionary<MethodInfo, MethodPlan>();
        foreach (var method in InterfaceMethods(interfaceType))
        {
            plans[method] = MethodPlan.Create(method, repository, Options, settings);
        }

        return plans;
    }

    /// <summary>Runs <paramref name="body"/> as a run of <paramref name="job"/>: START, then COMPLETE, or FAIL and rethrow.</summary>
    public void Track(JobId job, Action body, OperationType? operationType = null, IReadOnlyList<DatasetId>? inputs = null, IReadOnlyList<DatasetId>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Track(job, () =>
        {
            body();
            return (object?)null;
        }, operationType, inputs, outputs);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a run of <paramref name="job"/> (the first source document's decorator): START,
    /// then COMPLETE with record counts taken from a collection result, or FAIL and rethrow. A body that returns a
    /// task is tracked until the task finishes. Inside the body, <see cref="CurrentRun"/> is the run.
    /// </summary>
    public T Track<T>(JobId job, Func<T> body, OperationType? operationType = null, IReadOnlyList<DatasetId>? inputs = null, IReadOnlyList<DatasetId>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var shape = default(T) is null && typeof(Task).IsAssignableFrom(typeof(T)) ? (typeof(T) == typeof(Task) ? ResultShape.Task : ResultShape.TypedTask)
            : typeof(T) == typeof(ValueTask) ? ResultShape.ValueTask
            : ResultShape.Plain;
        return (T)Run(job, operationType, inputs, outputs, () => body(), shape)!;
    }

    /// <summary>Runs an async body as a run of <paramref name="job"/>, tracked until its task finishes (FAIL if it faults, ABORT if cancelled).</summary>
    public Task TrackAsync(JobId job, Func<Task> body, OperationType? operationType = null, IReadOnlyList<DatasetId>? inputs = null, IReadOnlyList<DatasetId>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return (Task)Run(job, operationType, inputs, outputs, body, ResultShape.Task)!;
    }

    /// <summary>Runs an async body as a run of <paramref name="job"/>, tracked until its task finishes, with record counts from a collection result.</summary>
    public Task<T> TrackAsync<T>(JobId job, Func<Task<T>> body, OperationType? operationType = null, IReadOnlyList<DatasetId>? inputs = null, IReadOnlyList<DatasetId>? outputs = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return (Task<T>)Run(job, operationType, inputs, outputs, body, ResultShape.TaskOf<T>())!;
    }

    private object? Run(JobId job, OperationType? operationType, IReadOnlyList<DatasetId>? inputs, IReadOnlyList<DatasetId>? outputs, Func<object?> body, ResultShape shape)
    {
        var scope = StartRun(job, operationType, inputs, outputs);
        if (!scope.IsRecording)
        {
            return body();
        }

        object? result;
        try
        {
            result = body();
        }
        catch (Exception exception)
        {
            CallCompletion.Failed(scope, exception);
            throw;
        }

        return CallCompletion.Finish(scope, result, shape, -1, countRecords: true);
    }

    private static string RepositoryName(Type type) =>
        type.Name.Length > 1 && type.Name[0] == 'I' && char.IsUpper(type.Name[1]) ? type.Name[1..] : type.Name;

    private static IEnumerable<MethodInfo> InterfaceMethods([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.Interfaces)] Type type)
    {
        foreach (var method in type.GetMethods())
        {
            yield return method;
        }

        foreach (var inherited in type.GetInterfaces())
        {
#pragma warning disable IL2075 // Interfaces listed by GetInterfaces keep their public methods when the wrapped interface does.
            foreach (var method in inherited.GetMethods())
#pragma warning restore IL2075
            {
                yield return method;
            }
        }
    }
}
