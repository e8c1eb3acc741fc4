using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Model;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>Turns a <c>nodeId</c> query value into a graph node: a Marquez node id, or a plain name when it is unambiguous.</summary>
internal static class NodeLookup
{
    public static bool TryFind(LineageService lineage, string? text, string parameter, out NodeId node, out ProblemHttpResult? problem) =>
        TryFind(lineage.Engine, text, parameter, out node, out problem);

    /// <summary>As above, in the graph an engine reads (one as of a moment finds only the nodes seen by then).</summary>
    public static bool TryFind(Query.LineageQueryEngine engine, string? text, string parameter, out NodeId node, out ProblemHttpResult? problem)
    {
        node = default;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = Problems.BadRequest($"{parameter} is required: a node id such as dataset:namespace:name or job:namespace:name.");
            return false;
        }

        if (NodeId.TryParse(text, out var parsed))
        {
            if (engine.Graph.Resolve(parsed) is { } resolved)
            {
                node = resolved;
                return true;
            }

            problem = Problems.NotFound($"{parameter} '{text}' is not in the lineage graph.");
            return false;
        }

        var resolution = engine.Resolve(text);
        if (resolution.Node is { } found)
        {
            node = found;
            return true;
        }

        problem = resolution.IsAmbiguous
            ? Problems.BadRequest($"{parameter} '{text}' matches several nodes: {string.Join(", ", resolution.Candidates.Take(10))}.")
            : Problems.NotFound($"{parameter} '{text}' is not in the lineage graph.");
        return false;
    }
}
