using System.Text;
using Tributary.Model;

namespace Tributary.Query;

/// <summary>One run in an audit trail: who, what, when, where and why.</summary>
/// <param name="Run">The run.</param>
/// <param name="Job">Who: the job that ran.</param>
public sealed record AuditEntry(RunId Run, JobId Job)
{
    /// <summary>Who: the producer URI that reported the run.</summary>
    public string? Producer { get; init; }

    /// <summary>Who: owners of the job and of the datasets it touched, sorted.</summary>
    public IReadOnlyList<string> Owners { get; init; } = [];

    /// <summary>What: the datasets read, sorted.</summary>
    public IReadOnlyList<DatasetId> Inputs { get; init; } = [];

    /// <summary>What: the datasets written, sorted.</summary>
    public IReadOnlyList<DatasetId> Outputs { get; init; } = [];

    /// <summary>What: the SQL the job ran, or null.</summary>
    public string? Sql { get; init; }

    /// <summary>What: the run's final state, or null.</summary>
    public RunState? State { get; init; }

    /// <summary>When: the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When: the run ended, or null.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Where: the namespaces of the job and the datasets, sorted.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Where: the data sources (<c>dataSource</c> facet names) of the datasets, sorted.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Why: the job's description, or null.</summary>
    public string? Description { get; init; }

    // The record's text with its lists' items, not their types' names (a collection expression's type prints as
    // <>z__ReadOnlyArray).
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Run = ").Append(Run).Append(", Job = ").Append(Job).Append(", Producer = ").Append(Producer)
            .Append(", Owners = [").AppendJoin(", ", Owners).Append("], Inputs = [").AppendJoin(", ", Inputs)
            .Append("], Outputs = [").AppendJoin(", ", Outputs).Append("], Sql = ").Append(Sql).Append(", State = ").Append(State)
            .Append(", StartedAt = ").Append(StartedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", EndedAt = ").Append(EndedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
            .Append(", Namespaces = [").AppendJoin(", ", Namespaces).Append("], Sources = [").AppendJoin(", ", Sources)
            .Append("], Description = ").Append(Description);
        return true;
    }
}
