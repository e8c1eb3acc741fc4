using Tributary.Model.Facets;

namespace Tributary.Graph;

// One version of a dataset: what one run wrote to it, with the statistics that run reported for it.
internal sealed class DatasetVersionRecord(int run)
{
    public int Run { get; } = run;
    public string? Version;
    public IReadOnlyList<SchemaField>? Schema;
    public DatasetStatistics Statistics;
    public string? LifecycleState;
    public long FirstSeen;
    public long LastSeen;

    // The newest stored event of the run writing this version and the output's position in it; 0 when not stored.
    public long Sequence;
    public int Index;

    // The first eight bytes of the run's id in its sort order, so versions first seen at one time (runs writing a
    // dataset together) are put in order without looking their runs up. Set when a run's version is made; 0 for one
    // read from a checkpoint until it is first compared (see GraphViews).
    public ulong RunOrder;
}
