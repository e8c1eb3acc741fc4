namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>PageHeader</c> with its data (v1 and v2) and dictionary page headers flattened in.</summary>
internal sealed class PageHeader
{
    public int Type { get; set; } = -1;
    public int UncompressedPageSize { get; set; } = -1;
    public int CompressedPageSize { get; set; } = -1;

    /// <summary>Values in the page (data pages v1 and v2, dictionary pages), nulls included.</summary>
    public int NumValues { get; set; } = -1;
    public int Encoding { get; set; }
    public int DefinitionLevelEncoding { get; set; } = ParquetCodes.Rle;

    // Data page v2 only.
    public int NumNulls { get; set; }
    public int DefinitionLevelsByteLength { get; set; }
    public int RepetitionLevelsByteLength { get; set; }
    public bool IsCompressed { get; set; } = true;

    public static PageHeader Read(ThriftReader reader)
    {
        var result = new PageHeader();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: result.Type = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: result.UncompressedPageSize = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: result.CompressedPageSize = reader.ReadI32(); break;
                case 5 or 7 or 8 when type == ThriftType.Struct: ReadPageKind(reader, result, id); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        if (result.Type < 0 || result.UncompressedPageSize < 0 || result.CompressedPageSize < 0)
        {
            throw reader.Error("a page header lacks its type or sizes, or gives a negative size");
        }

        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.I32(1, Type);
        writer.I32(2, UncompressedPageSize);
        writer.I32(3, CompressedPageSize);
        if (Type == ParquetCodes.DataPage)
        {
            writer.StructField(5);
            writer.I32(1, NumValues);
            writer.I32(2, Encoding);
            writer.I32(3, DefinitionLevelEncoding);
            writer.I32(4, ParquetCodes.Rle);
            writer.EndStruct();
        }
        else
        {
            writer.StructField(7);
            writer.I32(1, NumValues);
            writer.I32(2, Encoding);
            writer.EndStruct();
        }

        writer.EndStruct();
    }

    private static void ReadPageKind(ThriftReader reader, PageHeader result, short kind)
    {
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
            {
                if (kind == 8 && id == 7)
                {
                    result.IsCompressed = reader.ReadBool(type);
                }

                continue;
            }

            if (type != ThriftType.I32)
            {
                reader.Skip(type);
                continue;
            }

            var value = reader.ReadI32();
            switch (kind, id)
            {
                case (_, 1): result.NumValues = value; break;
                case (5 or 7, 2): result.Encoding = value; break;
                case (5, 3): result.DefinitionLevelEncoding = value; break;
                case (8, 2): result.NumNulls = value; break;
                case (8, 4): result.Encoding = value; break;
                case (8, 5): result.DefinitionLevelsByteLength = value; break;
                case (8, 6): result.RepetitionLevelsByteLength = value; break;
                default: break;
            }
        }

        reader.ExitStruct();
        if (result.NumValues < 0)
        {
            throw reader.Error("a page header gives no (or a negative) value count");
        }
    }
}
