using Tributary.Graph;

namespace Tributary.Ingest;

/// <summary>
/// A graph checkpoint being read ahead of the replica that will use it, so a process that has other start-up work
/// (a server building its host) reads the file on another core meanwhile. Start it as soon as the checkpoint's path
/// is known and pass it as <see cref="LineageReplicaOptions.Preload"/>; the replica checks it against the store
/// exactly as it checks a checkpoint it reads itself, so a preload never changes an answer, only when it is ready.
/// </summary>
public sealed class CheckpointPreload
{
    private readonly Task<Loaded> _loading;
    private int _claimed;

    private CheckpointPreload(string path, Task<Loaded> loading)
    {
        Path = path;
        _loading = loading;
    }

    /// <summary>The checkpoint file being read, as a full path.</summary>
    public string Path { get; }

    /// <summary>Starts reading the checkpoint at <paramref name="path"/> on the thread pool; a missing file is not an error.</summary>
    public static CheckpointPreload Start(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        return new CheckpointPreload(full, Task.Run(() => Load(full)));
    }

    /// <summary>
    /// True for the first caller only: the loaded graph is handed to one replica, and any other reads the file itself.
    /// </summary>
    internal bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

    /// <summary>
    /// The loaded graph with the sequence it covers and its mark, or null when there was no file; a damaged file
    /// throws as <see cref="LineageGraph.LoadCheckpointFile"/> does, when awaited.
    /// </summary>
    internal async Task<(LineageGraph Graph, long Through, byte[] Mark)?> TakeAsync(CancellationToken cancellationToken)
    {
        var loaded = await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        loaded.Error?.Throw();
        return loaded.Graph is null ? null : (loaded.Graph, loaded.Through, loaded.Mark);
    }

    // Exceptions are kept, not thrown on the pool, so an unused preload never surfaces as an unobserved task error.
    private static Loaded Load(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return new Loaded(null, 0, [], null);
            }

            var graph = new LineageGraph();
            var (through, mark) = graph.LoadCheckpointFile(path);
            return new Loaded(graph, through, mark, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return new Loaded(null, 0, [], System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex));
        }
    }

    private sealed record Loaded(LineageGraph? Graph, long Through, byte[] Mark, System.Runtime.ExceptionServices.ExceptionDispatchInfo? Error);
}
