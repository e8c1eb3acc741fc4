namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>FileMetaData</c>: the footer that describes the whole file.</summary>
internal sealed class FileMetaData
{
    public int Version { get; set; } = 1;
    public List<SchemaElement> Schema { get; set; } = [];
    public long NumRows { get; set; }
    public List<RowGroup> RowGroups { get; set; } = [];
    public List<KeyValue> KeyValueMetadata { get; set; } = [];
    public string? CreatedBy { get; set; }

    public static FileMetaData Read(ThriftReader reader)
    {
        var result = new FileMetaData();
        var seen = 0;
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: result.Version = reader.ReadI32(); break;
                case 2 when type == ThriftType.List:
                    seen |= 1;
                    var elements = reader.ReadListHeader(out _);
                    for (var i = 0; i < elements; i++)
                    {
                        result.Schema.Add(SchemaElement.Read(reader));
                    }

                    break;
                case 3 when type == ThriftType.I64: seen |= 2; result.NumRows = reader.ReadI64(); break;
                case 4 when type == ThriftType.List:
                    seen |= 4;
                    var groups = reader.ReadListHeader(out _);
                    for (var i = 0; i < groups; i++)
                    {
                        result.RowGroups.Add(RowGroup.Read(reader));
                    }

                    break;
                case 5 when type == ThriftType.List:
                    var entries = reader.ReadListHeader(out _);
                    for (var i = 0; i < entries; i++)
                    {
                        result.KeyValueMetadata.Add(KeyValue.Read(reader));
                    }

                    break;
                case 6 when type == ThriftType.Binary: result.CreatedBy = reader.ReadString(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        if (seen != 7)
        {
            throw reader.Error("the footer lacks its schema, row count or row groups");
        }

        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.I32(1, Version);
        writer.ListField(2, ThriftType.Struct, Schema.Count);
        foreach (var element in Schema)
        {
            element.Write(writer);
        }

        writer.I64(3, NumRows);
        writer.ListField(4, ThriftType.Struct, RowGroups.Count);
        foreach (var group in RowGroups)
        {
            group.Write(writer);
        }

        if (KeyValueMetadata.Count > 0)
        {
            writer.ListField(5, ThriftType.Struct, KeyValueMetadata.Count);
            foreach (var entry in KeyValueMetadata)
            {
                entry.Write(writer);
            }
        }

        if (CreatedBy is not null)
        {
            writer.String(6, CreatedBy);
        }

        // column_orders: TYPE_ORDER for every column, so readers trust min_value/max_value.
        var columns = Schema.Count - 1;
        writer.ListField(7, ThriftType.Struct, columns);
        for (var i = 0; i < columns; i++)
        {
            writer.BeginStruct();
            writer.StructField(1);
            writer.EndStruct();
            writer.EndStruct();
        }

        writer.EndStruct();
    }
}
