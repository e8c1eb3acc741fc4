namespace Tributary.Storage.Parquet.Thrift;

/// <summary>parquet.thrift's <c>ColumnMetaData</c>: where a column chunk's pages are, how they are encoded and compressed, and its statistics.</summary>
internal sealed class ColumnMetaData
{
    public int Type { get; set; }
    public List<int> Encodings { get; set; } = [];
    public List<string> Path { get; set; } = [];
    public int Codec { get; set; }
    public long NumValues { get; set; }
    public long TotalUncompressedSize { get; set; }
    public long TotalCompressedSize { get; set; }
    public long DataPageOffset { get; set; }
    public long? DictionaryPageOffset { get; set; }
    public Statistics? Statistics { get; set; }

    public static ColumnMetaData Read(ThriftReader reader)
    {
        var result = new ColumnMetaData();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: result.Type = reader.ReadI32(); break;
                case 2 when type == ThriftType.List:
                    var encodings = reader.ReadListHeader(out _);
                    for (var i = 0; i < encodings; i++)
                    {
                        result.Encodings.Add(reader.ReadI32());
                    }

                    break;
                case 3 when type == ThriftType.List:
                    var parts = reader.ReadListHeader(out _);
                    for (var i = 0; i < parts; i++)
                    {
                        result.Path.Add(reader.ReadString());
                    }

                    break;
                case 4 when type == ThriftType.I32: result.Codec = reader.ReadI32(); break;
                case 5 when type == ThriftType.I64: result.NumValues = reader.ReadI64(); break;
                case 6 when type == ThriftType.I64: result.TotalUncompressedSize = reader.ReadI64(); break;
                case 7 when type == ThriftType.I64: result.TotalCompressedSize = reader.ReadI64(); break;
                case 9 when type == ThriftType.I64: result.DataPageOffset = reader.ReadI64(); break;
                case 11 when type == ThriftType.I64: result.DictionaryPageOffset = reader.ReadI64(); break;
                case 12 when type == ThriftType.Struct: result.Statistics = Statistics.Read(reader); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer, short fieldId)
    {
        writer.StructField(fieldId);
        writer.I32(1, Type);
        writer.ListField(2, ThriftType.I32, Encodings.Count);
        foreach (var encoding in Encodings)
        {
            writer.I32Value(encoding);
        }

        writer.ListField(3, ThriftType.Binary, Path.Count);
        foreach (var part in Path)
        {
            writer.BinaryValue(System.Text.Encoding.UTF8.GetBytes(part));
        }

        writer.I32(4, Codec);
        writer.I64(5, NumValues);
        writer.I64(6, TotalUncompressedSize);
        writer.I64(7, TotalCompressedSize);
        writer.I64(9, DataPageOffset);
        if (DictionaryPageOffset is { } dictionary)
        {
            writer.I64(11, dictionary);
        }

        Statistics?.Write(writer, 12);
        writer.EndStruct();
    }
}
