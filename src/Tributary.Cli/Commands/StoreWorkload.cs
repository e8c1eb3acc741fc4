using System.Globalization;
using Tributary.Json;
using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Cli.Commands;

/// <summary>
/// The realistic store of <c>tributary bench store</c> (issue 9's workload): Spark-like RunEvents of about 3.4 KB,
/// written as NDJSON. Jobs form pipelines of <see cref="Stages"/> stages: each pipeline starts at its own raw source
/// table and every stage reads the previous stage's table (about a third also read a second table, a source or an
/// earlier stage of another pipeline) and writes one table of its own. So there are <c>jobs</c> written tables plus
/// one source per pipeline (50,000 jobs give 52,000 datasets), upstream chains are deep (up to 25 jobs), and an
/// upstream answer stays a few hundred nodes. Each run is a START and a COMPLETE event that both carry the inputs
/// and the output with schema facets and the output's 8-column <c>columnLineage</c> (every input field with its
/// transformation, <c>_producer</c> and <c>_schemaURL</c> on every facet, as producers send them: that is what makes
/// an event 3.4 KB rather than issue 9's 2.3 KB); the COMPLETE adds output statistics. The same arguments always
/// produce the same bytes.
/// </summary>
internal sealed class StoreWorkload
{
    /// <summary>Stages per pipeline: the depth of the deepest upstream chain, in jobs.</summary>
    public const int Stages = 25;

    /// <summary>Columns of every table (schema and column lineage).</summary>
    public const int Columns = 8;

    private const string SourceNamespace = "postgres://crm-db:5432";
    private const string WarehouseNamespace = "s3://lake";
    private const string JobNamespace = "spark-prod";
    private const string Producer = "https://github.com/OpenLineage/OpenLineage/tree/1.26.0/integration/spark";
    private const double SecondInputShare = 0.35;

    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Name, string Type)[] ColumnPool =
    [
        ("customer_id", "bigint"), ("order_id", "bigint"), ("order_date", "date"), ("amount", "decimal(18,2)"),
        ("currency", "string"), ("status", "string"), ("region", "string"), ("updated_at", "timestamp"),
        ("product_id", "bigint"), ("quantity", "int"), ("unit_price", "decimal(18,2)"), ("discount", "decimal(5,2)"),
        ("channel", "string"), ("country_code", "string"), ("email", "string"), ("segment", "string"),
        ("created_at", "timestamp"), ("store_id", "int"), ("invoice_id", "bigint"), ("tax", "decimal(18,2)"),
    ];

    private static readonly string[] Domains = ["sales", "fin", "mkt", "supply", "crm", "billing", "risk", "ops"];

    private readonly int _jobs;
    private readonly int _pipelines;
    private readonly int _seed;

    public StoreWorkload(int events, int jobs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        Events = events;
        _jobs = jobs;
        _seed = seed;
        _pipelines = (jobs + Stages - 1) / Stages;
    }

    /// <summary>How many events <see cref="WriteNdjson"/> writes.</summary>
    public int Events { get; }

    /// <summary>Runs: a START and a COMPLETE each (the last one only a START when <see cref="Events"/> is odd).</summary>
    public int Runs => (Events + 1) / 2;

    /// <summary>Jobs that run at least once.</summary>
    public int JobsUsed => Math.Min(_jobs, Runs);

    /// <summary>
    /// The table written by the deepest stage of the first pipeline: the end of a chain of up to
    /// <see cref="Stages"/> jobs, the dataset the upstream query starts from.
    /// </summary>
    public NodeId DeepDataset => NodeId.From(Output((JobsUsed - 1) / _pipelines * _pipelines));

    /// <summary>
    /// Writes every event as one line of <paramref name="path"/>; returns the bytes written and how many distinct
    /// datasets the events name (one source per pipeline plus one table per job that runs).
    /// </summary>
    public (long Bytes, int Datasets) WriteNdjson(string path)
    {
        var datasets = new HashSet<DatasetId>();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (var r = 0; r < Runs; r++)
        {
            var (start, complete) = Run(r);
            datasets.UnionWith(start.Inputs.Select(i => i.Id));
            datasets.UnionWith(start.Outputs.Select(o => o.Id));
            file.Write(LineageJson.SerializeToUtf8Bytes(start));
            file.WriteByte((byte)'\n');
            if (2 * r + 1 < Events)
            {
                file.Write(LineageJson.SerializeToUtf8Bytes(complete));
                file.WriteByte((byte)'\n');
            }
        }

        return (file.Length, datasets.Count);
    }

    private (RunEvent Start, RunEvent Complete) Run(int r)
    {
        var job = r % _jobs;
        var stage = job / _pipelines;
        var pipeline = job % _pipelines;

        // One generator per run, seeded by the run, so a run's shape does not depend on the ones before it.
        var random = new Random(Mix(_seed, r));
        var inputs = new List<DatasetId> { stage == 0 ? Source(pipeline) : Output(job - _pipelines) };
        var rng = new Random(Mix(_seed, ~job));
        if (rng.NextDouble() < SecondInputShare)
        {
            // A lookup: a raw source, or a table of an earlier stage of another pipeline.
            var other = rng.Next(_pipelines);
            var extra = stage == 0 || rng.Next(2) == 0 ? Source(other) : Output((rng.Next(stage) * _pipelines) + other);
            if (extra != inputs[0])
            {
                inputs.Add(extra);
            }
        }

        var output = Output(job);
        var runId = RunIdOf(random);
        var started = Start.AddSeconds(r * 3L);
        var ended = started.AddSeconds(20 + random.Next(600));
        var rows = 1_000L + random.Next(5_000_000);
        var jobId = new JobId(JobNamespace, string.Create(CultureInfo.InvariantCulture, $"{Domain(pipeline)}_etl.{(stage == 0 ? "load" : "build")}_{pipeline:D5}_s{stage:D2}"));
        var inputDatasets = inputs.Select(i => new InputDataset(i) { Facets = DatasetFacets(i) }).ToList();
        var lineage = ColumnLineage(output, inputs);
        OutputDataset Out(bool complete) => new(output)
        {
            Facets = DatasetFacets(output, lineage),
            OutputFacets = complete
                ? new FacetSet([new(OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = rows, Size = rows * 96, Producer = Producer })])
                : FacetSet.Empty,
        };

        RunEvent Event(RunState state, DateTimeOffset time) => new()
        {
            EventType = state,
            EventTime = time,
            Producer = Producer,
            Run = new Run(runId),
            Job = new Job(jobId),
            Inputs = inputDatasets,
            Outputs = [Out(state == RunState.Complete)],
        };

        return (Event(RunState.Start, started), Event(RunState.Complete, ended));
    }

    private FacetSet DatasetFacets(DatasetId dataset, Facet? columnLineage = null)
    {
        var facets = new List<KeyValuePair<string, Facet>>
        {
            new(SchemaDatasetFacet.Key, new SchemaDatasetFacet { Fields = [.. ColumnsOf(dataset).Select(c => new SchemaField(c.Name, c.Type))], Producer = Producer }),
        };
        if (columnLineage is not null)
        {
            facets.Add(new(ColumnLineageDatasetFacet.Key, columnLineage));
        }

        return new FacetSet(facets);
    }

    private ColumnLineageDatasetFacet ColumnLineage(DatasetId output, List<DatasetId> inputs)
    {
        // A stage keeps its pipeline's columns: seven are copied from the same column upstream, the last is computed
        // from that column and, when the job reads a second table, a column of it.
        var columns = ColumnsOf(output);
        var primary = inputs[0];
        var second = inputs[^1];
        var secondColumns = ColumnsOf(second);
        var identity = new[] { Transformation.Identity };
        var computed = new[] { new Transformation("DIRECT", "TRANSFORMATION") };
        var fields = new ColumnLineageField[Columns];
        for (var c = 0; c < Columns; c++)
        {
            fields[c] = c == Columns - 1
                ? new ColumnLineageField(columns[c].Name, inputs.Count == 1
                    ? [new InputField(primary.Namespace, primary.Name, columns[c].Name) { Transformations = computed }]
                    : [new InputField(primary.Namespace, primary.Name, columns[c].Name) { Transformations = computed },
                        new InputField(second.Namespace, second.Name, secondColumns[c].Name) { Transformations = computed }])
                : new ColumnLineageField(columns[c].Name, [new InputField(primary.Namespace, primary.Name, columns[c].Name) { Transformations = identity }]);
        }

        return new ColumnLineageDatasetFacet { Fields = fields, Producer = Producer };
    }

    // Every table of a pipeline has the pipeline's eight columns (distinct ones of the pool, chosen by the pipeline).
    private (string Name, string Type)[] ColumnsOf(DatasetId dataset)
    {
        var pipeline = PipelineOf(dataset);
        var offset = pipeline % ColumnPool.Length;
        var stride = pipeline / ColumnPool.Length % 2 == 0 ? 1 : 3; // 3 is coprime with the pool's 20, so the 8 stay distinct
        return [.. Enumerable.Range(0, Columns).Select(c => ColumnPool[(offset + (c * stride)) % ColumnPool.Length])];
    }

    // The pipeline number is the five digits after the first 'p' of a source or table name.
    private static int PipelineOf(DatasetId dataset)
    {
        var name = dataset.Name.AsSpan();
        var at = name.IndexOf("_p", StringComparison.Ordinal);
        return int.Parse(name.Slice(at + 2, 5), CultureInfo.InvariantCulture);
    }

    private static string Domain(int pipeline) => Domains[pipeline % Domains.Length];

    private static DatasetId Source(int pipeline) =>
        new(SourceNamespace, string.Create(CultureInfo.InvariantCulture, $"public.{Domain(pipeline)}_p{pipeline:D5}"));

    private DatasetId Output(int job)
    {
        var stage = job / _pipelines;
        var pipeline = job % _pipelines;
        return new(WarehouseNamespace, string.Create(CultureInfo.InvariantCulture, $"{Domain(pipeline)}.s{stage:D2}_p{pipeline:D5}"));
    }

    // A seed for System.Random from two numbers, the same in every process (HashCode.Combine is not).
    private static int Mix(int a, int b)
    {
        var x = unchecked(((ulong)(uint)a << 32) | (uint)b);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return (int)(x ^ (x >> 31));
    }

    private static RunId RunIdOf(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 in Guid's little-endian layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new RunId(new Guid(bytes));
    }
}
