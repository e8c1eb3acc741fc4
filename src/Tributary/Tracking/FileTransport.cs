using Tributary.Json;
using Tributary.Model;

namespace Tributary.Tracking;

/// <summary>
/// Appends each event as one line of JSON (NDJSON) to a file, creating the file and its folder when needed. The
/// file stays open while the transport lives; other processes may read it meanwhile. Each event is flushed to the
/// operating system before <see cref="SendAsync"/> completes.
/// </summary>
public sealed class FileTransport : ILineageTransport, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _stream;
    private bool _disposed;

    /// <summary>Creates a transport appending to the file at <paramref name="path"/> (relative paths resolve against the current directory).</summary>
    public FileTransport(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The full path of the file events are appended to.</summary>
    public string Path { get; }

    /// <summary>Appends the event and a line feed, then flushes; throws when the file cannot be written.</summary>
    public async ValueTask SendAsync(LineageEvent lineageEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        var json = LineageJson.SerializeToUtf8Bytes(lineageEvent);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var stream = _stream ??= Open();
            await stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
            stream.WriteByte((byte)'\n');
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
                _stream = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private FileStream Open()
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        return new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
    }
}
