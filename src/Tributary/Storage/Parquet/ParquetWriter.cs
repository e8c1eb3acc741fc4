using System.Buffers;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>
/// Writes a Parquet file with a flat schema: row groups of column chunks (data pages v1, PLAIN or dictionary
/// encoded, definition levels for nullable columns, UNCOMPRESSED, SNAPPY or GZIP), min/max statistics, an offset
/// index per column chunk (the page index that lets a reader fetch one row's page alone), and the Thrift footer. The file is only valid once <see cref="Complete"/> has written the footer.
/// </summary>
/// <example>
/// <code>
/// var schema = new ParquetSchema(new ParquetColumn("name", ParquetColumnType.String), new ParquetColumn("rows", ParquetColumnType.Int64));
/// using var file = File.Create("runs.parquet");
/// using var writer = new ParquetWriter(file, schema);
/// writer.WriteRowGroup([ParquetColumnData.FromStrings(schema.Columns[0], ["a", "b"]), ParquetColumnData.FromInt64s(schema.Columns[1], [1, null])]);
/// writer.Complete();
/// </code>
/// </example>
public sealed class ParquetWriter : IDisposable
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();
    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private readonly FileMetaData _footer = new() { CreatedBy = "Tributary parquet writer" };
    private readonly ColumnChunkWriter _chunkWriter;
    private long _position;
    private bool _completed;

    /// <summary>Starts a file on <paramref name="output"/> (which it disposes unless <paramref name="leaveOpen"/>).</summary>
    public ParquetWriter(Stream output, ParquetSchema schema, ParquetWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        _output = output;
        _leaveOpen = leaveOpen;
        _options = options ?? ParquetWriterOptions.Default;
        if (_options.PageSize <= 0)
        {
            throw new ArgumentException($"PageSize must be positive, not {_options.PageSize}.", nameof(options));
        }

        Schema = schema;
        _chunkWriter = new ColumnChunkWriter(_options);
        _footer.Schema.Add(new SchemaElement { Name = "schema", NumChildren = schema.Columns.Count });
        _footer.Schema.AddRange(schema.Columns.Select(ParquetTypes.ToSchemaElement));
        _footer.KeyValueMetadata.AddRange(_options.Metadata.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new KeyValue { Key = e.Key, Value = e.Value }));
        _output.Write(Magic);
        _position = Magic.Length;
    }

    /// <summary>The file's schema.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The rows written so far.</summary>
    public long RowCount => _footer.NumRows;

    /// <summary>
    /// Writes one row group: one <see cref="ParquetColumnData"/> per schema column, in schema order, all with the
    /// same number of rows. An empty row group (zero rows) is skipped.
    /// </summary>
    public void WriteRowGroup(IReadOnlyList<ParquetColumnData> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (columns.Count != Schema.Columns.Count)
        {
            throw new ArgumentException($"The schema has {Schema.Columns.Count} columns; {columns.Count} were given.", nameof(columns));
        }

        var rows = columns.Count == 0 ? 0 : columns[0].Count;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Column != Schema.Columns[i])
            {
                throw new ArgumentException($"Column {i} is '{columns[i].Column.Name}' ({columns[i].Column.Type}); the schema has '{Schema.Columns[i].Name}' ({Schema.Columns[i].Type}).", nameof(columns));
            }

            if (columns[i].Count != rows)
            {
                throw new ArgumentException($"Column '{columns[i].Column.Name}' has {columns[i].Count} rows; the first column has {rows}.", nameof(columns));
            }
        }

        if (rows == 0)
        {
            return;
        }

        var group = new RowGroup { NumRows = rows, FileOffset = _position, Ordinal = (short)Math.Min(_footer.RowGroups.Count, short.MaxValue) };
        foreach (var column in columns)
        {
            var chunk = _chunkWriter.Write(column, _output, ref _position);
            group.Columns.Add(chunk);
            group.TotalByteSize += chunk.MetaData!.TotalUncompressedSize;
            group.TotalCompressedSize = (group.TotalCompressedSize ?? 0) + chunk.MetaData.TotalCompressedSize;
        }

        _footer.RowGroups.Add(group);
        _footer.NumRows += rows;
    }

    /// <summary>Writes the footer, which makes the file complete; no row groups can be added afterwards.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        var buffer = new ArrayBufferWriter<byte>();

        // The page index (offset indexes) goes between the last row group and the footer, as the format places it.
        foreach (var group in _footer.RowGroups)
        {
            foreach (var chunk in group.Columns)
            {
                if (chunk.PendingOffsetIndex is { } index)
                {
                    buffer.ResetWrittenCount();
                    index.Write(new ThriftWriter(buffer));
                    _output.Write(buffer.WrittenSpan);
                    chunk.OffsetIndexOffset = _position;
                    chunk.OffsetIndexLength = buffer.WrittenCount;
                    chunk.PendingOffsetIndex = null;
                    _position += buffer.WrittenCount;
                }
            }
        }

        buffer.ResetWrittenCount();
        _footer.Write(new ThriftWriter(buffer));
        _output.Write(buffer.WrittenSpan);
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, buffer.WrittenCount);
        _output.Write(length);
        _output.Write(Magic);
        _output.Flush();
        _position += buffer.WrittenCount + 8;
        _completed = true;
    }

    /// <summary>Releases the stream (unless left open); without <see cref="Complete"/> the file stays incomplete.</summary>
    public void Dispose()
    {
        _completed = true;
        if (!_leaveOpen)
        {
            _output.Dispose();
        }
    }
}
