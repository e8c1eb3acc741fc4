namespace Tributary.Tracking;

/// <summary>
/// Finishes the run of a tracked call (proxy or delegate) once the call has really finished: COMPLETE with record
/// counts, FAIL with the exception, or ABORT when it was cancelled. Asynchronous calls are tracked to completion
/// by a synchronous continuation registered before the task is handed back, so the final event is queued before
/// the caller's <c>await</c> resumes.
/// </summary>
internal static class CallCompletion
{
    public static object? Finish(RunScope scope, object? result, ResultShape shape, long argumentRecords, bool countRecords)
    {
        if (!shape.IsAsync || result is null)
        {
            Complete(scope, countRecords ? RecordCounter.Count(result) : -1, argumentRecords);
            return result;
        }

        Task task;
        try
        {
            task = shape.ToTask is null ? (Task)result : shape.ToTask(result);
        }
        catch (Exception exception)
        {
            // A faulted ValueTask backed by a source may throw when converted; the caller gets the same throw.
            Failed(scope, exception);
            throw;
        }

        // The caller's flow continues while the call runs, so new runs there are no longer its children.
        scope.LeaveAmbient();
        return shape.Track(task, new Pending(scope, shape, argumentRecords, countRecords).Finished);
    }

    /// <summary>A call threw: a cancellation aborts the run, anything else fails it.</summary>
    public static void Failed(RunScope scope, Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            scope.Abort();
        }
        else
        {
            scope.Fail(exception);
        }
    }

    // Outputs get the result's count when it is a collection (the data produced), else the collection argument's
    // (the data being written); inputs get the result's count when nothing is written (the data read), else the argument's.
    private static void Complete(RunScope scope, long resultRecords, long argumentRecords)
    {
        var outputs = resultRecords >= 0 ? resultRecords : argumentRecords;
        var inputs = scope.OutputCount == 0 ? resultRecords : argumentRecords;
        scope.SetDefaultRecordCounts(inputs, outputs);
        scope.Complete();
    }

    private sealed class Pending(RunScope scope, ResultShape shape, long argumentRecords, bool countRecords)
    {
        public void Finished(Task task)
        {
            if (task.IsCanceled)
            {
                scope.Abort();
            }
            else if (task.Exception is { } aggregate)
            {
                scope.Fail(aggregate.InnerExceptions.Count == 1 ? aggregate.InnerExceptions[0] : aggregate);
            }
            else
            {
                var records = countRecords && shape.TaskResult is { } result ? RecordCounter.Count(result(task)) : -1;
                Complete(scope, records, argumentRecords);
            }
        }
    }
}
