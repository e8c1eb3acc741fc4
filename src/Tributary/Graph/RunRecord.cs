using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// What the graph knows about one run, accumulated over all its events (START, RUNNING, COMPLETE, ...).
internal sealed class RunRecord(RunId id, int node)
{
    public RunId Id { get; } = id;
    public int Node { get; } = node;
    public int Job = -1;
    public RunState? State;
    public long FirstEvent;
    public long LastEvent;
    public long StartedAt;
    public long EndedAt;
    public string? Producer;
    public string? ErrorMessage;
    public string? StackTrace;
    public OperationType? OperationType;
    public DateTimeOffset? NominalStart;
    public DateTimeOffset? NominalEnd;
    public RunId? ParentRun;
    public JobId? ParentJob;
    public string? Sql;
    public Guid? JobVersion;
    public List<RunDatasetRecord> Datasets { get; } = [];
    public List<(int Dataset, Assertion Assertion)>? FailedAssertions;
}
