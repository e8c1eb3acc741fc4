namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>ColumnChunk</c>: one column of one row group.</summary>
internal sealed class ColumnChunk
{
    public string? FilePath { get; set; }
    public long FileOffset { get; set; }
    public ColumnMetaData? MetaData { get; set; }

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
        writer.EndStruct();
    }
}
