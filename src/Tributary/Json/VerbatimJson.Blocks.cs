using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tributary.Json;

internal static partial class VerbatimJson
{
    private const int BlockBytes = 64;

    // A block is read through 16-byte loads that may run past its kept bytes, so the last blocks of a value are copied
    // into a buffer this long first.
    private const int PaddedBytes = BlockBytes + 16;

    private enum BlockPass
    {
        Done, // the whole value was checked or written
        Failed, // not in the writer's form (only when checking)
        HandedOver, // to the byte-at-a-time pass, at a position outside any string
    }

    // Passes over the value 64 bytes at a time from `i` (outside any string) while the bytes hold nothing the writer
    // could write otherwise but whitespace: no escape, no control character, no text beyond ASCII. Most facets are
    // such text, and the byte-at-a-time pass stopped at every space (a pretty-printed or `json.dumps` value has one
    // between every two tokens, a description or a statement one between every two words): that was three quarters of
    // writing a corpus event's canonical form, which cost two thirds of reading it. Each block's quotes say which of its
    // bytes are in strings (no escape means every quote opens or closes one), so whitespace between tokens is found for
    // all 64 bytes at once and left out (or fails the check). A block that holds anything else is handed to the
    // byte-at-a-time pass from where its string opened (or its start), which hands back at its next token past it.
    private static BlockPass Blocks(ReadOnlySpan<byte> raw, ref int i, ref byte[]? output, ref int length, out int retryFrom)
    {
        retryFrom = int.MaxValue;
        if (!Vector128.IsHardwareAccelerated)
        {
            return BlockPass.HandedOver;
        }

        var inString = 0UL; // every bit set while the block starts inside a string
        var opened = -1; // where the string the pass is in opened
        Span<byte> padded = stackalloc byte[PaddedBytes];
        for (var at = i; at < raw.Length; at += BlockBytes)
        {
            var n = Math.Min(BlockBytes, raw.Length - at);
            scoped ReadOnlySpan<byte> block;
            if (raw.Length - at >= PaddedBytes)
            {
                block = raw.Slice(at, PaddedBytes);
            }
            else
            {
                // The last bytes, padded with a digit: it is nothing the masks look for.
                padded.Fill((byte)'0');
                raw.Slice(at, n).CopyTo(padded);
                block = padded;
            }

            var masks = Masks.Of(block);
            var strings = PrefixXor(masks.Quotes) ^ inString; // an opening quote and its string's bytes; not its closing quote
            if ((masks.Escapes | (masks.Breaks & strings)) != 0)
            {
                // The byte-at-a-time pass takes over from a point outside strings: this block's start, or where the
                // string it starts in opened (copied unchanged up to here, so taken back). A tab or line break in a
                // string is not JSON; that pass says so.
                var from = inString != 0 ? opened : at;
                length -= output is null ? 0 : at - from;
                (i, retryFrom) = (from, at + BlockBytes);
                return BlockPass.HandedOver;
            }

            var dropped = (masks.Spaces | masks.Breaks) & ~strings;
            if (output is null)
            {
                if (dropped != 0)
                {
                    return BlockPass.Failed; // whitespace between tokens
                }
            }
            else
            {
                Copy(block, n, dropped, ref output, ref length);
            }

            if ((BitOperations.PopCount(masks.Quotes) & 1) != 0)
            {
                inString = ~inString;
            }

            if (inString != 0 && masks.Quotes != 0)
            {
                opened = at + BlockBytes - 1 - BitOperations.LeadingZeroCount(masks.Quotes); // the block's last quote opened the string
            }
        }

        if (inString != 0)
        {
            // A string that never ends: the byte-at-a-time pass says so.
            length -= output is null ? 0 : raw.Length - opened;
            i = opened;
            return BlockPass.HandedOver;
        }

        i = raw.Length;
        return BlockPass.Done;
    }

    // Appends the block's first `n` bytes but those `dropped` marks, each run of kept bytes in 16-byte stores that may
    // write past it (the next run, or the next block, writes over them): a pretty-printed value keeps a dozen bytes or so
    // between two runs of whitespace, where a copy call for each cost more than the bytes.
    private static void Copy(ReadOnlySpan<byte> block, int n, ulong dropped, ref byte[] output, ref int length)
    {
        if (output.Length - length < PaddedBytes)
        {
            Array.Resize(ref output, Math.Max(output.Length * 2, length + PaddedBytes));
        }

        ref var source = ref MemoryMarshal.GetReference(block);
        ref var target = ref MemoryMarshal.GetArrayDataReference(output);
        var kept = ~dropped & (n == BlockBytes ? ulong.MaxValue : (1UL << n) - 1);
        while (kept != 0)
        {
            var start = BitOperations.TrailingZeroCount(kept);
            var run = BitOperations.TrailingZeroCount(~(kept >> start)); // 64 when the run reaches the block's end
            for (var k = 0; k < run; k += 16)
            {
                Vector128.LoadUnsafe(ref source, (nuint)(start + k)).StoreUnsafe(ref target, (nuint)(length + k));
            }

            length += run;
            var end = start + run;
            kept = end >= BlockBytes ? 0 : kept & ~((1UL << end) - 1);
        }
    }

    // Bit k set when an odd number of the bits 0..k are: which bytes a block's quotes put inside a string.
    private static ulong PrefixXor(ulong bits)
    {
        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        bits ^= bits << 16;
        bits ^= bits << 32;
        return bits;
    }

    // For each of a block's 64 bytes, one bit (the first byte's the lowest): quotes; spaces; tabs, line feeds and
    // carriage returns; and what only the byte-at-a-time pass handles: escapes, other control characters, DEL and every
    // byte of text beyond ASCII.
    // Two widths, written twice because .NET offers no vector type to write them once over: 32-byte compares where the
    // machine has them (16-byte ones only took writing a corpus event as `json.dumps` writes it from 3.4 to 3.9-4.5 µs,
    // a pretty-printed one from 4.2-4.5 to 4.7-6.3), 16-byte ones everywhere else (ARM64).
    private struct Masks
    {
        public ulong Quotes;
        public ulong Spaces;
        public ulong Breaks;
        public ulong Escapes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Masks Of(ReadOnlySpan<byte> block)
        {
            ref var b = ref MemoryMarshal.GetReference(block);
            var masks = default(Masks);
            if (Vector256.IsHardwareAccelerated)
            {
                masks.Add(Vector256.LoadUnsafe(ref b), 0);
                masks.Add(Vector256.LoadUnsafe(ref b, 32), 32);
            }
            else
            {
                for (var k = 0; k < BlockBytes; k += 16)
                {
                    masks.Add(Vector128.LoadUnsafe(ref b, (nuint)k), k);
                }
            }

            return masks;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(Vector256<byte> v, int shift)
        {
            var breaks = Vector256.Equals(v, Vector256.Create((byte)'\t')) | Vector256.Equals(v, Vector256.Create((byte)'\n')) | Vector256.Equals(v, Vector256.Create((byte)'\r'));
            var escapes = Vector256.Equals(v, Vector256.Create((byte)'\\'))
                | Vector256.AndNot(Vector256.LessThan(v, Vector256.Create((byte)0x20)), breaks)
                | Vector256.GreaterThanOrEqual(v, Vector256.Create((byte)0x7F));
            Quotes |= (ulong)Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits() << shift;
            Spaces |= (ulong)Vector256.Equals(v, Vector256.Create((byte)' ')).ExtractMostSignificantBits() << shift;
            Breaks |= (ulong)breaks.ExtractMostSignificantBits() << shift;
            Escapes |= (ulong)escapes.ExtractMostSignificantBits() << shift;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(Vector128<byte> v, int shift)
        {
            var breaks = Vector128.Equals(v, Vector128.Create((byte)'\t')) | Vector128.Equals(v, Vector128.Create((byte)'\n')) | Vector128.Equals(v, Vector128.Create((byte)'\r'));
            var escapes = Vector128.Equals(v, Vector128.Create((byte)'\\'))
                | Vector128.AndNot(Vector128.LessThan(v, Vector128.Create((byte)0x20)), breaks)
                | Vector128.GreaterThanOrEqual(v, Vector128.Create((byte)0x7F));
            Quotes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << shift;
            Spaces |= (ulong)Vector128.Equals(v, Vector128.Create((byte)' ')).ExtractMostSignificantBits() << shift;
            Breaks |= (ulong)breaks.ExtractMostSignificantBits() << shift;
            Escapes |= (ulong)escapes.ExtractMostSignificantBits() << shift;
        }
    }
}
