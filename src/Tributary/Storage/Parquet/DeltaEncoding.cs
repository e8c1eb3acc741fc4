namespace Tributary.Storage.Parquet;

/// <summary>
/// Decoders for the delta encodings DuckDB and other writers use in Parquet format 2 files: DELTA_BINARY_PACKED
/// (integers), DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (strings). Every length is checked; problems throw
/// <see cref="InvalidDataException"/>.
/// </summary>
internal static class DeltaEncoding
{
    /// <summary>Decodes <paramref name="output"/>.Length integers and returns the bytes consumed.</summary>
    public static int DecodeBinaryPacked(ReadOnlySpan<byte> data, Span<long> output, bool int32)
    {
        var pos = 0;
        var blockSize = ReadVarint(data, ref pos);
        var miniblocks = ReadVarint(data, ref pos);
        var total = ReadVarint(data, ref pos);
        var value = ZigZag(ReadVarint(data, ref pos));
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > 1 << 20 || miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED: a block of {blockSize} values in {miniblocks} miniblocks is not valid");
        }

        if (total < (ulong)output.Length)
        {
            throw new InvalidDataException($"DELTA_BINARY_PACKED: the data holds {total} values but {output.Length} are needed");
        }

        var perMiniblock = (int)(blockSize / miniblocks);
        var widths = new byte[(int)miniblocks];
        var count = 0;
        if (output.Length > 0)
        {
            output[count++] = Narrow(value, int32);
        }

        // Decoding continues past `output` to find where the encoded values end (DELTA_LENGTH_BYTE_ARRAY needs it).
        var remaining = (long)Math.Min(total, long.MaxValue) - 1;
        while (remaining > 0)
        {
            var minDelta = ZigZag(ReadVarint(data, ref pos));
            if (data.Length - pos < widths.Length)
            {
                throw new InvalidDataException("DELTA_BINARY_PACKED: the miniblock bit widths are truncated");
            }

            data.Slice(pos, widths.Length).CopyTo(widths);
            pos += widths.Length;
            for (var m = 0; m < widths.Length && remaining > 0; m++)
            {
                var width = widths[m];
                if (width > 64)
                {
                    throw new InvalidDataException($"DELTA_BINARY_PACKED: a miniblock bit width of {width} is over 64");
                }

                var bytes = perMiniblock * width / 8;
                if (data.Length - pos < bytes)
                {
                    throw new InvalidDataException("DELTA_BINARY_PACKED: a miniblock is truncated");
                }

                var take = (int)Math.Min(perMiniblock, remaining);
                var keep = Math.Min(take, output.Length - count);
                for (var i = 0; i < keep; i++)
                {
                    value = unchecked(value + minDelta + (long)Unpack(data.Slice(pos, bytes), i, width));
                    output[count++] = Narrow(value, int32);
                }

                remaining -= take;
                pos += bytes;
            }
        }

        return pos;
    }

    /// <summary>Decodes <paramref name="output"/>.Length strings stored as DELTA_LENGTH_BYTE_ARRAY; returns the bytes consumed.</summary>
    public static int DecodeLengthByteArray(ReadOnlySpan<byte> data, byte[][] output)
    {
        var lengths = new long[output.Length];
        var pos = DecodeBinaryPacked(data, lengths, int32: true);
        for (var i = 0; i < output.Length; i++)
        {
            if (lengths[i] < 0 || lengths[i] > data.Length - pos)
            {
                throw new InvalidDataException($"DELTA_LENGTH_BYTE_ARRAY: value {i} claims {lengths[i]} bytes but {data.Length - pos} remain");
            }

            output[i] = data.Slice(pos, (int)lengths[i]).ToArray();
            pos += (int)lengths[i];
        }

        return pos;
    }

    /// <summary>Decodes <paramref name="output"/>.Length strings stored as DELTA_BYTE_ARRAY (shared prefixes, then suffixes).</summary>
    public static void DecodeByteArray(ReadOnlySpan<byte> data, byte[][] output)
    {
        var prefixes = new long[output.Length];
        var pos = DecodeBinaryPacked(data, prefixes, int32: true);
        var suffixes = new byte[output.Length][];
        DecodeLengthByteArray(data[pos..], suffixes);
        byte[] previous = [];
        for (var i = 0; i < output.Length; i++)
        {
            var prefix = prefixes[i];
            if (prefix < 0 || prefix > previous.Length)
            {
                throw new InvalidDataException($"DELTA_BYTE_ARRAY: value {i} shares {prefix} bytes with a previous value of {previous.Length}");
            }

            var value = new byte[prefix + suffixes[i].Length];
            previous.AsSpan(0, (int)prefix).CopyTo(value);
            suffixes[i].CopyTo(value, (int)prefix);
            output[i] = value;
            previous = value;
        }
    }

    private static long Narrow(long value, bool int32) => int32 ? (int)value : value;

    private static ulong Unpack(ReadOnlySpan<byte> data, int index, int width)
    {
        if (width == 0)
        {
            return 0;
        }

        var bit = (long)index * width;
        ulong result = 0;
        for (var k = 0; k < width; k++, bit++)
        {
            result |= (ulong)((data[(int)(bit >> 3)] >> (int)(bit & 7)) & 1) << k;
        }

        return result;
    }

    private static long ZigZag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int pos) =>
        Uleb128.Read(data, ref pos, "DELTA_BINARY_PACKED: the data ends inside a header", "DELTA_BINARY_PACKED: a variable-length integer is longer than 10 bytes");
}
