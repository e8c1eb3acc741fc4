namespace Tributary.Query;

/// <summary>Data volumes over time, per job and per dataset, from the runs' statistics facets.</summary>
/// <param name="Bucket">The width of each time bucket.</param>
/// <param name="Jobs">Per job and bucket, sorted by job then time.</param>
/// <param name="Datasets">Per dataset and bucket, sorted by dataset then time.</param>
public sealed record VolumeFlowReport(TimeSpan Bucket, IReadOnlyList<VolumeBucket> Jobs, IReadOnlyList<VolumeBucket> Datasets);
