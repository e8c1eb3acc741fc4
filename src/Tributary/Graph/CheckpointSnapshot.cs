namespace Tributary.Graph;

// A checkpoint serialised in memory, header first, not yet written anywhere: the graph it came from may change
// meanwhile. Disposing it returns the body's segments to the pool.
internal sealed class CheckpointSnapshot(byte[] header, SegmentedBuffer body) : IDisposable
{
    /// <summary>The bytes of the checkpoint file, in order, a piece at a time.</summary>
    public void ForEach(Action<ReadOnlySpan<byte>> write)
    {
        write(header);
        body.ForEach(write);
    }

    /// <summary>Writes the checkpoint file's bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination)
    {
        destination.Write(header);
        body.CopyTo(destination);
    }

    public void Dispose() => body.Dispose();
}
