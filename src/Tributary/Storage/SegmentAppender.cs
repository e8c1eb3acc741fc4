using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Tributary.Storage;

/// <summary>
/// Appends group commits to the end of one segment file and makes each durable before it returns. On Linux a large
/// group is written with O_DIRECT, past the page cache: it goes from this buffer to the disk, and the kernel neither
/// copies it nor keeps it. Through the cache, every byte written takes a new page, and on a virtual machine a page the
/// guest has not touched lately is backed by the host only when first written: writing 327 MB took 0.1 to 2.2 s of
/// kernel time depending on that, and O_DIRECT 0.05 to 0.15 s (dd, 512 KB writes, same hour). The server's batches
/// spent a third of a core copying into the cache.
/// Direct writes go in whole blocks at block offsets, so each one rewrites the block the last group ended in (kept
/// here) and ends with zeros up to a block boundary. Those zeros lie past <see cref="Length"/>, are overwritten by the
/// next group and cut off when the file is closed; a reader meeting them (a reader of a live store, or after a crash)
/// takes them for the end of the records (<see cref="IsPadding"/>). Where O_DIRECT is refused (a file system without
/// it, another system) or a direct write fails, the page cache takes every group.
/// </summary>
internal sealed class SegmentAppender : IDisposable
{
    /// <summary>Direct writes are this many bytes long and start at multiples of it; every Linux block size divides it.</summary>
    public const int Block = 4096;

    // A group this small goes through the page cache: copying it costs little, while a direct write waits for the
    // device before the fsync does again, which a client posting one event at a time would wait for.
    private const int DirectMinimum = 128 << 10;

    private readonly SafeFileHandle _handle;
    private SafeFileHandle? _direct;
    private byte[] _buffer = [];
    private int _start; // where the aligned part of _buffer begins
    private int _tail; // bytes of the last, partly written block, at _buffer[_start..]

    private SegmentAppender(string path, long length, bool direct, SegmentAppender? previous)
    {
        Path = path;
        Length = length;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            _direct = direct ? OpenDirect(path) : null;
            if (previous is { _buffer.Length: > 0 })
            {
                // The segment before's buffer, grown to the size groups take: a writer rolling every few hundred
                // milliseconds under load would otherwise grow a new pinned buffer from 64 KB each time, and pinned
                // arrays are reclaimed only by full collections.
                (_buffer, _start) = (previous._buffer, previous._start);
            }
            else
            {
                Grow(1 << 16);
            }

            LoadTail();
        }
        catch
        {
            // Closed as found: an open that fails changes nothing.
            _direct?.Dispose();
            _handle.Dispose();
            throw;
        }
    }

    /// <summary>The segment file.</summary>
    public string Path { get; }

    /// <summary>False once closed (a segment roll closes the file before it opens the next one).</summary>
    public bool IsOpen => !_handle.IsClosed;

    /// <summary>The durable end of the records: where the next group goes.</summary>
    public long Length { get; private set; }

    /// <summary>
    /// Opens the existing segment file at <paramref name="path"/> to append after its first <paramref name="length"/>
    /// bytes; <paramref name="direct"/> writes large groups past the page cache where the system allows it.
    /// </summary>
    public static SegmentAppender Open(string path, long length, bool direct) => new(path, length, direct, null);

    /// <summary>
    /// As <see cref="Open(string, long, bool)"/>, writing from the buffer of <paramref name="previous"/>, a closed
    /// appender of the segment before; <paramref name="previous"/> is not used again.
    /// </summary>
    public static SegmentAppender Open(string path, long length, bool direct, SegmentAppender previous) => new(path, length, direct, previous);

    /// <summary>Creates (or empties) the file at <paramref name="path"/> and opens it to append from its start.</summary>
    public static SegmentAppender Create(string path, bool direct)
    {
        File.Create(path).Dispose();
        return new(path, 0, direct, null);
    }

    /// <summary>
    /// True when <paramref name="rest"/>, the bytes from where records stop to the end of a file of
    /// <paramref name="fileLength"/> bytes, is the zeros a direct write leaves after the last record: all zero, shorter
    /// than a block, reaching a block boundary.
    /// </summary>
    public static bool IsPadding(ReadOnlySpan<byte> rest, long fileLength) =>
        rest.Length < Block && fileLength % Block == 0 && !rest.ContainsAnyExcept((byte)0);

    /// <summary>Room for the next group's <paramref name="bytes"/> bytes; <see cref="Write"/> then writes them.</summary>
    public Span<byte> Next(int bytes)
    {
        if (_tail + bytes + Block > _buffer.Length - _start)
        {
            Grow(Math.Max(_tail + bytes + Block, (_buffer.Length - Block) * 2));
        }

        return _buffer.AsSpan(_start + _tail, bytes);
    }

    /// <summary>
    /// Writes the first <paramref name="bytes"/> bytes given by <see cref="Next"/> after <see cref="Length"/>, and waits
    /// until they are on disk; with <paramref name="flush"/> false it does not wait for the device, and a later flush
    /// (<see cref="CutBack"/>) makes them durable.
    /// </summary>
    public void Write(int bytes, bool flush = true)
    {
        var total = _tail + bytes;
        if (_direct is not null && bytes >= DirectMinimum)
        {
            var blocks = (total + Block - 1) / Block * Block;
            _buffer.AsSpan(_start + total, blocks - total).Clear();
            try
            {
                RandomAccess.Write(_direct, _buffer.AsSpan(_start, blocks), Length - _tail);
                if (flush)
                {
                    RandomAccess.FlushToDisk(_direct);
                }
            }
            catch (IOException)
            {
                // Whatever the device refused, the page cache takes, from now on: the group is written again below.
                _direct.Dispose();
                _direct = null;
                Write(bytes, flush);
                return;
            }
        }
        else
        {
            RandomAccess.Write(_handle, _buffer.AsSpan(_start + _tail, bytes), Length);
            if (flush)
            {
                RandomAccess.FlushToDisk(_handle);
            }
        }

        Length += bytes;
        var tail = (int)(Length % Block);
        _buffer.AsSpan(_start + total - tail, tail).CopyTo(_buffer.AsSpan(_start));
        _tail = tail;
    }

    /// <summary>Cuts the file back to <paramref name="length"/> bytes, durably (after a failed write).</summary>
    public void CutBack(long length)
    {
        RandomAccess.SetLength(_handle, length);
        RandomAccess.FlushToDisk(_handle);
        Length = length;
        LoadTail();
    }

    /// <summary>Cuts off the zeros after the last record, durably, where it can, and closes the file; never throws.</summary>
    public void Dispose()
    {
        try
        {
            // A direct write that failed part way may also have left bytes there.
            if (!_handle.IsClosed && RandomAccess.GetLength(_handle) != Length)
            {
                RandomAccess.SetLength(_handle, Length);
                RandomAccess.FlushToDisk(_handle);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk: the zeros stay, and every reader takes them for the end of the records.
        }
        finally
        {
            _direct?.Dispose();
            _handle.Dispose();
        }
    }

    // The block the next direct write starts in holds records already on disk: it is read once, then kept after each write.
    private void LoadTail()
    {
        _tail = (int)(Length % Block);
        if (RandomAccess.Read(_handle, _buffer.AsSpan(_start, _tail), Length - _tail) != _tail)
        {
            throw new IOException($"{Path} ends before byte {Length}, where its records end.");
        }
    }

    // A pinned array never moves, so the block boundary found in it stays one.
    private void Grow(int bytes)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(bytes + Block, pinned: true);
        var start = (int)((Block - (Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0) % Block)) % Block);
        _buffer.AsSpan(_start, Math.Min(_tail, _buffer.Length - _start)).CopyTo(buffer.AsSpan(start));
        (_buffer, _start) = (buffer, start);
    }

    private static SafeFileHandle? OpenDirect(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // The flag's value differs between architectures; elsewhere the page cache it is.
        var direct = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 0x4000,
            Architecture.Arm64 => 0x10000,
            _ => 0,
        };
        if (direct == 0)
        {
            return null;
        }

        const int writeOnly = 1, closeOnExec = 0x80000;
        var fd = NativeOpen([.. System.Text.Encoding.UTF8.GetBytes(path), 0], writeOnly | closeOnExec | direct);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int NativeOpen(byte[] nullTerminatedUtf8Path, int flags);
}
