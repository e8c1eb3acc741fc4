namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>ColumnChunk</c>: one column of one row group.</summary>
internal sealed class ColumnChunk
{
    public string? FilePath { get; set; }
    public long FileOffset { get; set; }
    public ColumnMetaData? MetaData { get; set; }

    /// <summary>Where the chunk's <see cref="OffsetIndex"/> is in the file, when it has one.</summary>
    public long? OffsetIndexOffset { get; set; }

    /// <summary>The length of the chunk's <see cref="OffsetIndex"/> in bytes.</summary>
    public int? OffsetIndexLength { get; set; }

    /// <summary>While writing: the data pages written, for the offset index written after the row groups; never serialised here.</summary>
    public OffsetIndex? PendingOffsetIndex { get; set; }

    public static ColumnChunk Read(ThriftReader reader)
    {
        var result = new ColumnChunk();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: result.FilePath = reader.ReadString(); break;
                case 2 when type == ThriftType.I64: result.FileOffset = reader.ReadI64(); break;
                case 3 when type == ThriftType.Struct: result.MetaData = ColumnMetaData.Read(reader); break;
                case 4 when type == ThriftType.I64: result.OffsetIndexOffset = reader.ReadI64(); break;
                case 5 when type == ThriftType.I32: result.OffsetIndexLength = reader.ReadI32(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.I64(2, FileOffset);
        MetaData?.Write(writer, 3);
        if (OffsetIndexOffset is { } offset && OffsetIndexLength is { } length)
        {
            writer.I64(4, offset);
            writer.I32(5, length);
        }

        writer.EndStruct();
    }
}
