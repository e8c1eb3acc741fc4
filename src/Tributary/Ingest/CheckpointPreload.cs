using Tributary.Graph;
using Tributary.Storage;

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
    private readonly Task<(long Through, byte[] Mark)?> _marking;
    private int _claimed;

    private CheckpointPreload(string path, Task<Loaded> loading, Task<(long Through, byte[] Mark)?> marking)
    {
        Path = path;
        _loading = loading;
        _marking = marking;
    }

    /// <summary>The checkpoint file being read, as a full path.</summary>
    public string Path { get; }

    /// <summary>
    /// Starts reading the checkpoint at <paramref name="path"/> on the thread pool; a missing file is not an error.
    /// When the checkpoint lies in an embedded store's folder (its usual place), the store's fingerprint of the event
    /// the checkpoint ends at is looked up meanwhile too, so the replica need not wait for that read after the load.
    /// </summary>
    public static CheckpointPreload Start(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        return new CheckpointPreload(full, Task.Run(() => Load(full)), Task.Run(() => LookUpMarkAsync(full)));
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

    /// <summary>
    /// The fingerprint looked up ahead, when <paramref name="store"/> is the embedded store in the checkpoint's folder;
    /// null otherwise. Its result is null when the lookup failed, and the replica then looks the event up itself.
    /// </summary>
    internal Task<(long Through, byte[] Mark)?>? MarkFor(ILineageStore store) =>
        store is EmbeddedLineageStore embedded
        && string.Equals(System.IO.Path.GetFullPath(embedded.Directory), System.IO.Path.GetDirectoryName(Path), StringComparison.Ordinal)
            ? _marking
            : null;

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

    // Reads, in the store the checkpoint's folder holds (opened read-only, as a query does while a server writes), the
    // fingerprint of the event the checkpoint's header names. Events never change once stored, so it is the one the
    // replica's own store gives; any failure leaves the lookup to the replica, which reports it.
    private static async Task<(long Through, byte[] Mark)?> LookUpMarkAsync(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(path)!;
            if (!FileLineageStore.Exists(directory)
                || LineageGraph.PeekCheckpointThrough(path) is not (> 0 and var through))
            {
                return null;
            }

            await using var store = EmbeddedLineageStore.Open(directory, new FileLineageStoreOptions { ReadOnly = true });
            return through > store.Count ? null : (through, await LineageReplica.MarkOfAsync(store, through, CancellationToken.None).ConfigureAwait(false));
        }
#pragma warning disable CA1031 // A lookup ahead that fails is redone by the replica, which reports the failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private sealed record Loaded(LineageGraph? Graph, long Through, byte[] Mark, System.Runtime.ExceptionServices.ExceptionDispatchInfo? Error);
}
