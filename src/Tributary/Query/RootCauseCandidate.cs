using Tributary.Model;

namespace Tributary.Query;

/// <summary>A suspect for a data-quality problem, with the evidence against it.</summary>
/// <param name="Node">The dataset or job suspected.</param>
/// <param name="Depth">Levels upstream of the dataset with the problem (0 for the dataset itself).</param>
/// <param name="Score">How strongly the evidence points at it; higher ranks first.</param>
/// <param name="Evidence">The facts, strongest first.</param>
public sealed record RootCauseCandidate(NodeId Node, int Depth, double Score, IReadOnlyList<RootCauseEvidence> Evidence);
