using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Ingest;
using Tributary.Json;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// Counts a batch's outcomes as the door settles them and makes the answer. The answer is bounded whatever the batch:
/// its first failures in full (a few errors each), the rest counted.
/// </summary>
internal sealed class BatchTally
{
    private readonly List<FailedEvent> _failed = [];
    private readonly List<LineageError> _firstErrors = [];
    private int _failures;
    private int _allErrors;
    private int _received;
    private int _duplicates;

    /// <summary>How many events of the batch were stored by it (not counting duplicates of stored ones).</summary>
    public int Stored => _received - _failures - _duplicates;

    /// <summary>Counts one settled event.</summary>
    public void Add(IngestResult result)
    {
        _received++;
        if (result.Outcome == IngestOutcome.Duplicate)
        {
            _duplicates++;
        }
        else if (result.Outcome == IngestOutcome.Rejected)
        {
            _failures++;
            _allErrors += result.Errors.Count;
            for (var i = 0; i < result.Errors.Count && _firstErrors.Count < ErrorBudget.MaxErrors; i++)
            {
                _firstErrors.Add(result.Errors[i]);
            }

            if (_failed.Count < ErrorBudget.MaxFailedEvents)
            {
                _failed.Add(ErrorBudget.Failed(result.Index, result.Errors));
            }
        }
    }

    /// <summary>
    /// The answer once the whole batch is settled: a success or partial success, or 400 when nothing could be stored at
    /// all (malformed JSON, or every event invalid), which is a bad request rather than a partial success.
    /// </summary>
    public Results<Ok<BatchResponse>, ProblemHttpResult> Answer()
    {
        if (_received > 0 && _failures == _received)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Invalid batch", _received == 1 ? ErrorBudget.Text(_firstErrors[0]) : $"none of the {_received} events is valid; the first problem is at {ErrorBudget.Text(_firstErrors[0])}", _firstErrors, _allErrors - _firstErrors.Count);
        }

        var response = new BatchResponse(
            _failures == 0 ? "success" : "partial_success",
            new BatchSummary(_received, _received - _failures, _failures, 0, _failures, _duplicates),
            _failed)
        {
            Failed_events_omitted = _failures - _failed.Count,
        };
        return TypedResults.Ok(response);
    }
}
