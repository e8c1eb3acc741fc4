using System.Buffers.Binary;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>
/// Reads a Parquet file with a flat schema: the footer on open, then row groups on request (only the columns
/// asked for). Accepts what this library writes and what DuckDB, Spark and Arrow write for strings, integers,
/// doubles, booleans and timestamps: data pages v1 and v2, PLAIN, dictionary, RLE and delta encodings,
/// UNCOMPRESSED, SNAPPY and GZIP. A malformed or truncated file gives a <see cref="ParquetFormatException"/>.
/// </summary>
/// <example>
/// <code>
/// using var reader = ParquetReader.Open("runs.parquet");
/// foreach (var group in reader.RowGroups)
/// {
///     var columns = reader.ReadRowGroup(group.Index, ["name"]);
///     Console.WriteLine(columns[0].GetString(0));
/// }
/// </code>
/// </example>
public sealed class ParquetReader : IDisposable
{
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly long _length;
    private readonly FileMetaData _footer;
    private readonly ColumnLayout[] _layouts;
    private readonly Dictionary<ColumnChunk, PageLocation[]?> _offsetIndexes = new(ReferenceEqualityComparer.Instance);

    /// <summary>Opens a Parquet file on a seekable stream and reads its footer (the stream is disposed with the reader unless <paramref name="leaveOpen"/>).</summary>
    public ParquetReader(Stream input, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.CanSeek || !input.CanRead)
        {
            throw new ArgumentException("A Parquet file is read from a readable, seekable stream.", nameof(input));
        }

        _input = input;
        _leaveOpen = leaveOpen;
        _length = input.Length;
        try
        {
            _footer = ReadFooter();
            _layouts = ReadSchema();
            Schema = new ParquetSchema(_layouts.Select(l => l.Column));
            RowGroups = [.. _footer.RowGroups.Select(DescribeRowGroup)];
            Metadata = _footer.KeyValueMetadata.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);
        }
        catch
        {
            if (!leaveOpen)
            {
                input.Dispose();
            }

            throw;
        }
    }

    /// <summary>The file's columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The total number of rows, as the footer says.</summary>
    public long RowCount => _footer.NumRows;

    /// <summary>The row groups with their row counts and column statistics, in file order.</summary>
    public IReadOnlyList<ParquetRowGroupInfo> RowGroups { get; }

    /// <summary>The footer's key-value metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The writer named in the footer (<c>created_by</c>), or null.</summary>
    public string? CreatedBy => _footer.CreatedBy;

    /// <summary>Opens the file at <paramref name="path"/>.</summary>
    public static ParquetReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.RandomAccess));

    /// <summary>
    /// Reads row group <paramref name="index"/>: the columns named in <paramref name="columns"/> (in that order), or
    /// every column when it is null.
    /// </summary>
    public IReadOnlyList<ParquetColumnData> ReadRowGroup(int index, IReadOnlyList<string>? columns = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RowGroups.Count);
        var positions = columns is null
            ? Enumerable.Range(0, _layouts.Length).ToArray()
            : columns.Select(name => Schema.IndexOf(name) is var i and >= 0 ? i : throw new ArgumentException($"The file has no column '{name}'.", nameof(columns))).ToArray();
        var group = _footer.RowGroups[index];
        var rows = (int)RowGroups[index].RowCount;
        var result = new ParquetColumnData[positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            var layout = _layouts[positions[i]];
            var meta = group.Columns[positions[i]].MetaData!;
            var start = meta.DictionaryPageOffset is { } dictionary and > 0 && dictionary < meta.DataPageOffset ? dictionary : meta.DataPageOffset;
            if (start < 4 || meta.TotalCompressedSize < 0 || start > _length - 8 || meta.TotalCompressedSize > _length - 8 - start)
            {
                throw ParquetFormatException.At(start, $"Row group {index}'s chunk of {meta.TotalCompressedSize} bytes lies outside the file of {_length} bytes", layout.Column.Name);
            }

            var bytes = ReadAt(start, (int)meta.TotalCompressedSize);
            result[i] = ParquetColumnData.Wrap(layout.Column, ColumnChunkReader.Read(bytes, start, meta, layout, rows));
        }

        return result;
    }

    /// <summary>
    /// Reads one column's values at <paramref name="rows"/> (row numbers within row group <paramref name="index"/>, in
    /// any order; the result follows that order). With the chunk's offset index (the page index this library and other
    /// writers add) only the pages holding those rows are read and decompressed; without one, the whole chunk is.
    /// </summary>
    public ParquetColumnData ReadRows(int index, string column, IReadOnlyList<int> rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, RowGroups.Count);
        ArgumentNullException.ThrowIfNull(rows);
        var position = Schema.IndexOf(column) is var p and >= 0 ? p : throw new ArgumentException($"The file has no column '{column}'.", nameof(column));
        var groupRows = (int)RowGroups[index].RowCount;
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)groupRows)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row group {index} has {groupRows} rows.");
            }
        }

        var layout = _layouts[position];
        var chunk = _footer.RowGroups[index].Columns[position];
        var pages = PagesOf(chunk, groupRows);
        if (pages is null)
        {
            var whole = ReadRowGroup(index, [column]);
            return Pick(layout.Column, whole[0], rows);
        }

        var meta = chunk.MetaData!;
        var dictionary = meta.DictionaryPageOffset is { } at and > 0 && at < meta.DataPageOffset ? ReadAt(at, checked((int)(meta.DataPageOffset - at))) : [];

        // Row numbers sorted with their place in the result, so each run of neighbouring pages is read once.
        var order = new int[rows.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => rows[a].CompareTo(rows[b]));
        Array? result = null;
        var next = 0;
        while (next < order.Length)
        {
            var first = PageOf(pages, rows[order[next]]);
            var last = first;
            var end = next;
            while (end < order.Length)
            {
                var page = PageOf(pages, rows[order[end]]);
                if (page > last + 1)
                {
                    break;
                }

                last = page;
                end++;
            }

            var runStart = pages[first].Offset;
            var runLength = checked((int)(pages[last].Offset + pages[last].CompressedPageSize - runStart));
            var firstRow = (int)pages[first].FirstRowIndex;
            var runRows = (last + 1 < pages.Length ? (int)pages[last + 1].FirstRowIndex : groupRows) - firstRow;
            var bytes = new byte[dictionary.Length + runLength];
            dictionary.CopyTo(bytes, 0);
            ReadInto(runStart, bytes.AsSpan(dictionary.Length));
            var decoded = ColumnChunkReader.Read(bytes, runStart - dictionary.Length, meta, layout, runRows);
            result ??= NewValues(layout.Column.Type, rows.Count);
            for (; next < end; next++)
            {
                Array.Copy(decoded, rows[order[next]] - firstRow, result, order[next], 1);
            }
        }

        return ParquetColumnData.Wrap(layout.Column, result ?? ColumnChunkReader.Read([], 0, meta, layout, 0));
    }

    /// <summary>Reads every row group (or only <paramref name="columns"/>) one after the other.</summary>
    public IEnumerable<IReadOnlyList<ParquetColumnData>> ReadAll(IReadOnlyList<string>? columns = null)
    {
        for (var i = 0; i < RowGroups.Count; i++)
        {
            yield return ReadRowGroup(i, columns);
        }
    }

    /// <summary>Releases the stream unless it was left open.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _input.Dispose();
        }
    }

    private FileMetaData ReadFooter()
    {
        if (_length < 12)
        {
            throw ParquetFormatException.At(0, $"The file has {_length} bytes, too few to be Parquet (at least 12)");
        }

        var head = ReadAt(0, 4);
        if (!head.AsSpan().SequenceEqual("PAR1"u8))
        {
            throw ParquetFormatException.At(0, "The file does not start with the Parquet magic 'PAR1'");
        }

        var tail = ReadAt(_length - 8, 8);
        if (!tail.AsSpan(4).SequenceEqual("PAR1"u8))
        {
            throw ParquetFormatException.At(_length - 4, tail.AsSpan(4).SequenceEqual("PARE"u8)
                ? "The file is encrypted (magic 'PARE'), which is not supported"
                : "The file does not end with the Parquet magic 'PAR1' (it may be truncated)");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength <= 0 || footerLength > _length - 12)
        {
            throw ParquetFormatException.At(_length - 8, $"The footer length {footerLength} does not fit in a file of {_length} bytes");
        }

        var footerStart = _length - 8 - footerLength;
        var footer = ReadAt(footerStart, footerLength);
        return FileMetaData.Read(new ThriftReader(footer, 0, footer.Length, footerStart, "footer"));
    }

    private ColumnLayout[] ReadSchema()
    {
        var schema = _footer.Schema;
        if (schema.Count == 0 || schema[0].NumChildren is not { } children || children != schema.Count - 1)
        {
            throw new ParquetFormatException($"The schema is not flat: its root claims {schema.FirstOrDefault()?.NumChildren} children but {Math.Max(schema.Count - 1, 0)} elements follow.");
        }

        var layouts = schema.Skip(1).Select(ParquetTypes.FromSchemaElement).ToArray();
        if (layouts.Select(l => l.Column.Name).Distinct(StringComparer.Ordinal).Count() != layouts.Length)
        {
            throw new ParquetFormatException("The schema has two columns with the same name.");
        }

        if (_footer.NumRows < 0)
        {
            throw new ParquetFormatException($"The footer gives a negative row count ({_footer.NumRows}).");
        }

        return layouts;
    }

    private ParquetRowGroupInfo DescribeRowGroup(RowGroup group, int index)
    {
        // A row group's rows become arrays, so their number is capped: generous for real files, safe for damaged ones.
        var maxRows = Math.Max(1L << 20, _length * 16);
        if (group.NumRows < 0 || group.NumRows > Math.Min(maxRows, int.MaxValue / 2))
        {
            throw new ParquetFormatException($"Row group {index} claims {group.NumRows} rows, more than a file of {_length} bytes can hold.");
        }

        if (group.Columns.Count != _layouts.Length)
        {
            throw new ParquetFormatException($"Row group {index} has {group.Columns.Count} column chunks but the schema has {_layouts.Length} columns.");
        }

        var statistics = new ParquetColumnStatistics[_layouts.Length];
        for (var c = 0; c < _layouts.Length; c++)
        {
            var layout = _layouts[c];
            var meta = group.Columns[c].MetaData ?? throw new ParquetFormatException($"Row group {index}'s chunk of column '{layout.Column.Name}' has no metadata (or keeps it in another file).") { Column = layout.Column.Name };
            if (group.Columns[c].FilePath is not null)
            {
                throw new ParquetFormatException($"Row group {index}'s chunk of column '{layout.Column.Name}' is in another file, which is not supported.") { Column = layout.Column.Name };
            }

            if (meta.Type != layout.PhysicalType)
            {
                throw new ParquetFormatException($"Row group {index}'s chunk of column '{layout.Column.Name}' is {ParquetCodes.TypeName(meta.Type)} but the schema says {ParquetCodes.TypeName(layout.PhysicalType)}.") { Column = layout.Column.Name };
            }

            statistics[c] = StatisticsDecoder.Decode(meta.Statistics, layout);
        }

        return new ParquetRowGroupInfo(index, group.NumRows, statistics);
    }

    private byte[] ReadAt(long offset, int length)
    {
        var buffer = new byte[length];
        ReadInto(offset, buffer);
        return buffer;
    }

    private void ReadInto(long offset, Span<byte> buffer)
    {
        _input.Seek(offset, SeekOrigin.Begin);
        var read = 0;
        while (read < buffer.Length)
        {
            var n = _input.Read(buffer[read..]);
            if (n == 0)
            {
                throw ParquetFormatException.At(offset + read, $"The file ends {buffer.Length - read} bytes early");
            }

            read += n;
        }
    }

    // The chunk's data pages from its offset index, or null when it has none or one that does not fit the chunk (then
    // the whole chunk is read, as before page indexes).
    private PageLocation[]? PagesOf(ColumnChunk chunk, int groupRows)
    {
        if (chunk.OffsetIndexOffset is not { } offset || chunk.OffsetIndexLength is not { } length || length <= 0 || offset < 4 || offset > _length - 8 - length)
        {
            return null;
        }

        lock (_offsetIndexes)
        {
            if (_offsetIndexes.TryGetValue(chunk, out var cached))
            {
                return cached;
            }
        }

        PageLocation[]? pages;
        try
        {
            var bytes = ReadAt(offset, length);
            pages = [.. OffsetIndex.Read(new ThriftReader(bytes, 0, bytes.Length, offset, "offset index")).PageLocations];
        }
        catch (ParquetFormatException)
        {
            pages = null;
        }

        var meta = chunk.MetaData!;
        var chunkEnd = meta.DataPageOffset + meta.TotalCompressedSize;
        if (pages is not null)
        {
            for (var i = 0; i < pages.Length; i++)
            {
                var p = pages[i];
                var fits = p.Offset >= meta.DataPageOffset && p.CompressedPageSize > 0 && p.Offset + p.CompressedPageSize <= Math.Min(chunkEnd, _length - 8)
                    && p.FirstRowIndex < groupRows && (i == 0 ? p.FirstRowIndex == 0 : p.FirstRowIndex > pages[i - 1].FirstRowIndex && p.Offset >= pages[i - 1].Offset + pages[i - 1].CompressedPageSize);
                if (!fits)
                {
                    pages = null;
                    break;
                }
            }
        }

        if (pages is { Length: 0 })
        {
            pages = null;
        }

        lock (_offsetIndexes)
        {
            _offsetIndexes[chunk] = pages;
        }

        return pages;
    }

    private static int PageOf(PageLocation[] pages, int row)
    {
        var low = 0;
        var high = pages.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (pages[mid].FirstRowIndex <= row)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private static Array NewValues(ParquetColumnType type, int count) => type switch
    {
        ParquetColumnType.String => new string?[count],
        ParquetColumnType.Double => new double?[count],
        ParquetColumnType.Boolean => new bool?[count],
        _ => new long?[count],
    };

    private static ParquetColumnData Pick(ParquetColumn column, ParquetColumnData whole, IReadOnlyList<int> rows)
    {
        var source = column.Type switch
        {
            ParquetColumnType.String => (Array)whole.Strings,
            ParquetColumnType.Double => whole.Doubles,
            ParquetColumnType.Boolean => whole.Booleans,
            _ => whole.Longs,
        };
        var picked = NewValues(column.Type, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Copy(source, rows[i], picked, i, 1);
        }

        return ParquetColumnData.Wrap(column, picked);
    }
}
