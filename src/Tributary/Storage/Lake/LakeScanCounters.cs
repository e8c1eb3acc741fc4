namespace Tributary.Storage.Lake;

/// <summary>What reads of the lake touched and skipped; tests use it to check partition and row-group pruning.</summary>
internal sealed class LakeScanCounters
{
    private long _filesOpened;
    private long _rowGroupsRead;
    private long _rowGroupsSkipped;

    public long FilesOpened => Interlocked.Read(ref _filesOpened);

    public long RowGroupsRead => Interlocked.Read(ref _rowGroupsRead);

    public long RowGroupsSkipped => Interlocked.Read(ref _rowGroupsSkipped);

    public void FileOpened() => Interlocked.Increment(ref _filesOpened);

    public void RowGroupRead() => Interlocked.Increment(ref _rowGroupsRead);

    public void RowGroupSkipped() => Interlocked.Increment(ref _rowGroupsSkipped);

    public void Reset()
    {
        Interlocked.Exchange(ref _filesOpened, 0);
        Interlocked.Exchange(ref _rowGroupsRead, 0);
        Interlocked.Exchange(ref _rowGroupsSkipped, 0);
    }
}
