namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>LogicalType</c> union, reduced to what this codec uses: which member, and the timestamp and integer details.</summary>
internal sealed class LogicalType
{
    /// <summary>The union member's field id (1 STRING, 6 DATE, 8 TIMESTAMP, 10 INTEGER, ...); 0 when none was set.</summary>
    public short Kind { get; set; }
    public bool IsAdjustedToUtc { get; set; }
    public int TimeUnit { get; set; }
    public int BitWidth { get; set; }

    public static LogicalType Read(ThriftReader reader)
    {
        var result = new LogicalType();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            if (type != ThriftType.Struct)
            {
                reader.Skip(type);
                continue;
            }

            result.Kind = id;
            switch (id)
            {
                case ParquetCodes.LogicalTimestamp: ReadTimestamp(reader, result); break;
                case ParquetCodes.LogicalInteger: ReadInteger(reader, result); break;
                default: reader.SkipStruct(); break;
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer, short fieldId)
    {
        writer.StructField(fieldId);
        writer.StructField(Kind);
        if (Kind == ParquetCodes.LogicalTimestamp)
        {
            writer.Bool(1, IsAdjustedToUtc);
            writer.StructField(2);
            writer.StructField((short)TimeUnit);
            writer.EndStruct();
            writer.EndStruct();
        }

        writer.EndStruct();
        writer.EndStruct();
    }

    private static void ReadTimestamp(ThriftReader reader, LogicalType result)
    {
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            if (id == 1 && type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
            {
                result.IsAdjustedToUtc = reader.ReadBool(type);
            }
            else if (id == 2 && type == ThriftType.Struct)
            {
                reader.EnterStruct();
                short unitLast = 0;
                while (reader.ReadField(ref unitLast, out var unit, out var unitType))
                {
                    result.TimeUnit = unit;
                    reader.Skip(unitType);
                }

                reader.ExitStruct();
            }
            else
            {
                reader.Skip(type);
            }
        }

        reader.ExitStruct();
    }

    private static void ReadInteger(ThriftReader reader, LogicalType result)
    {
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            if (id == 1 && type == ThriftType.Byte)
            {
                result.BitWidth = (sbyte)reader.ReadByte();
            }
            else
            {
                reader.Skip(type);
            }
        }

        reader.ExitStruct();
    }
}
