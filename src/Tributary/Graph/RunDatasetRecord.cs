namespace Tributary.Graph;

// A dataset a run read or wrote, with the statistics the run reported for it.
internal sealed class RunDatasetRecord(int dataset, bool output)
{
    public int Dataset { get; } = dataset;
    public bool Output { get; } = output;
    public long? RowCount;
    public long? Bytes;
}
