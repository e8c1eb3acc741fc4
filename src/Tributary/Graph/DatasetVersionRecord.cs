using Tributary.Model.Facets;

namespace Tributary.Graph;

// One version of a dataset: what one run wrote to it. A graph holds one per run and output, so the statistics keep
// "not reported" as -1 instead of a nullable's flag and padding (16 bytes less per version); a negative count or size
// is taken for none, as in the run's own statistics (RunDatasetRecord) the version's come from.
internal sealed class DatasetVersionRecord(int run)
{
    private long _rowCount = -1;
    private long _bytes = -1;

    public int Run { get; } = run;
    public string? Version;
    public IReadOnlyList<SchemaField>? Schema;

    public long? RowCount
    {
        get => _rowCount < 0 ? null : _rowCount;
        set => _rowCount = value ?? -1;
    }

    public long? Bytes
    {
        get => _bytes < 0 ? null : _bytes;
        set => _bytes = value ?? -1;
    }

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
