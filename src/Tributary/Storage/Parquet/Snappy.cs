using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tributary.Storage.Parquet;

/// <summary>
/// The Snappy block format (https://github.com/google/snappy/blob/main/format_description.txt), written by hand
/// because the library is BCL-only: a greedy hash-table compressor over 64 KiB blocks and a fully bounds-checked
/// decompressor.
/// </summary>
internal static class Snappy
{
    private const int BlockSize = 1 << 16;
    private const int HashBits = 14;

    /// <summary>The largest compressed size of <paramref name="length"/> input bytes.</summary>
    public static int MaxCompressedLength(int length) => 32 + length + (length / 6);

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/> (at least <see cref="MaxCompressedLength"/> bytes) and
    /// returns the bytes written; up to 16 bytes of <paramref name="output"/> past those may be overwritten.
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var op = WriteVarint(output, (uint)input.Length);
        var table = t_table ??= new ushort[1 << HashBits]; // reset for each block, so one per thread serves every call
        for (var start = 0; start < input.Length; start += BlockSize)
        {
            var block = input.Slice(start, Math.Min(BlockSize, input.Length - start));
            op = CompressBlock(block, output, op, table);
        }

        return op;
    }

    [ThreadStatic]
    private static ushort[]? t_table;

    /// <summary>Compresses <paramref name="input"/> into a new array.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var buffer = new byte[MaxCompressedLength(input.Length)];
        var length = Compress(input, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// Decompresses <paramref name="input"/>, which must expand to exactly <paramref name="expectedLength"/> bytes;
    /// anything else (a bad length, an offset before the start, a literal past the end) throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static byte[] Decompress(ReadOnlySpan<byte> input, int expectedLength)
    {
        var pos = 0;
        ulong declared = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (pos >= input.Length || shift > 28)
            {
                throw new InvalidDataException("Snappy: the uncompressed length is truncated or too long.");
            }

            var b = input[pos++];
            declared |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }
        }

        if (declared != (ulong)expectedLength)
        {
            throw new InvalidDataException($"Snappy: the data says it expands to {declared} bytes, the page header says {expectedLength}.");
        }

        var output = new byte[expectedLength];
        var op = 0;
        while (pos < input.Length)
        {
            var tag = input[pos++];
            long length;
            long offset;
            switch (tag & 3)
            {
                case 0:
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        var bytes = (int)length - 59;
                        if (input.Length - pos < bytes)
                        {
                            throw new InvalidDataException($"Snappy: a literal length at byte {pos} is truncated.");
                        }

                        length = 0;
                        for (var i = 0; i < bytes; i++)
                        {
                            length |= (long)input[pos + i] << (8 * i);
                        }

                        pos += bytes;
                    }

                    length++;
                    if (length > input.Length - pos || length > expectedLength - op)
                    {
                        throw new InvalidDataException($"Snappy: a literal of {length} bytes at byte {pos} runs past the end of the input or output.");
                    }

                    input.Slice(pos, (int)length).CopyTo(output.AsSpan(op));
                    pos += (int)length;
                    op += (int)length;
                    continue;
                case 1:
                    if (pos >= input.Length)
                    {
                        throw new InvalidDataException($"Snappy: a copy at byte {pos} is truncated.");
                    }

                    length = ((tag >> 2) & 7) + 4;
                    offset = ((tag >> 5) << 8) | input[pos++];
                    break;
                case 2:
                    if (input.Length - pos < 2)
                    {
                        throw new InvalidDataException($"Snappy: a copy at byte {pos} is truncated.");
                    }

                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(input[pos..]);
                    pos += 2;
                    break;
                default:
                    if (input.Length - pos < 4)
                    {
                        throw new InvalidDataException($"Snappy: a copy at byte {pos} is truncated.");
                    }

                    length = (tag >> 2) + 1;
                    offset = BinaryPrimitives.ReadUInt32LittleEndian(input[pos..]);
                    pos += 4;
                    break;
            }

            if (offset == 0 || offset > op || length > expectedLength - op)
            {
                throw new InvalidDataException($"Snappy: a copy of {length} bytes from {offset} back at output byte {op} is out of range.");
            }

            var from = op - (int)offset;
            if (offset >= length)
            {
                output.AsSpan(from, (int)length).CopyTo(output.AsSpan(op));
                op += (int)length;
            }
            else
            {
                // Overlapping copies repeat the last `offset` bytes, so they go byte by byte.
                for (var i = 0; i < length; i++)
                {
                    output[op++] = output[from + i];
                }
            }
        }

        if (op != expectedLength)
        {
            throw new InvalidDataException($"Snappy: the data expands to {op} bytes, not the {expectedLength} it declares.");
        }

        return output;
    }

    // The hot loop reads the block through a reference rather than slicing spans: every index it reads is proven in
    // range by the loop's own bounds (ip never passes the block's length less four, and a candidate is an earlier
    // position of the same block), and the slices' checks cost about a tenth of compressing the lake's event pages.
    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> output, int op, ushort[] table)
    {
        var nextEmit = 0;
        if (block.Length >= 16)
        {
            // Positions in a block fit 16 bits, and the table is only as large as the block needs (as in Snappy's own
            // compressor): clearing 64 KB of ints before every 64 KB page was a twentieth of compressing it. A slot
            // never set says 0, a real position whose bytes are compared like any other candidate's.
            var bits = Math.Min(HashBits, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)block.Length - 1));
            Array.Clear(table, 0, 1 << bits);
            ref var start = ref MemoryMarshal.GetReference(block);
            ref var slots = ref MemoryMarshal.GetArrayDataReference(table);
            var ip = 0;
            var limit = block.Length - 4;
            var skip = 32;
            while (ip <= limit)
            {
                var current = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, ip));
                ref var slot = ref Unsafe.Add(ref slots, (int)(LittleEndian(current) * 0x1E35A7BDu >> (32 - bits)));
                int candidate = slot;
                slot = (ushort)ip;
                if (candidate >= ip || Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, candidate)) != current)
                {
                    // Incompressible stretches are skipped through faster and faster.
                    ip += skip >> 5;
                    skip++;
                    continue;
                }

                op = EmitLiteral(block[nextEmit..], ip - nextEmit, output, op);
                var length = MatchLength(ref start, block.Length, candidate, ip);

                op = EmitCopy(ip - candidate, length, output, op);
                ip += length;
                nextEmit = ip;
                skip = 32;
            }
        }

        return EmitLiteral(block[nextEmit..], block.Length - nextEmit, output, op);
    }

    // How far the bytes at `ip` repeat those at `candidate` (at least the 4 already compared), eight bytes at a time:
    // JSON repeats long runs (facet URLs, field lists), and comparing them a byte at a time took most of compressing
    // the lake's event pages.
    private static int MatchLength(ref byte block, int blockLength, int candidate, int ip)
    {
        var length = 4;
        var max = blockLength - ip;
        while (length + 8 <= max)
        {
            var diff = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref block, candidate + length)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref block, ip + length));
            if (diff != 0)
            {
                return length + (System.Numerics.BitOperations.TrailingZeroCount(LittleEndian(diff)) >> 3);
            }

            length += 8;
        }

        while (length < max && Unsafe.Add(ref block, candidate + length) == Unsafe.Add(ref block, ip + length))
        {
            length++;
        }

        return length;
    }

    // The bytes as read from memory, as a little-endian number (what the hash and the first differing byte assume).
    private static uint LittleEndian(uint value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static ulong LittleEndian(ulong value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    // The first `length` bytes of `from` as a literal. JSON matches every few dozen bytes, so most literals are short:
    // one of up to 16 bytes, with 16 bytes to read and room for 16 to write, is copied as one 16-byte move (what follows
    // the literal is overwritten by the next element, or lies past the end the caller takes).
    private static int EmitLiteral(ReadOnlySpan<byte> from, int length, Span<byte> output, int op)
    {
        if (length == 0)
        {
            return op;
        }

        var n = length - 1;
        if (length <= 16 && from.Length >= 16 && output.Length - op > 16)
        {
            output[op] = (byte)(n << 2);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetReference(output), op + 1), Unsafe.ReadUnaligned<Vector128<byte>>(ref MemoryMarshal.GetReference(from)));
            return op + 1 + length;
        }

        var literal = from[..length];
        if (n < 60)
        {
            output[op++] = (byte)(n << 2);
        }
        else if (n < 256)
        {
            output[op++] = 60 << 2;
            output[op++] = (byte)n;
        }
        else
        {
            output[op++] = 61 << 2;
            output[op++] = (byte)n;
            output[op++] = (byte)(n >> 8);
        }

        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    private static int EmitCopy(int offset, int length, Span<byte> output, int op)
    {
        while (length >= 68)
        {
            op = EmitCopy2(offset, 64, output, op);
            length -= 64;
        }

        if (length > 64)
        {
            op = EmitCopy2(offset, 60, output, op);
            length -= 60;
        }

        if (length < 12 && offset < 2048)
        {
            output[op++] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            output[op++] = (byte)offset;
            return op;
        }

        return EmitCopy2(offset, length, output, op);
    }

    private static int EmitCopy2(int offset, int length, Span<byte> output, int op)
    {
        output[op++] = (byte)(2 | ((length - 1) << 2));
        output[op++] = (byte)offset;
        output[op++] = (byte)(offset >> 8);
        return op;
    }

    private static int WriteVarint(Span<byte> output, uint value) => Uleb128.Write(output, value);
}
