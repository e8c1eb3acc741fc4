namespace Tributary.Storage.Parquet.Thrift;

/// <summary>
/// parquet.thrift's <c>OffsetIndex</c> (the page index half that locates pages): where each data page of a column
/// chunk starts, its size with its header, and the row it begins with, so a reader can fetch one row's page alone.
/// </summary>
internal sealed class OffsetIndex
{
    public List<PageLocation> PageLocations { get; } = [];

    public static OffsetIndex Read(ThriftReader reader)
    {
        var result = new OffsetIndex();
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            if (id == 1 && type == ThriftType.List)
            {
                var count = reader.ReadListHeader(out _);
                for (var i = 0; i < count; i++)
                {
                    result.PageLocations.Add(PageLocation.Read(reader));
                }
            }
            else
            {
                reader.Skip(type);
            }
        }

        reader.ExitStruct();
        return result;
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.ListField(1, ThriftType.Struct, PageLocations.Count);
        foreach (var location in PageLocations)
        {
            location.Write(writer);
        }

        writer.EndStruct();
    }
}

/// <summary>parquet.thrift's <c>PageLocation</c>: a data page's file offset, its size including its header, and its first row within the row group.</summary>
internal readonly record struct PageLocation(long Offset, int CompressedPageSize, long FirstRowIndex)
{
    public static PageLocation Read(ThriftReader reader)
    {
        long offset = 0, first = 0;
        var size = 0;
        reader.EnterStruct();
        short last = 0;
        while (reader.ReadField(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I64: offset = reader.ReadI64(); break;
                case 2 when type == ThriftType.I32: size = reader.ReadI32(); break;
                case 3 when type == ThriftType.I64: first = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }

        reader.ExitStruct();
        return new PageLocation(offset, size, first);
    }

    public void Write(ThriftWriter writer)
    {
        writer.BeginStruct();
        writer.I64(1, Offset);
        writer.I32(2, CompressedPageSize);
        writer.I64(3, FirstRowIndex);
        writer.EndStruct();
    }
}
