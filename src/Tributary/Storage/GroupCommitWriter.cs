using System.Threading.Channels;

namespace Tributary.Storage;

/// <summary>
/// The single writer of a <see cref="FileLineageStore"/>. Appenders queue records; one dedicated thread takes
/// everything queued, writes it with one write call and one fsync (a group commit), and only then completes the
/// appenders' tasks. Many concurrent appenders therefore share each fsync, and record order is queue order.
/// A failed write (a full disk, an I/O error) fails that group's appenders with <see cref="StoreWriteException"/>, cuts
/// the file back to its last durable record and takes the next group as usual: the store never stays failed, so once
/// space returns the next append succeeds.
/// </summary>
internal sealed class GroupCommitWriter
{
    private readonly Channel<PendingAppend> _queue =
        Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });

    private readonly string _folder;
    private readonly SegmentSet _segments;
    private readonly FileLineageStoreOptions _options;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PendingAppend> _batch = [];
    private readonly List<long> _firstSequences = []; // of each append in _batch, once written
    private SegmentAppender _file;
    private long _nextSequence;
    private long _committedSequence;
    private long _batchStart; // of the group being written
    private long _ingestTicks; // of the group being written
    private bool _tornTail; // a failed write may have left bytes past the last durable record

    public GroupCommitWriter(string folder, SegmentSet segments, long nextSequence, FileLineageStoreOptions options)
    {
        _folder = folder;
        _segments = segments;
        _options = options;
        _nextSequence = nextSequence;
        _committedSequence = nextSequence - 1;
        var last = segments.Last;
        _file = SegmentAppender.Open(last.Path, last.Length, options.BypassPageCache);
        var thread = new Thread(Run) { IsBackground = true, Name = "Tributary store writer" };
        thread.Start();
    }

    /// <summary>The last sequence number that is durable.</summary>
    public long CommittedSequence => Volatile.Read(ref _committedSequence);

    /// <summary>Queues a record or a run of records; its task completes when they are durable, or fails if the write fails.</summary>
    public void Append(PendingAppend append)
    {
        if (!_queue.Writer.TryWrite(append))
        {
            throw new ObjectDisposedException(nameof(FileLineageStore));
        }
    }

    /// <summary>Stops taking appends, writes what is queued, closes the file.</summary>
    public Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _stopped.Task;
    }

    private void Run()
    {
        var reader = _queue.Reader;
        try
        {
            while (WaitToRead(reader))
            {
                var bytes = 0;
                while (bytes < _options.MaxBatchBytes && reader.TryRead(out var append))
                {
                    _batch.Add(append);
                    bytes += append.Bytes;
                }

                Commit(bytes);
                _batch.Clear();
                _firstSequences.Clear();
            }
        }
        finally
        {
            _file.Dispose();
            _stopped.TrySetResult();
        }
    }

    // The writer owns a whole thread, so blocking on the channel here costs nothing and keeps fsync off the pool.
    private static bool WaitToRead(ChannelReader<PendingAppend> reader)
    {
        var wait = reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private void Commit(int bytes)
    {
        try
        {
            if (_tornTail)
            {
                CutBack();
            }

            Write(bytes);
        }
#pragma warning disable CA1031 // Whatever failed, no appender of this group is acknowledged, and the next group retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _nextSequence = _committedSequence + 1;
            _tornTail = true;
            TryCutBack();
            var failure = new StoreWriteException(Path.GetDirectoryName(_folder)!, ex);
            foreach (var append in _batch)
            {
                append.Fail(failure);
            }

            return;
        }

        for (var i = 0; i < _batch.Count; i++)
        {
            _batch[i].Complete(_firstSequences[i], _batchStart, _ingestTicks);
        }
    }

    // Bytes of a failed write past the last durable record would sit before the next records: cut them off, durably.
    private void CutBack()
    {
        var segment = _segments.Last;
        if (segment.Path != _file.Path || !_file.IsOpen)
        {
            _file.Dispose();
            _file = SegmentAppender.Open(segment.Path, segment.Length, _options.BypassPageCache);
        }

        _file.CutBack(segment.Length);
        _tornTail = false;
    }

    private void TryCutBack()
    {
        try
        {
            CutBack();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still failing (the disk is still full, say): the next group cuts back first, before it writes.
        }
    }

    private void Write(int bytes)
    {
        var segment = _segments.Last;
        if (segment.Length >= _options.SegmentBytes && segment.Count > 0)
        {
            segment = Roll();
        }

        var buffer = _file.Next(bytes);
        var ingestTicks = _ingestTicks = _options.TimeProvider.GetUtcNow().UtcTicks;
        var batchStart = _batchStart = _nextSequence;
        var position = 0;
        foreach (var append in _batch)
        {
            _firstSequences.Add(_nextSequence);
            for (var i = 0; i < append.Count; i++)
            {
                var record = append[i];
                var size = RecordFormat.RecordSize(record.Raw.Length);
                var header = new RecordHeader(_nextSequence++, batchStart, ingestTicks, record.EventTicks, record.Digest);
                RecordFormat.Write(buffer.Slice(position, size), header, record.Raw.Span);
                position += size;
            }
        }

        _file.Write(position);

        _segments.Update((segment, this), static state =>
        {
            var (s, writer) = state;
            var offset = s.Length;
            foreach (var append in writer._batch)
            {
                for (var i = 0; i < append.Count; i++)
                {
                    var record = append[i];
                    var end = offset + RecordFormat.RecordSize(record.Raw.Length);
                    s.Add(offset, end, record.EventTicks, record.Digest);
                    offset = end;
                }
            }
        });
        Volatile.Write(ref _committedSequence, _nextSequence - 1);
    }

    // A new segment is made durable (its header, then its directory entry) before any record goes into it.
    private Segment Roll()
    {
        var first = _nextSequence;
        var path = Path.Combine(_folder, RecordFormat.SegmentFileName(first));
        // A roll that failed half way (a full disk) left a file no record was acknowledged in: start it again.
        File.Delete(path);
        // The old file is closed first, which cuts off what a direct write left after its last record: a segment that
        // later ones follow ends at its last record.
        var closed = _file;
        closed.Dispose();
        var sealedSegment = _segments.Last;
        if (sealedSegment.TailDigests is { } digests)
        {
            // Its index, from what this writer wrote into it, so no opening has to read it back (SegmentIndexFile).
            sealedSegment.TailDigests = null;
            SegmentIndexFile.TryWrite(sealedSegment, digests);
        }

        FileLineageStore.CreateSegmentFile(path, first).Dispose();
        _file = SegmentAppender.Open(path, RecordFormat.SegmentHeaderSize, _options.BypassPageCache, closed);
        var segment = new Segment(path, first) { TailDigests = [] };
        _segments.Add(segment);
        return segment;
    }
}
