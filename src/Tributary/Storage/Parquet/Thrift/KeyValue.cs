namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>KeyValue</c>: one entry of the file's key-value metadata.</summary>
internal sealed class KeyValue
{
    public string Key { get; set; } = "";
    public string? Value { get; set; }

    public static KeyValue Read(ThriftReader reader)
    {
        var result = new KeyValue();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: result.Key = reader.ReadString(); break;
                case 2 when type == ThriftType.Binary: result.Value = reader.ReadString(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.String(1, Key);
        if (Value is not null)
        {
            writer.String(2, Value);
        }

        writer.EndStruct();
    }
}
