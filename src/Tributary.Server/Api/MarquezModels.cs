using System.Text.Json;
using Tributary.Graph;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Server.Api;

/// <summary>A namespace (Marquez shape).</summary>
/// <param name="Name">The namespace.</param>
/// <param name="CreatedAt">When it was first seen.</param>
/// <param name="UpdatedAt">When it was last seen.</param>
/// <param name="OwnerName">Marquez's owner (always <c>anonymous</c>).</param>
/// <param name="Description">A description, or null.</param>
/// <param name="IsHidden">Whether it is hidden (always false).</param>
/// <param name="DatasetCount">Datasets in it.</param>
/// <param name="JobCount">Jobs in it.</param>
public sealed record NamespaceResource(string Name, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, string OwnerName, string? Description, bool IsHidden, int DatasetCount, int JobCount);

/// <summary>A dataset or job identity.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The name within it.</param>
public sealed record ResourceId(string Namespace, string Name)
{
    internal static ResourceId Of(DatasetId id) => new(id.Namespace, id.Name);

    internal static ResourceId Of(JobId id) => new(id.Namespace, id.Name);
}

/// <summary>A field of a dataset (Marquez shape).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Type">Its type, or null.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Description">A description, or null.</param>
public sealed record FieldResource(string Name, string? Type, IReadOnlyList<string> Tags, string? Description);

/// <summary>An owner of a dataset or job.</summary>
/// <param name="Name">The owner, for example <c>team:finance</c>.</param>
/// <param name="Type">The kind of ownership, or null.</param>
public sealed record OwnerResource(string Name, string? Type);

/// <summary>A dataset (Marquez shape, plus owners, node id and version count).</summary>
public sealed record DatasetResource
{
    /// <summary>Its identity.</summary>
    public required ResourceId Id { get; init; }

    /// <summary>The graph node id.</summary>
    public required string NodeId { get; init; }

    /// <summary><c>DB_TABLE</c> or <c>STREAM</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The physical name (the name).</summary>
    public required string PhysicalName { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The data source's name, or null.</summary>
    public string? SourceName { get; init; }

    /// <summary>When first seen.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When last seen.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When a run last wrote it, or null.</summary>
    public DateTimeOffset? LastModifiedAt { get; init; }

    /// <summary>The last lifecycle change (CREATE, DROP, ...), or null.</summary>
    public string? LastLifecycleState { get; init; }

    /// <summary>The documentation, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The fields.</summary>
    public IReadOnlyList<FieldResource> Fields { get; init; } = [];

    /// <summary>The tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The owners.</summary>
    public IReadOnlyList<OwnerResource> Owners { get; init; } = [];

    /// <summary>The datasetType facet's type (TABLE, VIEW, ...), or null.</summary>
    public string? DatasetType { get; init; }

    /// <summary>How many versions it has.</summary>
    public int VersionCount { get; init; }

    /// <summary>Whether a DROP removed it.</summary>
    public bool Deleted { get; init; }

    /// <summary>The current facets exactly as producers sent them (on the single read and the list items).</summary>
    public IReadOnlyDictionary<string, JsonElement> Facets { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Each field's input fields (Marquez's <c>columnLineage</c>), from the graph's column lineage.</summary>
    public IReadOnlyList<FieldLineageResource> ColumnLineage { get; init; } = [];

    /// <summary>The dataset with its fields' column lineage read from <paramref name="graph"/>.</summary>
    internal static DatasetResource Of(DatasetInfo info, LineageGraph graph)
    {
        var lineage = new List<FieldLineageResource>();
        foreach (var field in info.Fields)
        {
            var inputs = new List<InputFieldResource>();
            foreach (var edge in graph.GetEdges(field.Node, LineageDirection.Upstream))
            {
                if (edge.Kind == EdgeKind.ColumnLineage && edge.To == field.Node)
                {
                    var transformation = edge.Transformations.Count > 0 ? edge.Transformations[0] : null;
                    inputs.Add(new InputFieldResource(edge.From.Namespace, edge.From.Name, edge.From.Field!, transformation?.Description, transformation?.Subtype ?? transformation?.Type));
                }
            }

            if (inputs.Count > 0)
            {
                lineage.Add(new FieldLineageResource(field.Id.Name, inputs));
            }
        }

        return Of(info) with { ColumnLineage = lineage };
    }

    internal static DatasetResource Of(DatasetInfo info) => new()
    {
        Id = ResourceId.Of(info.Id),
        NodeId = info.Node.ToString(),
        Type = info.Type is { } type && (type.Contains("STREAM", StringComparison.OrdinalIgnoreCase) || type.Contains("TOPIC", StringComparison.OrdinalIgnoreCase)) ? "STREAM" : "DB_TABLE",
        Name = info.Id.Name,
        PhysicalName = info.Id.Name,
        Namespace = info.Id.Namespace,
        SourceName = info.SourceName,
        CreatedAt = info.FirstSeen,
        UpdatedAt = info.LastSeen,
        LastModifiedAt = info.LastWritten,
        LastLifecycleState = info.LifecycleState,
        Description = info.Description,
        Fields = [.. info.Fields.Select(f => new FieldResource(f.Id.Name, f.Type, Marquez.TagNames(f.Tags), f.Description))],
        Tags = Marquez.TagNames(info.Tags),
        Owners = [.. info.Owners.Select(o => new OwnerResource(o.Name, o.Type))],
        DatasetType = info.Type,
        VersionCount = info.VersionCount,
        Deleted = info.Deleted,
    };
}

/// <summary>The column lineage of one field (Marquez's <c>ColumnLineage</c>).</summary>
/// <param name="Name">The field.</param>
/// <param name="InputFields">The fields it is computed from.</param>
public sealed record FieldLineageResource(string Name, IReadOnlyList<InputFieldResource> InputFields);

/// <summary>An input field of a <see cref="FieldLineageResource"/>.</summary>
/// <param name="Namespace">The input dataset's namespace.</param>
/// <param name="Dataset">The input dataset's name.</param>
/// <param name="Field">The input field.</param>
/// <param name="TransformationDescription">How, in words, or null.</param>
/// <param name="TransformationType">The transformation's subtype (IDENTITY, TRANSFORMATION, AGGREGATION, ...) or type, or null.</param>
public sealed record InputFieldResource(string Namespace, string Dataset, string Field, string? TransformationDescription, string? TransformationType);

/// <summary>One version of a dataset: what one run wrote.</summary>
/// <param name="Id">The dataset.</param>
/// <param name="Version">The version.</param>
/// <param name="CreatedAt">When first seen.</param>
/// <param name="Fields">The schema of this version.</param>
/// <param name="RunId">The run that wrote it.</param>
/// <param name="Job">The job of that run.</param>
/// <param name="RowCount">Rows written, or null.</param>
/// <param name="Bytes">Bytes written, or null.</param>
/// <param name="LifecycleState">The lifecycle change, or null.</param>
public sealed record DatasetVersionResource(DatasetVersionId Id, string Version, DateTimeOffset CreatedAt, IReadOnlyList<FieldResource> Fields, string RunId, ResourceId Job, long? RowCount, long? Bytes, string? LifecycleState)
{
    /// <summary>The dataset's source (the datasource facet's name, else the namespace).</summary>
    public string? SourceName { get; init; }

    /// <summary>The dataset's description.</summary>
    public string? Description { get; init; }

    /// <summary>The dataset's tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The dataset's name (Marquez's key).</summary>
    public string? Name { get; init; }

    /// <summary>The dataset's namespace (Marquez's key).</summary>
    public string? Namespace { get; init; }

    /// <summary>The name in its source (the dataset name).</summary>
    public string? PhysicalName { get; init; }

    /// <summary><c>DB_TABLE</c> or <c>STREAM</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The run that wrote this version, in Marquez's run shape.</summary>
    public RunResource? CreatedByRun { get; init; }

    /// <summary>The dataset's facets as the newest event of that run sent them (its facets and output facets), by name.</summary>
    public IReadOnlyDictionary<string, JsonElement> Facets { get; init; } = new Dictionary<string, JsonElement>();
}

/// <summary>A run (Marquez shape, plus job, error and SQL).</summary>
public sealed record RunResource
{
    /// <summary>The run id.</summary>
    public required string Id { get; init; }

    /// <summary>The job it ran.</summary>
    public required ResourceId Job { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Scheduled start, or null.</summary>
    public DateTimeOffset? NominalStartTime { get; init; }

    /// <summary>Scheduled end, or null.</summary>
    public DateTimeOffset? NominalEndTime { get; init; }

    /// <summary>NEW, RUNNING, COMPLETED, ABORTED, FAILED or OTHER.</summary>
    public required string State { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended, or null while running.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>How long it took, or null while running.</summary>
    public long? DurationMs { get; init; }

    /// <summary>The job version it finished with, as Marquez names one: namespace, name and version.</summary>
    public JobVersionId? JobVersion { get; init; }

    /// <summary>Datasets read.</summary>
    public IReadOnlyList<RunDatasetResource> InputDatasetVersions { get; init; } = [];

    /// <summary>Datasets written.</summary>
    public IReadOnlyList<RunDatasetResource> OutputDatasetVersions { get; init; } = [];

    /// <summary>The error message when it failed, or null.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The SQL it ran, or null.</summary>
    public string? Sql { get; init; }

    /// <summary>The parent run, or null.</summary>
    public string? ParentRunId { get; init; }

    /// <summary>The current facets exactly as producers sent them (only on the single-run read).</summary>
    public IReadOnlyDictionary<string, JsonElement> Facets { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The run with the version of each dataset it read and wrote, read from <paramref name="graph"/>.</summary>
    internal static RunResource Of(RunInfo run, LineageGraph graph)
    {
        string? Version(DatasetId dataset, bool output)
        {
            var versions = graph.GetDatasetVersions(dataset);
            if (output)
            {
                foreach (var version in versions)
                {
                    if (version.Run == run.Id)
                    {
                        return version.Version;
                    }
                }

                return null;
            }

            return DatasetVersionRead(versions, run.StartedAt)?.Version;
        }

        RunDatasetResource Item(RunDatasetInfo item, bool output) =>
            new(new DatasetVersionRef(item.Dataset.Namespace, item.Dataset.Name, Version(item.Dataset, output)), item.RowCount, item.Bytes);

        return Of(run) with
        {
            InputDatasetVersions = [.. run.Inputs.Select(i => Item(i, output: false))],
            OutputDatasetVersions = [.. run.Outputs.Select(o => Item(o, output: true))],
        };
    }

    /// <summary>The version of a dataset a run starting at <paramref name="startedAt"/> read: the newest first seen by then, else the oldest.</summary>
    internal static DatasetVersionInfo? DatasetVersionRead(IReadOnlyList<DatasetVersionInfo> versions, DateTimeOffset startedAt)
    {
        DatasetVersionInfo? found = null;
        foreach (var version in versions)
        {
            if (version.FirstSeen <= startedAt)
            {
                found = version;
            }
        }

        return found ?? (versions.Count > 0 ? versions[0] : null);
    }

    internal static RunResource Of(RunInfo run) => new()
    {
        Id = run.Id.ToString(),
        Job = ResourceId.Of(run.Job),
        CreatedAt = run.StartedAt,
        UpdatedAt = run.EndedAt ?? run.StartedAt,
        NominalStartTime = run.NominalStart,
        NominalEndTime = run.NominalEnd,
        State = Marquez.State(run.State),
        StartedAt = run.StartedAt,
        EndedAt = run.EndedAt,
        DurationMs = run.Duration is { } d ? (long)d.TotalMilliseconds : null,
        JobVersion = run.JobVersion is { } version ? new JobVersionId(run.Job.Namespace, run.Job.Name, version.ToString("D")) : null,
        InputDatasetVersions = [.. run.Inputs.Select(RunDatasetResource.Of)],
        OutputDatasetVersions = [.. run.Outputs.Select(RunDatasetResource.Of)],
        ErrorMessage = run.ErrorMessage,
        Sql = run.Sql,
        ParentRunId = run.ParentRun?.ToString(),
    };
}

/// <summary>A dataset a run read or wrote.</summary>
/// <param name="DatasetVersionId">The dataset.</param>
/// <param name="RowCount">Rows, or null.</param>
/// <param name="Bytes">Bytes, or null.</param>
public sealed record RunDatasetResource(DatasetVersionRef DatasetVersionId, long? RowCount, long? Bytes)
{
    internal static RunDatasetResource Of(RunDatasetInfo info) => new(new DatasetVersionRef(info.Dataset.Namespace, info.Dataset.Name, null), info.RowCount, info.Bytes);
}

/// <summary>A dataset version a run read or wrote, as Marquez names one.</summary>
/// <param name="Namespace">The dataset's namespace.</param>
/// <param name="Name">The dataset's name.</param>
/// <param name="Version">The version written (outputs) or the newest one there when the run started (inputs); null when unknown.</param>
public sealed record DatasetVersionRef(string Namespace, string Name, string? Version);

/// <summary>A job (Marquez shape, plus SQL, owners and node id).</summary>
public sealed record JobResource
{
    /// <summary>Its identity.</summary>
    public required ResourceId Id { get; init; }

    /// <summary>The graph node id.</summary>
    public required string NodeId { get; init; }

    /// <summary><c>BATCH</c> or <c>STREAM</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The last dotted part of the name.</summary>
    public required string SimpleName { get; init; }

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>When first seen.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When last seen.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Every dataset it read.</summary>
    public IReadOnlyList<ResourceId> Inputs { get; init; } = [];

    /// <summary>Every dataset it wrote.</summary>
    public IReadOnlyList<ResourceId> Outputs { get; init; } = [];

    /// <summary>The source code URL, or null.</summary>
    public string? Location { get; init; }

    /// <summary>The documentation, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The SQL, or null.</summary>
    public string? Sql { get; init; }

    /// <summary>The integration (SPARK, DBT, ...), or null.</summary>
    public string? Integration { get; init; }

    /// <summary>The tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The owners.</summary>
    public IReadOnlyList<OwnerResource> Owners { get; init; } = [];

    /// <summary>The version of the latest finished run, or null.</summary>
    public string? CurrentVersion { get; init; }

    /// <summary>The latest run, or null.</summary>
    public RunResource? LatestRun { get; init; }

    /// <summary>The last 10 runs, newest first (Marquez's dashboard reads the last runtime and last finish from them).</summary>
    public IReadOnlyList<RunResource> LatestRuns { get; init; } = [];

    /// <summary>The parent job's name, from the latest run's parent facet, or null.</summary>
    public string? ParentJobName { get; init; }

    /// <summary>How many runs it has.</summary>
    public int RunCount { get; init; }

    /// <summary>The current facets exactly as producers sent them (only on the single-job read).</summary>
    public IReadOnlyDictionary<string, JsonElement> Facets { get; init; } = new Dictionary<string, JsonElement>();

    internal static JobResource Of(JobInfo info, IReadOnlyList<RunInfo> runs)
    {
        var latest = runs.Count == 0 ? null : runs[^1];
        var recent = new List<RunResource>(Math.Min(10, runs.Count));
        for (var i = runs.Count - 1; i >= 0 && recent.Count < 10; i--)
        {
            recent.Add(RunResource.Of(runs[i]));
        }

        return Of(info, latest) with { LatestRuns = recent, ParentJobName = latest?.ParentJob?.Name };
    }

    private static JobResource Of(JobInfo info, RunInfo? latest) => new()
    {
        Id = ResourceId.Of(info.Id),
        NodeId = info.Node.ToString(),
        Type = info.ProcessingType is { } type && type.StartsWith("STREAM", StringComparison.OrdinalIgnoreCase) ? "STREAM" : "BATCH",
        Name = info.Id.Name,
        SimpleName = info.Id.Name.LastIndexOf('.') is var dot and >= 0 ? info.Id.Name[(dot + 1)..] : info.Id.Name,
        Namespace = info.Id.Namespace,
        CreatedAt = info.FirstSeen,
        UpdatedAt = info.LastSeen,
        Inputs = [.. info.Inputs.Select(ResourceId.Of)],
        Outputs = [.. info.Outputs.Select(ResourceId.Of)],
        Location = info.SourceCodeUrl,
        Description = info.Description,
        Sql = info.Sql,
        Integration = info.Integration,
        Tags = Marquez.TagNames(info.Tags),
        Owners = [.. info.Owners.Select(o => new OwnerResource(o.Name, o.Type))],
        CurrentVersion = info.CurrentVersion?.ToString("D"),
        LatestRun = latest is null ? null : RunResource.Of(latest),
        RunCount = info.RunCount,
    };
}

/// <summary>A dataset version's identity as Marquez writes it.</summary>
/// <param name="Namespace">The dataset's namespace.</param>
/// <param name="Name">The dataset's name.</param>
/// <param name="Version">The version.</param>
public sealed record DatasetVersionId(string Namespace, string Name, string Version);

/// <summary>A job version's identity as Marquez writes it.</summary>
/// <param name="Namespace">The job's namespace.</param>
/// <param name="Name">The job's name.</param>
/// <param name="Version">The version (a UUID).</param>
public sealed record JobVersionId(string Namespace, string Name, string Version);

/// <summary>One version of a job: a distinct set of inputs and outputs.</summary>
/// <param name="Id">The job.</param>
/// <param name="Version">The version.</param>
/// <param name="CreatedAt">When a run first finished with it.</param>
/// <param name="UpdatedAt">When a run last finished with it.</param>
/// <param name="Inputs">Its inputs.</param>
/// <param name="Outputs">Its outputs.</param>
/// <param name="RunCount">Runs that finished with it.</param>
public sealed record JobVersionResource(ResourceId Id, string Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<ResourceId> Inputs, IReadOnlyList<ResourceId> Outputs, int RunCount)
{
    internal static JobVersionResource Of(JobVersionInfo v) => new(
        ResourceId.Of(v.Job), v.Version.ToString("D"), v.FirstSeen, v.LastSeen, [.. v.Inputs.Select(ResourceId.Of)], [.. v.Outputs.Select(ResourceId.Of)], v.RunCount);
}

/// <summary>One search hit (Marquez shape; <c>FIELD</c> hits are Tributary's addition).</summary>
/// <param name="Type"><c>DATASET</c>, <c>JOB</c> or <c>FIELD</c>.</param>
/// <param name="Name">The name (for a field, <c>dataset.field</c>).</param>
/// <param name="UpdatedAt">When last seen.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="NodeId">The graph node id.</param>
public sealed record SearchResult(string Type, string Name, DateTimeOffset? UpdatedAt, string Namespace, string NodeId);

/// <summary>A tag in use.</summary>
/// <param name="Name">The tag.</param>
/// <param name="Description">A description, or null.</param>
public sealed record TagResource(string Name, string? Description);

/// <summary>Helpers shared by the Marquez-shaped resources.</summary>
internal static class Marquez
{
    public static IReadOnlyList<string> TagNames(IReadOnlyList<Tag> tags) =>
        [.. tags.Select(t => string.IsNullOrEmpty(t.Value) || string.Equals(t.Value, "true", StringComparison.OrdinalIgnoreCase) ? t.Key : t.Key + "=" + t.Value)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public static string State(RunState? state) => state switch
    {
        null => "NEW",
        RunState.Start or RunState.Running => "RUNNING",
        RunState.Complete => "COMPLETED",
        RunState.Abort => "ABORTED",
        RunState.Fail => "FAILED",
        _ => "OTHER",
    };
}
