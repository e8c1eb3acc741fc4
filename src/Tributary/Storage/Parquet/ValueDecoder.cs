using System.Buffers.Binary;
using System.Text;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>
/// Decodes the non-null values of a page into arrays of what callers see (string[], long[], double[] or bool[]),
/// for every encoding this reader accepts. Problems throw <see cref="InvalidDataException"/>.
/// </summary>
internal static class ValueDecoder
{
    public static Array Decode(ReadOnlySpan<byte> data, int encoding, ColumnLayout layout, int count, Array? dictionary)
    {
        switch (encoding)
        {
            case ParquetCodes.Plain:
                return DecodePlain(data, layout, count);
            case ParquetCodes.PlainDictionary or ParquetCodes.RleDictionary:
                return Lookup(data, count, dictionary ?? throw new InvalidDataException("a dictionary-encoded page comes without a dictionary page"));
            case ParquetCodes.Rle when layout.PhysicalType == ParquetCodes.Boolean:
                if (data.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(data) is var length && length < 0 || length > data.Length - 4)
                {
                    throw new InvalidDataException("RLE-encoded booleans have a bad length prefix");
                }

                var bits = new int[count];
                RleHybrid.Decode(data.Slice(4, length), 1, bits);
                return bits.Select(b => b != 0).ToArray();
            case ParquetCodes.DeltaBinaryPacked when layout.PhysicalType is ParquetCodes.Int32 or ParquetCodes.Int64:
                var longs = new long[count];
                DeltaEncoding.DecodeBinaryPacked(data, longs, layout.PhysicalType == ParquetCodes.Int32);
                return ToValues(longs, layout);
            case ParquetCodes.DeltaLengthByteArray when layout.PhysicalType == ParquetCodes.ByteArray:
                CheckCount(count, data.Length, 1);
                var lengthEncoded = new byte[count][];
                DeltaEncoding.DecodeLengthByteArray(data, lengthEncoded);
                return lengthEncoded.Select(b => Encoding.UTF8.GetString(b)).ToArray();
            case ParquetCodes.DeltaByteArray when layout.PhysicalType == ParquetCodes.ByteArray:
                CheckCount(count, data.Length, 1);
                var prefixed = new byte[count][];
                DeltaEncoding.DecodeByteArray(data, prefixed);
                return prefixed.Select(b => Encoding.UTF8.GetString(b)).ToArray();
            case ParquetCodes.ByteStreamSplit when layout.PhysicalType is ParquetCodes.Int32 or ParquetCodes.Int64 or ParquetCodes.Float or ParquetCodes.Double:
                return DecodeByteStreamSplit(data, layout, count);
            default:
                throw new InvalidDataException($"{ParquetCodes.EncodingName(encoding)} is not supported for {ParquetCodes.TypeName(layout.PhysicalType)} values");
        }
    }

    /// <summary>Decodes <paramref name="count"/> PLAIN values (also the format of dictionary pages).</summary>
    public static Array DecodePlain(ReadOnlySpan<byte> data, ColumnLayout layout, int count)
    {
        switch (layout.PhysicalType)
        {
            case ParquetCodes.ByteArray:
                CheckCount(count, data.Length, 4);
                var strings = new string[count];
                var pos = 0;
                for (var i = 0; i < count; i++)
                {
                    if (data.Length - pos < 4)
                    {
                        throw new InvalidDataException($"PLAIN string {i} of {count} is truncated");
                    }

                    var length = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
                    pos += 4;
                    if (length < 0 || length > data.Length - pos)
                    {
                        throw new InvalidDataException($"PLAIN string {i} claims {length} bytes but {data.Length - pos} remain");
                    }

                    strings[i] = Encoding.UTF8.GetString(data.Slice(pos, length));
                    pos += length;
                }

                return strings;
            case ParquetCodes.Boolean:
                if ((count + 7L) / 8 > data.Length)
                {
                    throw new InvalidDataException($"{count} PLAIN booleans need {(count + 7L) / 8} bytes but the page has {data.Length}");
                }

                var booleans = new bool[count];
                for (var i = 0; i < count; i++)
                {
                    booleans[i] = ((data[i >> 3] >> (i & 7)) & 1) != 0;
                }

                return booleans;
            case ParquetCodes.Int32:
                CheckCount(count, data.Length, 4);
                var ints = new long[count];
                for (var i = 0; i < count; i++)
                {
                    ints[i] = BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]);
                }

                return ToValues(ints, layout);
            case ParquetCodes.Int64:
                CheckCount(count, data.Length, 8);
                var longs = new long[count];
                for (var i = 0; i < count; i++)
                {
                    longs[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]);
                }

                return ToValues(longs, layout);
            case ParquetCodes.Int96:
                CheckCount(count, data.Length, 12);
                var times = new long[count];
                for (var i = 0; i < count; i++)
                {
                    var nanos = BinaryPrimitives.ReadInt64LittleEndian(data[(12 * i)..]);
                    var julianDay = BinaryPrimitives.ReadInt32LittleEndian(data[((12 * i) + 8)..]);
                    times[i] = unchecked(((julianDay - 2_440_588L) * 86_400_000_000L) + (nanos / 1000));
                }

                return times;
            case ParquetCodes.Float:
                CheckCount(count, data.Length, 4);
                var floats = new double[count];
                for (var i = 0; i < count; i++)
                {
                    floats[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                }

                return floats;
            default:
                CheckCount(count, data.Length, 8);
                var doubles = new double[count];
                for (var i = 0; i < count; i++)
                {
                    doubles[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                }

                return doubles;
        }
    }

    private static Array Lookup(ReadOnlySpan<byte> data, int count, Array dictionary)
    {
        if (count == 0)
        {
            return dictionary switch
            {
                string[] => Array.Empty<string>(),
                long[] => Array.Empty<long>(),
                double[] => Array.Empty<double>(),
                _ => Array.Empty<bool>(),
            };
        }

        if (data.IsEmpty)
        {
            throw new InvalidDataException("dictionary indices are missing their bit width");
        }

        var indices = new int[count];
        RleHybrid.Decode(data[1..], data[0], indices);
        foreach (var index in indices)
        {
            if ((uint)index >= (uint)dictionary.Length)
            {
                throw new InvalidDataException($"dictionary index {index} is past the dictionary's {dictionary.Length} entries");
            }
        }

        return dictionary switch
        {
            string[] s => indices.Select(i => s[i]).ToArray(),
            long[] l => indices.Select(i => l[i]).ToArray(),
            double[] d => indices.Select(i => d[i]).ToArray(),
            bool[] b => indices.Select(i => b[i]).ToArray(),
            _ => throw new InvalidDataException("the dictionary has an unexpected type"),
        };
    }

    private static Array DecodeByteStreamSplit(ReadOnlySpan<byte> data, ColumnLayout layout, int count)
    {
        var width = layout.PhysicalType is ParquetCodes.Int32 or ParquetCodes.Float ? 4 : 8;
        CheckCount(count, data.Length, width);
        Span<byte> value = stackalloc byte[8];
        var longs = new long[count];
        var doubles = new double[count];
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < width; k++)
            {
                value[k] = data[(k * count) + i];
            }

            switch (layout.PhysicalType)
            {
                case ParquetCodes.Int32: longs[i] = BinaryPrimitives.ReadInt32LittleEndian(value); break;
                case ParquetCodes.Int64: longs[i] = BinaryPrimitives.ReadInt64LittleEndian(value); break;
                case ParquetCodes.Float: doubles[i] = BinaryPrimitives.ReadSingleLittleEndian(value); break;
                default: doubles[i] = BinaryPrimitives.ReadDoubleLittleEndian(value); break;
            }
        }

        return layout.PhysicalType is ParquetCodes.Int32 or ParquetCodes.Int64 ? ToValues(longs, layout) : doubles;
    }

    private static long[] ToValues(long[] raw, ColumnLayout layout)
    {
        if (layout.TimeUnit != StoredTimeUnit.Micros)
        {
            for (var i = 0; i < raw.Length; i++)
            {
                raw[i] = layout.ToValue(raw[i]);
            }
        }

        return raw;
    }

    private static void CheckCount(int count, int bytes, int minimumSize)
    {
        if ((long)count * minimumSize > bytes)
        {
            throw new InvalidDataException($"{count} values need at least {(long)count * minimumSize} bytes but the page has {bytes}");
        }
    }
}
