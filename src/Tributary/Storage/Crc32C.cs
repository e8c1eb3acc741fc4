using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Tributary.Storage;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of every stored record. System.IO.Hashing is not available here, so it is
/// written by hand: the CPU's CRC32C instruction where there is one (SSE4.2, ARMv8), slicing-by-8 tables otherwise.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected Castagnoli polynomial

    // The CRC instruction takes three cycles to give its result and can start one every cycle, so one running CRC uses
    // a third of it: long data is taken in stripes of three lanes, each lane's CRC computed alongside the others and the
    // three joined by shifting the first two past the bytes after them (CRC arithmetic is linear, so a shift by a
    // fixed length is four table look-ups).
    private const int Lane = 256;

    private static readonly uint[] Table = BuildTable();
    private static readonly uint[] PastOneLane = BuildShift(Lane);
    private static readonly uint[] PastTwoLanes = BuildShift(2 * Lane);

    /// <summary>The CRC-32C of <paramref name="data"/> (initial value and final XOR 0xFFFFFFFF, as iSCSI and ext4 use it).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Continues a running (not yet finalised) CRC over more bytes; start with <c>~0u</c> and finish with <c>~</c>.</summary>
    // Compiled fully optimised on its first call: ahead-of-time code cannot assume the CRC instruction, and the tiered
    // start (unoptimised code, then a switch mid-loop) made the first checksum of an 80 MB graph checkpoint 3x slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            while (data.Length >= 3 * Lane)
            {
                // The register after lanes X, Y, Z from `crc` is shift(reg(X, crc), 2 lanes) ^ shift(reg(Y, 0), 1 lane) ^ reg(Z, 0).
                ref var start = ref MemoryMarshal.GetReference(data);
                ulong x = crc, y = 0, z = 0;
                for (var i = 0; i < Lane; i += 8)
                {
                    x = Sse42.X64.Crc32(x, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)));
                    y = Sse42.X64.Crc32(y, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, Lane + i)));
                    z = Sse42.X64.Crc32(z, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (2 * Lane) + i)));
                }

                crc = Shift(PastTwoLanes, (uint)x) ^ Shift(PastOneLane, (uint)y) ^ (uint)z;
                data = data[(3 * Lane)..];
            }

            ulong c = crc;
            while (data.Length >= 8)
            {
                c = Sse42.X64.Crc32(c, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            crc = (uint)c;
            foreach (var b in data)
            {
                crc = Sse42.Crc32(crc, b);
            }

            return crc;
        }

        if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = Crc32.Arm64.ComputeCrc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            foreach (var b in data)
            {
                crc = Crc32.ComputeCrc32C(crc, b);
            }

            return crc;
        }

        return AppendSoftware(crc, data);
    }

    // Slicing-by-8: eight table lookups per 8 bytes instead of eight dependent byte steps.
    internal static uint AppendSoftware(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Table;
        while (data.Length >= 8)
        {
            var lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (lo & 0xFF)] ^ t[(6 * 256) + ((lo >> 8) & 0xFF)] ^
                  t[(5 * 256) + ((lo >> 16) & 0xFF)] ^ t[(4 * 256) + (lo >> 24)] ^
                  t[(3 * 256) + (hi & 0xFF)] ^ t[(2 * 256) + ((hi >> 8) & 0xFF)] ^
                  t[(1 * 256) + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    // What a running CRC becomes after the given number of zero bytes, byte by byte of it: the four tables of BuildShift.
    private static uint Shift(uint[] past, uint crc) =>
        past[crc & 0xFF] ^ past[256 + ((crc >> 8) & 0xFF)] ^ past[512 + ((crc >> 16) & 0xFF)] ^ past[768 + (crc >> 24)];

    private static uint[] BuildShift(int bytes)
    {
        var zeros = new byte[bytes];
        var past = new uint[4 * 256];
        for (var position = 0; position < 4; position++)
        {
            for (uint value = 0; value < 256; value++)
            {
                past[(position * 256) + value] = AppendSoftware(value << (8 * position), zeros);
            }
        }

        return past;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        for (var i = 0; i < 256; i++)
        {
            for (var slice = 1; slice < 8; slice++)
            {
                var previous = table[((slice - 1) * 256) + i];
                table[(slice * 256) + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
