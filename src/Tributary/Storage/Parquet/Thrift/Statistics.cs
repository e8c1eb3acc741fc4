namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>Statistics</c>: a column chunk's min, max and null count.</summary>
internal sealed class Statistics
{
    public byte[]? Max { get; set; }
    public byte[]? Min { get; set; }
    public long? NullCount { get; set; }
    public long? DistinctCount { get; set; }
    public byte[]? MaxValue { get; set; }
    public byte[]? MinValue { get; set; }

    public static Statistics Read(ThriftReader reader)
    {
        var result = new Statistics();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: result.Max = reader.ReadBinary(); break;
                case 2 when type == ThriftType.Binary: result.Min = reader.ReadBinary(); break;
                case 3 when type == ThriftType.I64: result.NullCount = reader.ReadI64(); break;
                case 4 when type == ThriftType.I64: result.DistinctCount = reader.ReadI64(); break;
                case 5 when type == ThriftType.Binary: result.MaxValue = reader.ReadBinary(); break;
                case 6 when type == ThriftType.Binary: result.MinValue = reader.ReadBinary(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer, short fieldId)
    {
        writer.StructField(fieldId);
        if (NullCount is { } nulls)
        {
            writer.I64(3, nulls);
        }

        if (MaxValue is not null)
        {
            writer.Binary(5, MaxValue);
        }

        if (MinValue is not null)
        {
            writer.Binary(6, MinValue);
        }

        if (MaxValue is not null && MinValue is not null)
        {
            writer.Bool(7, true);
            writer.Bool(8, true);
        }

        writer.EndStruct();
    }
}
