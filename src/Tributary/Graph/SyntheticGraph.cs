using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Graph;

/// <summary>
/// Generates a synthetic lineage workload for benchmarks (and <c>tributary bench</c>): a layered graph where
/// each job writes its own datasets and reads datasets written by recent earlier jobs, so lineage is deep, fans
/// in, and has no cycles, like a real warehouse. The same arguments always produce the same events.
/// </summary>
public static class SyntheticGraph
{
    /// <summary>The namespace of every generated job and dataset: <c>synthetic</c>.</summary>
    public const string Namespace = "synthetic";

    /// <summary>The moment the first generated run completes; each next run is one second later.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Inputs come mostly from the datasets of the last few hundred jobs, which makes long upstream chains.
    private const int Window = 2_000;

    /// <summary>
    /// One COMPLETE run event per job, lazily. Job <c>k</c> writes about <paramref name="datasets"/> /
    /// <paramref name="jobs"/> datasets and reads enough earlier datasets that reads plus writes total about
    /// <paramref name="edges"/>. With <paramref name="columnsPerDataset"/> above zero each output carries a schema
    /// and column lineage (every column from the same column of one input).
    /// </summary>
    /// <param name="jobs">How many jobs (and runs); at least 1.</param>
    /// <param name="datasets">How many datasets; at least <paramref name="jobs"/>.</param>
    /// <param name="edges">How many read and write edges in total, roughly.</param>
    /// <param name="columnsPerDataset">Columns per dataset; 0 for table-level lineage only.</param>
    /// <param name="seed">The random seed.</param>
    public static IEnumerable<RunEvent> Generate(int jobs, int datasets, int edges, int columnsPerDataset, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(datasets, jobs);
        ArgumentOutOfRangeException.ThrowIfNegative(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(columnsPerDataset);
        return Events(jobs, datasets, edges, columnsPerDataset, seed);
    }

    /// <summary>The id of the <paramref name="index"/>-th generated dataset.</summary>
    public static DatasetId Dataset(int index) => new(Namespace, "ds" + index.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The id of the <paramref name="index"/>-th generated job.</summary>
    public static JobId Job(int index) => new(Namespace, "job" + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture));

    private static IEnumerable<RunEvent> Events(int jobs, int datasets, int edges, int columns, int seed)
    {
        var random = new Random(seed);
        var readsPerJob = Math.Max(0.0, (edges - (double)datasets) / jobs);
        var columnNames = Enumerable.Range(0, columns).Select(c => "c" + c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var schema = columns == 0 ? null : new SchemaDatasetFacet { Fields = [.. columnNames.Select(c => new SchemaField(c, "long"))] };
        var readCarry = 0.0;
        for (var k = 0; k < jobs; k++)
        {
            var first = (int)((long)datasets * k / jobs);
            var end = (int)((long)datasets * (k + 1) / jobs);
            readCarry += readsPerJob;
            var reads = first == 0 ? 0 : (int)readCarry;
            readCarry -= reads;
            var inputs = new List<DatasetId>(reads);
            var chosen = new HashSet<int>();
            for (var r = 0; r < reads && chosen.Count < first; r++)
            {
                // Nine reads in ten are recent datasets; the rest reach anywhere back, joining distant parts.
                var low = random.Next(10) == 0 ? 0 : Math.Max(0, first - Window);
                var index = random.Next(low, first);
                if (chosen.Add(index))
                {
                    inputs.Add(Dataset(index));
                }
            }

            var outputs = new List<OutputDataset>(end - first);
            for (var d = first; d < end; d++)
            {
                outputs.Add(new OutputDataset(Dataset(d)) { Facets = OutputFacets(schema, columnNames, inputs) });
            }

            yield return new RunEvent
            {
                EventType = RunState.Complete,
                EventTime = Start.AddSeconds(k),
                Producer = "https://tributary.dev/synthetic",
                Run = new Run(new RunId(new Guid(k, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)(seed & 0xff)))),
                Job = new Job(Job(k)),
                Inputs = [.. inputs.Select(i => new InputDataset(i))],
                Outputs = outputs,
            };
        }
    }

    private static FacetSet OutputFacets(SchemaDatasetFacet? schema, string[] columns, List<DatasetId> inputs)
    {
        if (schema is null)
        {
            return FacetSet.Empty;
        }

        var facets = new List<KeyValuePair<string, Facet>> { new(SchemaDatasetFacet.Key, schema) };
        if (inputs.Count > 0)
        {
            var fields = new ColumnLineageField[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                var input = inputs[c % inputs.Count];
                fields[c] = new ColumnLineageField(columns[c], [new InputField(input.Namespace, input.Name, columns[c]) { Transformations = [Transformation.Identity] }]);
            }

            facets.Add(new(ColumnLineageDatasetFacet.Key, new ColumnLineageDatasetFacet { Fields = fields }));
        }

        return new FacetSet(facets);
    }
}
