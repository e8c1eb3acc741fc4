using Microsoft.Extensions.Options;

namespace Tributary.Server.Hosting;

/// <summary>
/// Bounds how many compressed request bodies are inflated at once. A compressed body is where a few kilobytes sent
/// become megabytes: a single event is inflated and held whole (up to <see cref="ServerOptions.MaxEventBytes"/>), a
/// batch is inflated as the door reads it, and both cost CPU. With the bound, 32 gzip bombs at once inflate
/// <see cref="ServerOptions.MaxConcurrentDecompressions"/> at a time, and the others wait their turn.
/// </summary>
internal sealed class DecompressionGate(IOptions<ServerOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDecompressions, options.Value.MaxConcurrentDecompressions);

    /// <summary>How long a request waits for a slot before it is told to come back (503).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A slot to inflate and hold one body in, released by disposing it; null when none came free in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken cancellationToken) =>
        await _slots.WaitAsync(Patience, cancellationToken) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
