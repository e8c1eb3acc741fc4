using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Graph;
using Tributary.Query;
using Tributary.Server.Api;

namespace Tributary.Server.Hosting;

/// <summary>
/// Answers one lineage query from a graph of a few nodes, loaded from a checkpoint as the real one is, while the real
/// graph is still loading. Most of what the first request would otherwise spend is compiling the query and export
/// code (generic code over the graph's structs that ReadyToRun images cannot hold); done here, on the core the
/// checkpoint read leaves free, the first answer waits only for the graph.
/// </summary>
internal static class QueryWarmup
{
    /// <summary>Runs the warm-up; returns the answer's status code (200 when the path ran through).</summary>
    public static int Run()
    {
        var events = SyntheticGraph.Generate(jobs: 2, datasets: 4, edges: 6, columnsPerDataset: 2, seed: 1).ToList();
        using var bytes = new MemoryStream();
        using (var grown = LineageGraph.From(events))
        {
            grown.WriteCheckpoint(bytes);
        }

        using var graph = new LineageGraph();
        graph.LoadCheckpoint(bytes.ToArray());
        var answer = GraphApi.Lineage(new LineageQueryEngine(graph), Model.NodeId.From(events[0].Outputs[0].Id).ToString(), depth: 20, upstreamDepth: null, downstreamDepth: null, withRuns: null, includeDeleted: null, maxNodes: null);
        return answer.Result switch
        {
            ContentHttpResult content => content.StatusCode ?? StatusCodes.Status200OK,
            ProblemHttpResult problem => problem.StatusCode,
            _ => 0,
        };
    }
}
