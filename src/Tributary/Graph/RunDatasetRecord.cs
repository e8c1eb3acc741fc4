namespace Tributary.Graph;

// A dataset a run read or wrote, with the statistics the run reported for it; a struct kept inline in the run's
// array, with long.MinValue standing for "not reported" (no producer sends it; -1 or 0 are counts a producer can send).
internal struct RunDatasetRecord(int dataset, bool output)
{
    private const long NotReported = long.MinValue;
    private long _rowCount = NotReported;
    private long _bytes = NotReported;

    public readonly int Dataset => dataset;

    public readonly bool Output => output;

    // When the row count and size were last reported, so the newest report wins whatever the arrival order.
    public Stamp StatisticsAt;

    public long? RowCount
    {
        readonly get => _rowCount == NotReported ? null : _rowCount;
        set => _rowCount = value ?? NotReported;
    }

    public long? Bytes
    {
        readonly get => _bytes == NotReported ? null : _bytes;
        set => _bytes = value ?? NotReported;
    }
}
