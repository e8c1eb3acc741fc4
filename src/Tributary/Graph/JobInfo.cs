using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>What the graph knows about a job: its purpose, code, owners, inputs, outputs and runs.</summary>
/// <param name="Id">The job.</param>
public sealed record JobInfo(JobId Id)
{
    /// <summary>The job's node id.</summary>
    public NodeId Node => NodeId.From(Id);

    /// <summary>The <c>documentation</c> facet's description (or the job object's plain <c>description</c>), or null.</summary>
    public string? Description { get; init; }

    /// <summary>The <c>sql</c> facet's query, or null.</summary>
    public string? Sql { get; init; }

    /// <summary>The <c>sql</c> facet's dialect, or null.</summary>
    public string? SqlDialect { get; init; }

    /// <summary>The owners from the latest <c>ownership</c> facet.</summary>
    public IReadOnlyList<Owner> Owners { get; init; } = [];

    /// <summary>The tags from the latest <c>tags</c> facet.</summary>
    public IReadOnlyList<Tag> Tags { get; init; } = [];

    /// <summary>The <c>jobType</c> facet's processing type (BATCH, STREAMING), or null.</summary>
    public string? ProcessingType { get; init; }

    /// <summary>The <c>jobType</c> facet's integration (SPARK, DBT, ...), or null.</summary>
    public string? Integration { get; init; }

    /// <summary>The <c>jobType</c> facet's job type (QUERY, TASK, ...), or null.</summary>
    public string? JobType { get; init; }

    /// <summary>The <c>sourceCodeLocation</c> facet's URL, or null.</summary>
    public string? SourceCodeUrl { get; init; }

    /// <summary>Every dataset the job has read, sorted.</summary>
    public IReadOnlyList<DatasetId> Inputs { get; init; } = [];

    /// <summary>Every dataset the job has written, sorted.</summary>
    public IReadOnlyList<DatasetId> Outputs { get; init; } = [];

    /// <summary>How many runs of the job the graph has seen.</summary>
    public int RunCount { get; init; }

    /// <summary>The version of the job's most recently finished run, or null.</summary>
    public Guid? CurrentVersion { get; init; }

    /// <summary>When any event first mentioned the job.</summary>
    public DateTimeOffset FirstSeen { get; init; }

    /// <summary>When any event last mentioned the job.</summary>
    public DateTimeOffset LastSeen { get; init; }

    /// <summary>True when the job was dropped (the <c>tributary_lifecycleStateChange</c> facet) and has not been seen since.</summary>
    public bool Deleted { get; init; }
}
