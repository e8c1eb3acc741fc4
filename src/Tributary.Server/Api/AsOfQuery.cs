using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Query;
using Tributary.Server.Hosting;

namespace Tributary.Server.Api;

/// <summary>
/// The <c>asOf</c> query parameter every query endpoint takes, read as the CLI's <c>--as-of</c> is (an ISO 8601
/// time or a run id, by <see cref="LineageQueryEngine.ParseMoment"/>): the engine to answer with, as of that moment.
/// </summary>
internal static class AsOfQuery
{
    /// <summary>The engine for <paramref name="asOf"/> (the service's own when it is absent), or a 400 problem saying what to give.</summary>
    public static bool TryEngine(LineageService lineage, string? asOf, out LineageQueryEngine engine, out ProblemHttpResult? problem)
    {
        engine = lineage.Engine;
        problem = null;
        if (string.IsNullOrWhiteSpace(asOf))
        {
            return true;
        }

        try
        {
            engine = engine.AsOf(engine.ParseMoment(asOf));
            return true;
        }
        catch (FormatException ex)
        {
            problem = Problems.BadRequest("asOf: " + ex.Message);
            return false;
        }
    }

    /// <summary>What <paramref name="answer"/> says over the service's graph as of <paramref name="asOf"/> (as it is when absent), or a 400 problem saying what to give.</summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> AnswerAsync<T>(LineageService lineage, string? asOf, Func<Tributary.Graph.LineageGraph, Task<Results<Ok<T>, ProblemHttpResult>>> answer) =>
        TryEngine(lineage, asOf, out var engine, out var problem) ? await answer(engine.Graph) : problem!;
}
