using System.Buffers.Binary;
using System.Text;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>Turns a column chunk's raw Thrift statistics into typed min and max values; statistics it cannot trust are dropped.</summary>
internal static class StatisticsDecoder
{
    public static ParquetColumnStatistics Decode(Statistics? statistics, ColumnLayout layout)
    {
        if (statistics is null)
        {
            return new ParquetColumnStatistics(layout.Column, null, null, null);
        }

        // min_value/max_value have well-defined order; the deprecated min/max are only trusted for signed numbers.
        var signedOrder = layout.PhysicalType is ParquetCodes.Int32 or ParquetCodes.Int64 or ParquetCodes.Double or ParquetCodes.Float or ParquetCodes.Boolean;
        var min = statistics.MinValue ?? (signedOrder ? statistics.Min : null);
        var max = statistics.MaxValue ?? (signedOrder ? statistics.Max : null);
        var nulls = statistics.NullCount is >= 0 ? statistics.NullCount : null;
        return new ParquetColumnStatistics(layout.Column, Value(min, layout), Value(max, layout), nulls);
    }

    private static object? Value(byte[]? bytes, ColumnLayout layout)
    {
        if (bytes is null)
        {
            return null;
        }

        switch (layout.PhysicalType)
        {
            case ParquetCodes.ByteArray:
                return Encoding.UTF8.GetString(bytes);
            case ParquetCodes.Boolean:
                return bytes.Length == 1 ? bytes[0] != 0 : null;
            case ParquetCodes.Float:
                return bytes.Length == 4 ? (double)BinaryPrimitives.ReadSingleLittleEndian(bytes) : null;
            case ParquetCodes.Double:
                return bytes.Length == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(bytes) : null;
            case ParquetCodes.Int32 or ParquetCodes.Int64:
                long? raw = bytes.Length switch
                {
                    4 when layout.PhysicalType == ParquetCodes.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                    8 when layout.PhysicalType == ParquetCodes.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                    _ => null,
                };
                if (raw is not { } value)
                {
                    return null;
                }

                var converted = layout.ToValue(value);
                return layout.Column.Type == ParquetColumnType.Timestamp ? ParquetColumnData.FromMicros(converted) : converted;
            default:
                return null;
        }
    }
}
