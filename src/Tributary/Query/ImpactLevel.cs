using Tributary.Model;

namespace Tributary.Query;

/// <summary>What sits at one depth downstream of a changed node.</summary>
/// <param name="Depth">Levels downstream (jobs crossed for datasets and jobs, column hops for fields).</param>
/// <param name="Datasets">Datasets at this depth, sorted.</param>
/// <param name="Jobs">Jobs at this depth, sorted.</param>
/// <param name="Fields">Fields at this depth, sorted.</param>
public sealed record ImpactLevel(int Depth, IReadOnlyList<DatasetId> Datasets, IReadOnlyList<JobId> Jobs, IReadOnlyList<FieldId> Fields);
