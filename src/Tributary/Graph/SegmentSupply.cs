using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Tributary.Graph;

// Segments for the SegmentedBuffers of one checkpoint, their pages already mapped by another thread. Serialising a
// graph writes each byte of its body once into memory new to the process, and a first write to a page costs the
// kernel a fault and a page to clear: about 2 µs a page here, measured with a plain loop over fresh memory, against
// 0.04 µs to write it again. A graph of 100,000 realistic events serialised its 84 MB body in 0.52-0.54 s the first
// time in a process, and in 0.37-0.41 s into the same segments faulted in beforehand. The supply faults them in on a
// thread-pool thread, keeping a few ahead of the writer: when `tributary ingest` writes its checkpoint at the end the
// second core is otherwise idle (four interleaved pairs, 2026-12-07: its checkpoint took 0.25-0.31 s against 0.31-0.33
// s); a server writes one while it ingests, and the graph, held still while it is serialised, is held for less (one
// build with a switch to turn the supply off, three interleaved pairs of `bench server --events`: batches 65,213 /
// 52,282 / 64,149 events/s with it, 57,731 / 46,552 / 56,338 without). A machine of one core gets no supply: there the
// work would only move between threads.
internal sealed class SegmentSupply : IDisposable
{
    private const int Ahead = 8;

    private readonly ConcurrentQueue<nint> _ready = new();
    private readonly SemaphoreSlim _taken = new(0);
    private readonly Task _filling;
    private volatile bool _stopped;

    private SegmentSupply() => _filling = Task.Run(Fill);

    // A supply for one checkpoint, or null where there is no other core to fault pages in on.
    public static SegmentSupply? Start() => Environment.ProcessorCount > 1 ? new SegmentSupply() : null;

    // A segment of SegmentedBuffer.SegmentSize bytes with its pages mapped, if one is ready; the caller owns it (frees it
    // with NativeMemory.Free).
    public bool TryTake(out nint segment)
    {
        if (!_stopped && _ready.TryDequeue(out segment))
        {
            _taken.Release();
            return true;
        }

        segment = 0;
        return false;
    }

    /// <summary>Stops faulting in and frees the segments no buffer took.</summary>
    public void Dispose()
    {
        _stopped = true;
        _taken.Release();
        _filling.Wait();
        while (_ready.TryDequeue(out var left))
        {
            Free(left);
        }

        // The semaphore is left to the collector (it holds no handle unless one is asked of it), so a buffer that still
        // holds this supply can never release a disposed one.
    }

    private async Task Fill()
    {
        while (!_stopped)
        {
            if (_ready.Count >= Ahead)
            {
                // Wait until the writer takes one (or the supply stops).
                await _taken.WaitAsync().ConfigureAwait(false);
                continue;
            }

            _ready.Enqueue(Mapped());
        }
    }

    // A new segment with a byte of each page written, so the kernel maps them all now.
    private static unsafe nint Mapped()
    {
        var segment = (byte*)NativeMemory.Alloc(SegmentedBuffer.SegmentSize);
        for (var offset = 0; offset < SegmentedBuffer.SegmentSize; offset += Environment.SystemPageSize)
        {
            segment[offset] = 0;
        }

        return (nint)segment;
    }

    // Frees a segment taken from a supply.
    internal static unsafe void Free(nint segment) => NativeMemory.Free((void*)segment);
}
