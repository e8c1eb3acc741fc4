using System.Buffers;

namespace Tributary.Storage.Parquet;

/// <summary>
/// Parquet's RLE/bit-packed hybrid encoding of small integers (definition levels, dictionary indices, booleans):
/// runs of one repeated value, and groups of eight values bit-packed least significant bit first.
/// </summary>
internal static class RleHybrid
{
    /// <summary>The bits needed for values up to <paramref name="maxValue"/>.</summary>
    public static int BitWidth(int maxValue) => maxValue == 0 ? 0 : 32 - int.LeadingZeroCount(maxValue);

    /// <summary>Appends the encoding of <paramref name="values"/> (each below 2^<paramref name="bitWidth"/>) to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, ArrayBufferWriter<byte> output)
    {
        var valueBytes = (bitWidth + 7) / 8;
        var i = 0;
        while (i < values.Length)
        {
            var run = RepeatLength(values, i);
            if (run >= 8)
            {
                WriteVarint(output, (ulong)run << 1);
                var span = output.GetSpan(4);
                for (var b = 0; b < valueBytes; b++)
                {
                    span[b] = (byte)(values[i] >> (8 * b));
                }

                output.Advance(valueBytes);
                i += run;
                continue;
            }

            // Bit-pack groups of eight until a long repeat starts at a group boundary.
            var start = i;
            do
            {
                i += 8;
            }
            while (i < values.Length && RepeatLength(values, i) < 8);

            var groups = (Math.Min(i, values.Length) - start + 7) / 8;
            WriteVarint(output, ((ulong)groups << 1) | 1);
            var bytes = groups * bitWidth;
            var packed = output.GetSpan(bytes)[..bytes];
            packed.Clear();
            var end = Math.Min(i, values.Length);
            for (var v = start; v < end; v++)
            {
                var bit = (long)(v - start) * bitWidth;
                var value = (ulong)(uint)values[v];
                for (var k = 0; k < bitWidth; k++, bit++)
                {
                    if (((value >> k) & 1) != 0)
                    {
                        packed[(int)(bit >> 3)] |= (byte)(1 << (int)(bit & 7));
                    }
                }
            }

            output.Advance(bytes);
            i = end;
        }
    }

    /// <summary>
    /// Decodes exactly <paramref name="output"/>.Length values from <paramref name="data"/>; throws
    /// <see cref="InvalidDataException"/> when the data ends first or a value is out of range.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new InvalidDataException($"a bit width of {bitWidth} is out of range (0 to 32)");
        }

        var valueBytes = (bitWidth + 7) / 8;
        var pos = 0;
        var count = 0;
        while (count < output.Length)
        {
            var header = ReadVarint(data, ref pos);
            if ((header & 1) == 0)
            {
                var run = header >> 1;
                if (data.Length - pos < valueBytes)
                {
                    throw new InvalidDataException("an RLE run's value is truncated");
                }

                var value = 0L;
                for (var b = 0; b < valueBytes; b++)
                {
                    value |= (long)data[pos + b] << (8 * b);
                }

                pos += valueBytes;
                if (value > int.MaxValue || (bitWidth < 32 && value >> bitWidth != 0))
                {
                    throw new InvalidDataException($"an RLE run repeats {value}, which does not fit in {bitWidth} bits");
                }

                var take = (int)Math.Min(run, (ulong)(output.Length - count));
                output.Slice(count, take).Fill((int)value);
                count += take;
                continue;
            }

            var groups = header >> 1;
            var available = (long)(data.Length - pos) * 8 / Math.Max(bitWidth, 1);
            var wanted = (long)Math.Min(groups * 8, (ulong)(output.Length - count));
            if (bitWidth > 0 && wanted > available)
            {
                throw new InvalidDataException($"a bit-packed run needs {wanted} values of {bitWidth} bits but only {data.Length - pos} bytes remain");
            }

            Unpack(data[pos..], bitWidth, output.Slice(count, (int)wanted));
            count += (int)wanted;
            var runBytes = (long)Math.Min(groups, int.MaxValue) * bitWidth;
            pos = (int)Math.Min(data.Length, pos + runBytes);
        }
    }

    /// <summary>Unpacks <paramref name="output"/>.Length values of <paramref name="bitWidth"/> bits (LSB first); the caller checked the length.</summary>
    public static void Unpack(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }

        var mask = bitWidth == 32 ? ulong.MaxValue >> 32 : (1UL << bitWidth) - 1;
        for (var i = 0; i < output.Length; i++)
        {
            var bit = (long)i * bitWidth;
            var first = (int)(bit >> 3);
            ulong word = 0;
            for (var b = 0; b < 5 && first + b < data.Length; b++)
            {
                word |= (ulong)data[first + b] << (8 * b);
            }

            output[i] = (int)((word >> (int)(bit & 7)) & mask);
        }
    }

    private static int RepeatLength(ReadOnlySpan<int> values, int start)
    {
        var run = 1;
        while (start + run < values.Length && values[start + run] == values[start])
        {
            run++;
        }

        return run;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos) =>
        Uleb128.Read(data, ref pos, "the RLE/bit-packed data ends before all values were read", "an RLE/bit-packed run header is longer than 9 bytes");

    private static void WriteVarint(ArrayBufferWriter<byte> output, ulong value) =>
        output.Advance(Uleb128.Write(output.GetSpan(Uleb128.MaxBytes), value));
}
