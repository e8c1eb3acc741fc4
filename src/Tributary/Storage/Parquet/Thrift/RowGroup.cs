namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>RowGroup</c>: a horizontal slice of the file, one column chunk per column.</summary>
internal sealed class RowGroup
{
    public List<ColumnChunk> Columns { get; set; } = [];
    public long TotalByteSize { get; set; }
    public long NumRows { get; set; }
    public long? FileOffset { get; set; }
    public long? TotalCompressedSize { get; set; }
    public short? Ordinal { get; set; }

    public static RowGroup Read(ThriftReader reader)
    {
        var result = new RowGroup();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.List:
                    var count = reader.ReadListHeader(out _);
                    for (var i = 0; i < count; i++)
                    {
                        result.Columns.Add(ColumnChunk.Read(reader));
                    }

                    break;
                case 2 when type == ThriftType.I64: result.TotalByteSize = reader.ReadI64(); break;
                case 3 when type == ThriftType.I64: result.NumRows = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.ListField(1, ThriftType.Struct, Columns.Count);
        foreach (var column in Columns)
        {
            column.Write(writer);
        }

        writer.I64(2, TotalByteSize);
        writer.I64(3, NumRows);
        if (FileOffset is { } offset)
        {
            writer.I64(5, offset);
        }

        if (TotalCompressedSize is { } compressed)
        {
            writer.I64(6, compressed);
        }

        if (Ordinal is { } ordinal)
        {
            writer.FieldHeader(7, ThriftType.I16);
            writer.I32Value(ordinal);
        }

        writer.EndStruct();
    }
}
