using Tributary.Model;
using Tributary.Model.Facets;

namespace Tributary.Tests.Graph;

/// <summary>Builds the events graph and query tests need, stating only what matters to each test.</summary>
internal static class GraphEvents
{
    /// <summary>The moment test timelines start from.</summary>
    public static readonly DateTimeOffset T0 = new(2025, 1, 17, 8, 0, 0, TimeSpan.Zero);

    public static DatasetId Dataset(string name, string ns = "warehouse") => new(ns, name);

    public static JobId Job(string name, string ns = "etl") => new(ns, name);

    public static FieldId Field(string dataset, string field) => new(Dataset(dataset), field);

    public static NodeId Node(DatasetId dataset) => NodeId.From(dataset);

    public static NodeId Node(JobId job) => NodeId.From(job);

    public static NodeId Node(FieldId field) => NodeId.From(field);

    /// <summary>A run event of a job reading and writing plain datasets.</summary>
    public static RunEvent Run(
        JobId job,
        IEnumerable<DatasetId> inputs,
        IEnumerable<DatasetId> outputs,
        RunState state = RunState.Complete,
        DateTimeOffset? at = null,
        RunId? run = null) => new()
        {
            EventType = state,
            EventTime = at ?? T0,
            Producer = "https://tributary.dev/tests",
            Run = new Run(run ?? RunId.New()),
            Job = new Job(job),
            Inputs = [.. inputs.Select(i => new InputDataset(i))],
            Outputs = [.. outputs.Select(o => new OutputDataset(o))],
        };

    /// <summary>A complete run event whose inputs and outputs are given in full (with facets).</summary>
    public static RunEvent Run(JobId job, InputDataset[] inputs, OutputDataset[] outputs, RunState state = RunState.Complete, DateTimeOffset? at = null, RunId? run = null) => new()
    {
        EventType = state,
        EventTime = at ?? T0,
        Producer = "https://tributary.dev/tests",
        Run = new Run(run ?? RunId.New()),
        Job = new Job(job),
        Inputs = inputs,
        Outputs = outputs,
    };

    public static FacetSet Facets(params (string Name, Facet Facet)[] facets) =>
        new(facets.Select(f => new KeyValuePair<string, Facet>(f.Name, f.Facet)));

    public static OutputDataset Output(DatasetId id, params (string Name, Facet Facet)[] facets) => new(id) { Facets = Facets(facets) };

    public static OutputDataset Output(DatasetId id, long rows, params (string Name, Facet Facet)[] facets) => new(id)
    {
        Facets = Facets(facets),
        OutputFacets = Facets((OutputStatisticsOutputDatasetFacet.Key, new OutputStatisticsOutputDatasetFacet { RowCount = rows, Size = rows * 10 })),
    };

    public static InputDataset Input(DatasetId id, params (string Name, Facet Facet)[] facets) => new(id) { Facets = Facets(facets) };

    public static (string, Facet) Schema(params string[] fields) =>
        (SchemaDatasetFacet.Key, new SchemaDatasetFacet { Fields = [.. fields.Select(f => new SchemaField(f, "string"))] });

    public static (string, Facet) Owners(params string[] owners) =>
        (OwnershipFacet.Key, new OwnershipFacet { Owners = [.. owners.Select(o => new Owner(o, "MAINTAINER"))] });

    public static (string, Facet) Tags(params Tag[] tags) => (TagsFacet.Key, new TagsFacet { Tags = tags });

    public static (string, Facet) Lifecycle(string change, DatasetId? previous = null) =>
        (LifecycleStateChangeDatasetFacet.Key, new LifecycleStateChangeDatasetFacet(change) { PreviousIdentifier = previous });

    public static (string, Facet) Symlinks(params DatasetId[] aliases) =>
        (SymlinksDatasetFacet.Key, new SymlinksDatasetFacet { Identifiers = [.. aliases.Select(a => new SymlinkIdentifier(a.Namespace, a.Name, "TABLE"))] });

    public static (string, Facet) Documentation(string description) => (DocumentationFacet.Key, new DocumentationFacet(description));

    /// <summary>A columnLineage facet: each output field with the input fields it comes from.</summary>
    public static (string, Facet) Columns(params (string Field, InputField[] Inputs)[] fields) =>
        (ColumnLineageDatasetFacet.Key, new ColumnLineageDatasetFacet { Fields = [.. fields.Select(f => new ColumnLineageField(f.Field, f.Inputs))] });

    /// <summary>An input field of a columnLineage facet with its transformations (DIRECT/IDENTITY when none given).</summary>
    public static InputField From(DatasetId dataset, string field, params Transformation[] transformations) =>
        new(dataset.Namespace, dataset.Name, field) { Transformations = transformations.Length == 0 ? [Transformation.Identity] : transformations };

    /// <summary>A chain d0 → j1 → d1 → j2 → ... → dN of <paramref name="jobs"/> jobs.</summary>
    public static IEnumerable<RunEvent> Chain(int jobs, string prefix = "d")
    {
        for (var i = 1; i <= jobs; i++)
        {
            yield return Run(Job($"j{i}"), [Dataset($"{prefix}{i - 1}")], [Dataset($"{prefix}{i}")], at: T0.AddMinutes(i));
        }
    }
}
