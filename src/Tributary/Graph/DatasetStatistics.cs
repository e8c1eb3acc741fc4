namespace Tributary.Graph;

// The row count and size a run reported for a dataset it read or wrote, kept with -1 for "not reported" rather than as
// nullables (16 bytes instead of 32 per run's dataset and per version); a negative count or size is taken for none.
internal struct DatasetStatistics
{
    private long _rowCount;
    private long _bytes;

    // Nothing reported.
    public DatasetStatistics() => (_rowCount, _bytes) = (-1, -1);

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
