namespace Tributary.Graph;

// The row count and size a run reported for a dataset it read or wrote, kept without nullables' flags and padding (16
// bytes instead of 32 per run's dataset and per version). "Not reported" is long.MinValue, a value no producer sends,
// not -1 or 0: both are counts a producer can send. The fields hold each value with its top bit flipped, so the
// all-zero default is "nothing reported", also in a record made without a constructor.
internal struct DatasetStatistics
{
    private long _rowCount;
    private long _bytes;

    public long? RowCount
    {
        readonly get => _rowCount == 0 ? null : _rowCount ^ long.MinValue;
        set => _rowCount = value is { } v ? v ^ long.MinValue : 0;
    }

    public long? Bytes
    {
        readonly get => _bytes == 0 ? null : _bytes ^ long.MinValue;
        set => _bytes = value is { } v ? v ^ long.MinValue : 0;
    }
}
