using System.Text;
using Tributary.Graph;
using Tributary.Json;
using Tributary.Storage;

namespace Tributary.Tests.Storage.Lake;

/// <summary>Runs over several days for lake tests: a START and a COMPLETE or FAIL per run, with statistics, errors and operation types.</summary>
public static class LakeEvents
{
    /// <summary>The first run's start.</summary>
    public static DateTimeOffset Start { get; } = new(2024, 5, 1, 22, 0, 0, TimeSpan.Zero);

    /// <summary>Run i starts this long after <see cref="Start"/>: runs spread over about four days.</summary>
    public static TimeSpan Spacing { get; } = TimeSpan.FromMinutes(7);

    /// <summary>The run id of run i.</summary>
    public static string RunId(int i) => $"018f3a2c-0000-7000-8000-{i:D12}";

    /// <summary>The start of run i.</summary>
    public static DateTimeOffset StartOf(int i) => Start + (Spacing * i);

    /// <summary>Whether run i fails.</summary>
    public static bool Fails(int i) => i % 10 == 9;

    /// <summary>The two events of run i (START, then COMPLETE or FAIL 90 seconds later).</summary>
    public static (byte[] Start, byte[] End) Run(int i)
    {
        var start = StartOf(i);
        var end = start.AddSeconds(90);
        var job = $"\"job\":{{\"namespace\":\"etl\",\"name\":\"daily-{i % 4}\"}}";
        var inputs = $"\"inputs\":[{{\"namespace\":\"postgres://db:5432\",\"name\":\"public.orders_{i % 3}\",\"inputFacets\":{{\"inputStatistics\":{{\"_producer\":\"https://example.com\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json\",\"rowCount\":{1000 + i}}}}}}}]";
        var outputs = $"\"outputs\":[{{\"namespace\":\"s3://lake\",\"name\":\"daily/{i % 4}\",\"outputFacets\":{{\"outputStatistics\":{{\"_producer\":\"https://example.com\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json\",\"rowCount\":{500 + i},\"size\":{4096 * i}}}}}}}]";
        var operation = $"\"tributary_operation\":{{\"_producer\":\"https://example.com\",\"_schemaURL\":\"https://tributary.dev/spec/facets/1-0-0/OperationTypeRunFacet.json\",\"operationType\":\"{(i % 2 == 0 ? "TRANSFORM" : "AGGREGATE")}\"}}";
        var error = Fails(i) ? $",\"errorMessage\":{{\"_producer\":\"https://example.com\",\"_schemaURL\":\"https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json\",\"message\":\"division by zero in run {i}\",\"programmingLanguage\":\"SQL\"}}" : "";
        return (
            Event("START", start, $"{{\"runId\":\"{RunId(i)}\",\"facets\":{{{operation}}}}}", job, inputs, "\"outputs\":[]"),
            Event(Fails(i) ? "FAIL" : "COMPLETE", end, $"{{\"runId\":\"{RunId(i)}\",\"facets\":{{{operation}{error}}}}}", job, inputs, outputs));
    }

    /// <summary>Appends <paramref name="runs"/> runs (from run <paramref name="first"/>) to a store and a graph, START events first within each run.</summary>
    public static async Task AppendAsync(ILineageStore store, LineageGraph graph, int runs, int first = 0)
    {
        for (var i = first; i < first + runs; i++)
        {
            var (start, end) = Run(i);
            foreach (var raw in new[] { start, end })
            {
                var parsed = LineageJson.Deserialize(raw);
                await store.AppendAsync(raw, parsed.EventTime, EventDigest.Compute(raw));
                graph.Apply(parsed);
            }
        }
    }

    private static byte[] Event(string type, DateTimeOffset time, string run, string job, string inputs, string outputs) => Encoding.UTF8.GetBytes(
        $"{{\"eventType\":\"{type}\",\"eventTime\":\"{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\",\"run\":{run},{job},{inputs},{outputs},\"producer\":\"https://example.com/tests\",\"schemaURL\":\"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent\"}}");
}
