namespace Tributary.Tracking;

/// <summary>
/// How to tell when a call has finished and what it returned: at once for plain results, when the task ends for
/// <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> and <see cref="ValueTask{TResult}"/>.
/// </summary>
internal sealed class ResultShape
{
    private ResultShape(bool isAsync, Func<Task, object?>? taskResult, Func<object, Task>? toTask, Func<Task, object>? fromTask, Func<Task, Action<Task>, object>? track = null)
    {
        IsAsync = isAsync;
        TaskResult = taskResult;
        ToTask = toTask;
        FromTask = fromTask;
        Track = track ?? ((task, finished) => fromTask is null ? After(task, finished) : fromTask(After(task, finished)));
    }

    public static ResultShape Plain { get; } = new(false, null, null, null);

    /// <summary>A <see cref="Task"/> whose result, if any, is not needed.</summary>
    public static ResultShape Task { get; } = new(true, null, null, null);

    public static ResultShape ValueTask { get; } = new(true, null, boxed => ((ValueTask)boxed).AsTask(), task => new ValueTask(task));

    /// <summary>
    /// A <c>Task&lt;T&gt;</c> whose T is not known here (a delegate's result): the caller gets the very task back, so its
    /// type is kept, and the run finishes in a continuation registered before the caller can await it.
    /// </summary>
    public static ResultShape TypedTask { get; } = new(true, null, null, null, static (task, finished) =>
    {
        task.ContinueWith(static (t, state) => ((Action<Task>)state!)(t), finished, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    });

    public bool IsAsync { get; }

    /// <summary>Reads a completed task's result (for record counts); null when the task has none.</summary>
    public Func<Task, object?>? TaskResult { get; }

    /// <summary>Turns the returned value into a task to watch; null when the value is a task already.</summary>
    public Func<object, Task>? ToTask { get; }

    /// <summary>Turns the watched task back into the declared return type; null when that type is a task.</summary>
    public Func<Task, object>? FromTask { get; }

    // Gives the caller a task that completes only after the run's last event is queued, so an awaiting caller
    // never sees its call finish before the tracker knows it finished.
    public Func<Task, Action<Task>, object> Track { get; }

    private static Task After(Task task, Action<Task> finished) =>
        task.ContinueWith(
            static (t, state) =>
            {
                ((Action<Task>)state!)(t);
                return t;
            },
            finished,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();

    private static Task<T> After<T>(Task<T> task, Action<Task> finished) =>
        task.ContinueWith(
            static (t, state) =>
            {
                ((Action<Task>)state!)(t);
                return t;
            },
            finished,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();

    public static ResultShape TaskOf<T>() => Cache<T>.TaskShape;

    public static ResultShape ValueTaskOf<T>() => Cache<T>.ValueTaskShape;

    private static class Cache<T>
    {
        public static readonly ResultShape TaskShape = new(true, task => ((Task<T>)task).Result, null, null, (task, finished) => After((Task<T>)task, finished));

        public static readonly ResultShape ValueTaskShape = new(
            true,
            task => ((Task<T>)task).Result,
            boxed => ((ValueTask<T>)boxed).AsTask(),
            task => new ValueTask<T>((Task<T>)task),
            (task, finished) => new ValueTask<T>(After((Task<T>)task, finished)));
    }
}
