using System.Collections.Concurrent;
using Tributary.Storage;

namespace Tributary.Graph;

// Writes a checkpoint file on a thread of its own while the graph is still being serialised: the serialiser hands it
// each piece of the body as soon as the piece is final (CheckpointWriter's onSealed), and it writes the piece and adds
// it to the checksum. Serialised first and written afterwards, 100,000 realistic events' 84 MB checkpoint took about
// 0.1 s more at the end of `tributary ingest`, the disk's time and the copy into its write buffer, while the other
// core was idle. The pieces stay owned by the serialiser's buffers: the snapshot that holds them stops this writer
// (Dispose) before it frees them.
internal sealed class CheckpointFileWriter : IDisposable
{
    private readonly DurableFileWriter _file;
    private readonly BlockingCollection<(nint Start, int Length)> _pieces = [];
    private Thread? _thread;
    private Exception? _failure;
    private volatile bool _abandoned;
    private bool _disposed;
    private uint _crc = ~0u;
    private long _length;

    /// <summary>Creates (or empties) the file at <paramref name="path"/>; nothing is written until <see cref="Start"/>.</summary>
    public CheckpointFileWriter(string path) => _file = new DurableFileWriter(path);

    // Writes the checkpoint's header, then starts taking pieces of its body (Add).
    public void Start(ReadOnlySpan<byte> header)
    {
        _file.Write(header);
        _thread = new Thread(Run) { IsBackground = true, Name = "Tributary checkpoint writer" };
        _thread.Start();
    }

    // The next piece of the body, `length` bytes at `start`: written in the order given.
    public void Add(nint start, int length) => _pieces.Add((start, length));

    // Waits until every piece of `snapshot`'s body is written (the snapshot SnapshotCheckpoint made with this writer),
    // then writes the trailer and makes the file durable; throws what writing failed with.
    public void Complete(CheckpointSnapshot snapshot)
    {
        Stop();
        if (_failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }

        if (_length != snapshot.Length)
        {
            throw new InvalidOperationException($"the checkpoint's body is {snapshot.Length} bytes, but {_length} were handed over to be written");
        }

        _file.Write(LineageGraph.CheckpointTrailer(snapshot.TablesAt, _length, ~_crc));
        _file.Complete();
    }

    /// <summary>
    /// Stops the writing thread, without writing what it still holds, and closes the file (one not completed is left for
    /// the caller to delete). Call it before the pieces handed over are freed, however serialising ended.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _abandoned = true;
        Stop();
        _file.Dispose();
        _pieces.Dispose();
    }

    private void Stop()
    {
        if (!_pieces.IsAddingCompleted)
        {
            _pieces.CompleteAdding();
        }

        _thread?.Join();
    }

    private unsafe void Run()
    {
        foreach (var (start, length) in _pieces.GetConsumingEnumerable())
        {
            if (_failure is not null || _abandoned)
            {
                continue; // drained, so the serialiser never waits on a writer that gave up
            }

            try
            {
                var piece = new ReadOnlySpan<byte>((void*)start, length);
                _crc = Crc32C.Append(_crc, piece);
                _length += length;
                _file.Write(piece);
            }
#pragma warning disable CA1031 // Whatever writing throws is rethrown by Complete; thrown on this thread it would end the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _failure = ex;
            }
        }
    }
}
