using System.Buffers.Binary;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>
/// Reads one column chunk: walks its pages (dictionary, data v1, data v2; index pages skipped), decompresses them,
/// decodes definition levels and values, and places the values by row. Every problem becomes a
/// <see cref="ParquetFormatException"/> naming the column, the page and its file offset.
/// </summary>
internal static class ColumnChunkReader
{
    /// <summary>Decodes the chunk held in <paramref name="chunk"/> (which starts at file offset <paramref name="chunkOffset"/>) into an array of <paramref name="rows"/> nullable values.</summary>
    public static Array Read(byte[] chunk, long chunkOffset, ColumnMetaData meta, ColumnLayout layout, int rows)
    {
        var name = layout.Column.Name;
        var output = NewOutput(layout.Column.Type, rows);
        Array? dictionary = null;
        var pos = 0;
        var filled = 0;
        var page = 0;
        while (filled < rows)
        {
            var pageOffset = chunkOffset + pos;
            if (pos >= chunk.Length)
            {
                throw ParquetFormatException.At(pageOffset, $"The column chunk ends after {filled} of its {rows} values", name);
            }

            var headerReader = new ThriftReader(chunk, pos, chunk.Length, chunkOffset, $"page header {page}", name);
            var header = PageHeader.Read(headerReader);
            var bodyStart = headerReader.Position;
            if (header.CompressedPageSize > chunk.Length - bodyStart)
            {
                throw ParquetFormatException.At(pageOffset, $"Page {page} claims {header.CompressedPageSize} bytes but the column chunk has {chunk.Length - bodyStart} left", name);
            }

            if (header.NumValues < 0 && header.Type is ParquetCodes.DataPage or ParquetCodes.DataPageV2 or ParquetCodes.DictionaryPage)
            {
                throw ParquetFormatException.At(pageOffset, $"Page {page} is a data or dictionary page without its page-kind header", name);
            }

            var body = chunk.AsSpan(bodyStart, header.CompressedPageSize);
            pos = bodyStart + header.CompressedPageSize;
            try
            {
                switch (header.Type)
                {
                    case ParquetCodes.DictionaryPage:
                        if (header.Encoding is not (ParquetCodes.Plain or ParquetCodes.PlainDictionary))
                        {
                            throw new InvalidDataException($"a dictionary page is {ParquetCodes.EncodingName(header.Encoding)}, not PLAIN");
                        }

                        var dictionaryBytes = PageCompression.Decompress(body, meta.Codec, header.UncompressedPageSize);
                        dictionary = ValueDecoder.DecodePlain(dictionaryBytes, layout, header.NumValues);
                        break;
                    case ParquetCodes.DataPage or ParquetCodes.DataPageV2:
                        if (header.NumValues > rows - filled)
                        {
                            throw new InvalidDataException($"the page holds {header.NumValues} values but only {rows - filled} of the row group's {rows} rows are left");
                        }

                        ReadDataPage(body, header, meta.Codec, layout, dictionary, output, filled);
                        filled += header.NumValues;
                        break;
                    default:
                        // Index pages and page types from newer writers carry nothing this reader needs.
                        break;
                }
            }
            catch (InvalidDataException e)
            {
                throw new ParquetFormatException($"Page {page} of column '{name}' (at byte {pageOffset}) is malformed: {e.Message}.", e) { Offset = pageOffset, Column = name };
            }

            page++;
        }

        return output;
    }

    private static void ReadDataPage(ReadOnlySpan<byte> body, PageHeader header, int codec, ColumnLayout layout, Array? dictionary, Array output, int at)
    {
        var count = header.NumValues;
        var levels = new int[count];
        ReadOnlySpan<byte> values;
        if (header.Type == ParquetCodes.DataPage)
        {
            var page = PageCompression.Decompress(body, codec, header.UncompressedPageSize);
            var levelBytes = 0;
            if (layout.MaxDefinitionLevel > 0)
            {
                levelBytes = ReadLevelsV1(page, header.DefinitionLevelEncoding, levels);
            }
            else
            {
                levels.AsSpan().Fill(0);
            }

            values = page.AsSpan(levelBytes);
        }
        else
        {
            var levelLength = (long)header.DefinitionLevelsByteLength + header.RepetitionLevelsByteLength;
            if (header.DefinitionLevelsByteLength < 0 || header.RepetitionLevelsByteLength < 0 || levelLength > body.Length || levelLength > header.UncompressedPageSize)
            {
                throw new InvalidDataException($"the level lengths ({header.RepetitionLevelsByteLength} + {header.DefinitionLevelsByteLength}) do not fit the page");
            }

            if (header.RepetitionLevelsByteLength > 0)
            {
                throw new InvalidDataException("the page has repetition levels, but the column is flat");
            }

            if (layout.MaxDefinitionLevel > 0)
            {
                RleHybrid.Decode(body[..header.DefinitionLevelsByteLength], 1, levels);
            }

            var valueBytes = body[(int)levelLength..];
            var uncompressed = header.UncompressedPageSize - (int)levelLength;
            values = header.IsCompressed ? PageCompression.Decompress(valueBytes, codec, uncompressed) : valueBytes;
            if (!header.IsCompressed && values.Length != uncompressed)
            {
                throw new InvalidDataException($"an uncompressed page has {values.Length} value bytes but declares {uncompressed}");
            }
        }

        var present = 0;
        foreach (var level in levels)
        {
            if (level > layout.MaxDefinitionLevel)
            {
                throw new InvalidDataException($"definition level {level} is above the column's maximum {layout.MaxDefinitionLevel}");
            }

            present += level == layout.MaxDefinitionLevel ? 1 : 0;
        }

        var decoded = ValueDecoder.Decode(values, header.Encoding, layout, present, dictionary);
        Scatter(decoded, levels, layout.MaxDefinitionLevel, output, at);
    }

    private static int ReadLevelsV1(byte[] page, int encoding, int[] levels)
    {
        if (encoding == ParquetCodes.BitPacked)
        {
            var bytes = (levels.Length + 7) / 8;
            if (bytes > page.Length)
            {
                throw new InvalidDataException("the bit-packed definition levels are truncated");
            }

            for (var i = 0; i < levels.Length; i++)
            {
                // The deprecated BIT_PACKED encoding packs most significant bit first.
                levels[i] = (page[i >> 3] >> (7 - (i & 7))) & 1;
            }

            return bytes;
        }

        if (encoding != ParquetCodes.Rle)
        {
            throw new InvalidDataException($"definition levels are {ParquetCodes.EncodingName(encoding)}, not RLE");
        }

        if (page.Length < 4)
        {
            throw new InvalidDataException("the definition levels' length is truncated");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(page);
        if (length < 0 || length > page.Length - 4)
        {
            throw new InvalidDataException($"the definition levels claim {length} bytes but the page has {page.Length - 4} left");
        }

        RleHybrid.Decode(page.AsSpan(4, length), 1, levels);
        return 4 + length;
    }

    private static Array NewOutput(ParquetColumnType type, int rows) => type switch
    {
        ParquetColumnType.String => new string?[rows],
        ParquetColumnType.Double => new double?[rows],
        ParquetColumnType.Boolean => new bool?[rows],
        _ => new long?[rows],
    };

    private static void Scatter(Array decoded, int[] levels, int maxLevel, Array output, int at)
    {
        var v = 0;
        switch (output)
        {
            case string?[] strings:
                var s = (string[])decoded;
                for (var i = 0; i < levels.Length; i++)
                {
                    strings[at + i] = levels[i] == maxLevel ? s[v++] : null;
                }

                break;
            case long?[] longs:
                var l = (long[])decoded;
                for (var i = 0; i < levels.Length; i++)
                {
                    longs[at + i] = levels[i] == maxLevel ? l[v++] : null;
                }

                break;
            case double?[] doubles:
                var d = (double[])decoded;
                for (var i = 0; i < levels.Length; i++)
                {
                    doubles[at + i] = levels[i] == maxLevel ? d[v++] : null;
                }

                break;
            case bool?[] booleans:
                var b = (bool[])decoded;
                for (var i = 0; i < levels.Length; i++)
                {
                    booleans[at + i] = levels[i] == maxLevel ? b[v++] : null;
                }

                break;
        }
    }
}
