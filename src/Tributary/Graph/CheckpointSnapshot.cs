namespace Tributary.Graph;

// A checkpoint serialised in memory, header first, not yet written anywhere: the graph it came from may change
// meanwhile. Disposing it frees the body's segments.
internal sealed class CheckpointSnapshot(byte[] header, SegmentedBuffer body) : IDisposable
{
    /// <summary>Hands the checkpoint file's bytes to <paramref name="write"/> in order, a piece at a time.</summary>
    public void ForEach(Action<ReadOnlySpan<byte>> write)
    {
        write(header);
        body.ForEach(write);
    }

    /// <summary>Writes the checkpoint file's bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination) => ForEach(destination.Write);

    /// <summary>Frees the body's segments; the snapshot is not used afterwards.</summary>
    public void Dispose() => body.Dispose();
}
