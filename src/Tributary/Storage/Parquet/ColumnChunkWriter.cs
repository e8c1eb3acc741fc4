using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>
/// Writes one column of one row group: an optional dictionary page, then data pages (v1) of definition levels and
/// PLAIN or dictionary-index values, each compressed; returns the chunk's metadata with min/max statistics.
/// </summary>
internal sealed class ColumnChunkWriter
{
    private const int MaxStatisticsBytes = 512;
    private readonly ParquetWriterOptions _options;
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly ArrayBufferWriter<byte> _header = new();
    private readonly ArrayBufferWriter<byte> _compressed = new();

    public ColumnChunkWriter(ParquetWriterOptions options)
    {
        _options = options;
    }

    public ColumnChunk Write(ParquetColumnData data, Stream output, ref long position)
    {
        var column = data.Column;
        var rows = data.Count;
        int[]? levels = column.IsNullable ? new int[rows] : null;
        var present = new List<int>(rows);
        for (var i = 0; i < rows; i++)
        {
            if (!data.IsNull(i))
            {
                present.Add(i);
                if (levels is not null)
                {
                    levels[i] = 1;
                }
            }
        }

        var values = new ColumnValues(data, present);
        var meta = new ColumnMetaData
        {
            Type = PhysicalType(column.Type),
            Path = [column.Name],
            Codec = (int)_options.Compression,
            NumValues = rows,
            Statistics = values.Statistics(rows - present.Count, MaxStatisticsBytes),
        };

        var start = position;
        var dictionary = _options.UseDictionary ? values.BuildDictionary(_options.PageSize) : null;
        if (dictionary is not null)
        {
            meta.DictionaryPageOffset = position;
            _body.ResetWrittenCount();
            foreach (var entry in dictionary.Value.Entries)
            {
                WritePlainBytes(entry);
            }

            WritePage(ParquetCodes.DictionaryPage, dictionary.Value.Entries.Count, ParquetCodes.PlainDictionary, output, ref position, meta);
            meta.Encodings = [ParquetCodes.PlainDictionary, ParquetCodes.Rle];
        }
        else
        {
            meta.Encodings = [ParquetCodes.Plain, ParquetCodes.Rle];
        }

        meta.DataPageOffset = position;
        var pages = new OffsetIndex();
        var row = 0;
        var value = 0;
        do
        {
            // Cut the page where its estimated encoded values reach the page size.
            var pageStart = row;
            var valueStart = value;
            long estimate = 0;
            while (row < rows && (row == pageStart || estimate < _options.PageSize))
            {
                if (levels is null || levels[row] == 1)
                {
                    estimate += dictionary is null ? values.EstimatedSize(value) : 4;
                    value++;
                }

                row++;
            }

            _body.ResetWrittenCount();
            if (levels is not null)
            {
                var lengthAt = _body.WrittenCount;
                _body.GetSpan(4);
                _body.Advance(4);
                RleHybrid.Encode(levels.AsSpan(pageStart, row - pageStart), 1, _body);
                var levelLength = _body.WrittenCount - lengthAt - 4;
                WriteLength(lengthAt, levelLength);
            }

            if (dictionary is { } dict)
            {
                var bitWidth = RleHybrid.BitWidth(Math.Max(dict.Entries.Count - 1, 0));
                _body.GetSpan(1)[0] = (byte)bitWidth;
                _body.Advance(1);
                RleHybrid.Encode(dict.Indices.AsSpan(valueStart, value - valueStart), bitWidth, _body);
            }
            else
            {
                values.WritePlain(valueStart, value, _body);
            }

            var pageOffset = position;
            WritePage(ParquetCodes.DataPage, row - pageStart, dictionary is null ? ParquetCodes.Plain : ParquetCodes.PlainDictionary, output, ref position, meta);
            pages.PageLocations.Add(new PageLocation(pageOffset, checked((int)(position - pageOffset)), pageStart));
        }
        while (row < rows);

        return new ColumnChunk { FileOffset = start, MetaData = meta, PendingOffsetIndex = pages };
    }

    private static int PhysicalType(ParquetColumnType type) => type switch
    {
        ParquetColumnType.String => ParquetCodes.ByteArray,
        ParquetColumnType.Double => ParquetCodes.Double,
        ParquetColumnType.Boolean => ParquetCodes.Boolean,
        _ => ParquetCodes.Int64,
    };

    private void WriteLength(int at, int length)
    {
        // ArrayBufferWriter has no random-access write, but its written memory is writable through the backing array.
        var span = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_body.WrittenMemory).Span;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], length);
    }

    private void WritePlainBytes(ReadOnlyMemory<byte> value)
    {
        var span = _body.GetSpan(4 + value.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, value.Length);
        value.Span.CopyTo(span[4..]);
        _body.Advance(4 + value.Length);
    }

    private void WritePage(int pageType, int count, int encoding, Stream output, ref long position, ColumnMetaData meta)
    {
        var compressed = PageCompression.Compress(_body.WrittenSpan, _options.Compression, _compressed);
        var header = new PageHeader
        {
            Type = pageType,
            UncompressedPageSize = _body.WrittenCount,
            CompressedPageSize = compressed.Length,
            NumValues = count,
            Encoding = encoding,
        };
        _header.ResetWrittenCount();
        header.Write(new ThriftWriter(_header));
        output.Write(_header.WrittenSpan);
        output.Write(compressed);
        position += _header.WrittenCount + compressed.Length;
        meta.TotalCompressedSize += _header.WrittenCount + compressed.Length;
        meta.TotalUncompressedSize += _header.WrittenCount + _body.WrittenCount;
    }
}
