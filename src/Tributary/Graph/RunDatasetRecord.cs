namespace Tributary.Graph;

// A dataset a run read or wrote, with the statistics the run reported for it; a struct kept inline in the run's
// array, with -1 standing for "not reported" (a negative count or size is taken for none).
internal struct RunDatasetRecord(int dataset, bool output)
{
    private long _rowCount = -1;
    private long _bytes = -1;

    public readonly int Dataset => dataset;

    public readonly bool Output => output;

    // When the row count and size were last reported, so the newest report wins whatever the arrival order.
    public Stamp StatisticsAt;

    public long? RowCount
    {
        readonly get => _rowCount < 0 ? null : _rowCount;
        set => _rowCount = value ?? -1;
    }

    public long? Bytes
    {
        readonly get => _bytes < 0 ? null : _bytes;
        set => _bytes = value ?? -1;
    }
}
