namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>SchemaElement</c>: one node of the schema tree (the root, or a flat column).</summary>
internal sealed class SchemaElement
{
    public int? Type { get; set; }
    public int? TypeLength { get; set; }
    public int? Repetition { get; set; }
    public string Name { get; set; } = "";
    public int? NumChildren { get; set; }
    public int? ConvertedType { get; set; }
    public LogicalType? Logical { get; set; }

    public static SchemaElement Read(ThriftReader reader)
    {
        var result = new SchemaElement();
        var hasName = false;
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: result.Type = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: result.TypeLength = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: result.Repetition = reader.ReadI32(); break;
                case 4 when type == ThriftType.Binary: result.Name = reader.ReadString(); hasName = true; break;
                case 5 when type == ThriftType.I32: result.NumChildren = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: result.ConvertedType = reader.ReadI32(); break;
                case 10 when type == ThriftType.Struct: result.Logical = LogicalType.Read(reader); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        if (!hasName)
        {
            throw reader.Error("a schema element has no name");
        }

        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        if (Type is { } type)
        {
            writer.I32(1, type);
        }

        if (Repetition is { } repetition)
        {
            writer.I32(3, repetition);
        }

        writer.String(4, Name);
        if (NumChildren is { } children)
        {
            writer.I32(5, children);
        }

        if (ConvertedType is { } converted)
        {
            writer.I32(6, converted);
        }

        Logical?.Write(writer, 10);
        writer.EndStruct();
    }
}
