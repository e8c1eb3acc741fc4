namespace Tributary.Storage;

/// <summary>
/// Hands out room for many short byte strings from shared blocks kept under the large-object size, instead of an
/// array each: reading a million events or encoding a million ids then allocates a few thousand blocks, not a million
/// arrays. A value keeps its whole block alive; one larger than a quarter of a block gets an array of its own.
/// </summary>
internal sealed class ByteBlocks
{
    private const int BlockBytes = 64 << 10;
    private byte[] _block = [];
    private int _used;

    /// <summary>Room for <paramref name="length"/> bytes: fill <paramref name="room"/>, and keep the returned memory.</summary>
    public ReadOnlyMemory<byte> Take(int length, out Span<byte> room)
    {
        if (length > BlockBytes / 4)
        {
            var own = new byte[length];
            room = own;
            return own;
        }

        if (_block.Length - _used < length)
        {
            _block = new byte[BlockBytes];
            _used = 0;
        }

        var memory = _block.AsMemory(_used, length);
        room = memory.Span;
        _used += length;
        return memory;
    }

    /// <summary>A copy of <paramref name="bytes"/>.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        var memory = Take(bytes.Length, out var room);
        bytes.CopyTo(room);
        return memory;
    }
}
