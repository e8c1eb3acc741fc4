namespace Tributary.Storage;

// Unsigned LEB128 numbers (seven bits a byte, low first), as Parquet's encodings, Snappy and the graph checkpoint write
// them: the one encoder and decoder they share. Each caller names its own failures, since what ended depends on the format.
internal static class Uleb128
{
    /// <summary>The most bytes one number takes.</summary>
    public const int MaxBytes = 10;

    // Writes `value` at the start of `destination` (room for MaxBytes is enough) and returns how many bytes it took.
    public static int Write(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    // Reads one number of at most ten bytes at `position` and moves past it; InvalidDataException with `ended` when
    // the bytes end inside it, with `tooLong` when it runs past ten bytes.
    public static ulong Read(ReadOnlySpan<byte> bytes, ref int position, string ended, string tooLong)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new InvalidDataException(ended);
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException(tooLong);
    }
}
