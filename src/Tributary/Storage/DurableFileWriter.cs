namespace Tributary.Storage;

/// <summary>
/// Writes a new file from start to end and makes it durable, past the page cache where the system allows it: the
/// bytes go in 4 MB groups through a <see cref="SegmentAppender"/>, so a file of hundreds of megabytes (a graph
/// checkpoint) costs the device's time, not the kernel's copy into fresh cache pages. The file is whole and durable
/// once <see cref="Complete"/> returns; the caller then renames it into place.
/// </summary>
internal sealed class DurableFileWriter : IDisposable
{
    private const int Group = 4 << 20;

    private readonly SegmentAppender _appender;
    private int _pending; // bytes of the current group copied in, not yet written

    /// <summary>Creates (or empties) the file at <paramref name="path"/>.</summary>
    public DurableFileWriter(string path)
    {
        _appender = SegmentAppender.Create(path, direct: true);
        _appender.Next(Group); // sized once here, so a group being filled never moves
    }

    /// <summary>Appends <paramref name="bytes"/>, writing each group as it fills.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var room = Math.Min(bytes.Length, Group - _pending);
            bytes[..room].CopyTo(_appender.Next(Group)[_pending..]);
            _pending += room;
            bytes = bytes[room..];
            if (_pending == Group)
            {
                _appender.Write(Group, flush: false);
                _pending = 0;
            }
        }
    }

    /// <summary>Writes what is left and cuts the file to the bytes written, durably; throws when the disk refuses.</summary>
    public void Complete()
    {
        if (_pending > 0)
        {
            _appender.Write(_pending, flush: false);
            _pending = 0;
        }

        // A direct write ends with zeros up to a block boundary; a checkpoint file is exactly its bytes. Cutting them
        // off flushes the file, and with it every group written before.
        _appender.CutBack(_appender.Length);
    }

    /// <summary>Closes the file (a file not completed is left for the caller to delete).</summary>
    public void Dispose() => _appender.Dispose();
}
