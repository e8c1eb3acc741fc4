namespace Tributary.Query;

/// <summary>A GDPR Article 30 style record of processing activities, derived from lineage and personal-data tags.</summary>
/// <param name="Activities">One activity per job processing personal data, sorted by job.</param>
/// <param name="Partial">True when a node budget cut the personal-data flow analysis short.</param>
public sealed record ProcessingRecord(IReadOnlyList<ProcessingActivity> Activities, bool Partial);
