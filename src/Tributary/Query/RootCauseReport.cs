using Tributary.Model;

namespace Tributary.Query;

/// <summary>The upstream suspects for a dataset with a data-quality problem, ranked by the evidence against them.</summary>
/// <param name="Dataset">The dataset with the problem.</param>
/// <param name="Candidates">Suspects with evidence, by score (highest first), then depth, then id.</param>
/// <param name="Upstream">Every dataset and job upstream that was examined (root included), sorted by id.</param>
/// <param name="Partial">True when the node budget cut the upstream walk short.</param>
public sealed record RootCauseReport(NodeId Dataset, IReadOnlyList<RootCauseCandidate> Candidates, IReadOnlyList<NodeId> Upstream, bool Partial);
