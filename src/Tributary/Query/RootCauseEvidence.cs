using Tributary.Model;

namespace Tributary.Query;

/// <summary>One fact that makes a node a root-cause suspect.</summary>
/// <param name="Kind">What kind of fact it is.</param>
/// <param name="Description">The fact in words, for example <c>assertion not_null on amount failed</c>.</param>
/// <param name="At">When it was observed.</param>
/// <param name="Run">The run that showed it, or null.</param>
public sealed record RootCauseEvidence(EvidenceKind Kind, string Description, DateTimeOffset At, RunId? Run);
