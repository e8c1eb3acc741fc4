using Tributary.Model;

namespace Tributary.Query;

/// <summary>The ways data flows from one node to another: every simple path within the limits, shortest first.</summary>
/// <param name="From">Where the flow starts.</param>
/// <param name="To">Where it ends.</param>
/// <param name="Paths">The paths, shortest first, then by node ids; empty when data does not flow that way.</param>
/// <param name="Partial">True when a limit (paths, length or node budget) may have hidden further paths.</param>
public sealed record DataFlowTrace(NodeId From, NodeId To, IReadOnlyList<LineagePath> Paths, bool Partial);
