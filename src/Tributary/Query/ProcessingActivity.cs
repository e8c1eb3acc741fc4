using Tributary.Model;

namespace Tributary.Query;

/// <summary>One processing activity in a GDPR Article 30 record: a job that processes personal data.</summary>
/// <param name="Job">The job doing the processing.</param>
public sealed record ProcessingActivity(JobId Job)
{
    /// <summary>The purpose of the processing: the job's description, or null when undocumented.</summary>
    public string? Purpose { get; init; }

    /// <summary>Who is responsible: the job's owners, sorted.</summary>
    public IReadOnlyList<string> Controllers { get; init; } = [];

    /// <summary>Categories of personal data: the personal-data fields the job reads, sorted.</summary>
    public IReadOnlyList<FieldId> PersonalData { get; init; } = [];

    /// <summary>Where the personal data comes from: the job's inputs holding it, sorted.</summary>
    public IReadOnlyList<DatasetId> Sources { get; init; } = [];

    /// <summary>Recipients: datasets the job's personal data reaches unmasked (its outputs and beyond), sorted.</summary>
    public IReadOnlyList<DatasetId> Recipients { get; init; } = [];

    /// <summary>Owners of those recipient datasets, sorted.</summary>
    public IReadOnlyList<string> RecipientOwners { get; init; } = [];

    /// <summary>Where the processing runs: the data sources and namespaces involved, sorted.</summary>
    public IReadOnlyList<string> Systems { get; init; } = [];

    /// <summary>When the job last ran, or null when only declared.</summary>
    public DateTimeOffset? LastRun { get; init; }
}
