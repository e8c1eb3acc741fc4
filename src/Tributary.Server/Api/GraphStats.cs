using Tributary.Query;

namespace Tributary.Server.Api;

/// <summary>The size of what the server holds, and how runs perform.</summary>
/// <param name="Events">Events stored.</param>
/// <param name="Datasets">Datasets in the graph.</param>
/// <param name="Jobs">Jobs in the graph.</param>
/// <param name="Runs">Runs in the graph.</param>
/// <param name="Fields">Fields in the graph.</param>
/// <param name="Edges">Edges in the graph.</param>
/// <param name="Performance">Run duration statistics, sorted by key.</param>
public sealed record GraphStats(long Events, int Datasets, int Jobs, int Runs, int Fields, int Edges, IReadOnlyList<PerformanceStats> Performance);
