using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>Maps between this codec's column types and Parquet schema elements (physical, converted and logical types).</summary>
internal static class ParquetTypes
{
    public static SchemaElement ToSchemaElement(ParquetColumn column)
    {
        var element = new SchemaElement
        {
            Name = column.Name,
            Repetition = column.IsNullable ? ParquetCodes.Optional : ParquetCodes.Required,
        };
        switch (column.Type)
        {
            case ParquetColumnType.String:
                element.Type = ParquetCodes.ByteArray;
                element.ConvertedType = ParquetCodes.Utf8;
                element.Logical = new LogicalType { Kind = ParquetCodes.LogicalString };
                break;
            case ParquetColumnType.Int64:
                element.Type = ParquetCodes.Int64;
                break;
            case ParquetColumnType.Double:
                element.Type = ParquetCodes.Double;
                break;
            case ParquetColumnType.Boolean:
                element.Type = ParquetCodes.Boolean;
                break;
            default:
                element.Type = ParquetCodes.Int64;
                element.ConvertedType = ParquetCodes.TimestampMicros;
                element.Logical = new LogicalType { Kind = ParquetCodes.LogicalTimestamp, IsAdjustedToUtc = true, TimeUnit = ParquetCodes.Micros };
                break;
        }

        return element;
    }

    /// <summary>The layout of a flat column, or a <see cref="ParquetFormatException"/> saying why it cannot be read.</summary>
    public static ColumnLayout FromSchemaElement(SchemaElement element)
    {
        if (element.NumChildren is > 0)
        {
            throw Unsupported(element, "is a nested group; only flat schemas are supported");
        }

        if (element.Repetition == ParquetCodes.Repeated)
        {
            throw Unsupported(element, "is REPEATED; only flat schemas are supported");
        }

        var nullable = element.Repetition != ParquetCodes.Required;
        var logical = element.Logical?.Kind ?? 0;
        var converted = element.ConvertedType;
        (ParquetColumnType type, StoredTimeUnit unit) = element.Type switch
        {
            ParquetCodes.ByteArray => (ParquetColumnType.String, StoredTimeUnit.Micros),
            ParquetCodes.Boolean => (ParquetColumnType.Boolean, StoredTimeUnit.Micros),
            ParquetCodes.Double or ParquetCodes.Float => (ParquetColumnType.Double, StoredTimeUnit.Micros),
            ParquetCodes.Int96 => (ParquetColumnType.Timestamp, StoredTimeUnit.Int96),
            ParquetCodes.Int32 when logical == ParquetCodes.LogicalDate || converted == ParquetCodes.Date => (ParquetColumnType.Timestamp, StoredTimeUnit.Days),
            ParquetCodes.Int32 => (ParquetColumnType.Int64, StoredTimeUnit.Micros),
            ParquetCodes.Int64 when logical == ParquetCodes.LogicalTimestamp => (ParquetColumnType.Timestamp, element.Logical!.TimeUnit switch
            {
                ParquetCodes.Millis => StoredTimeUnit.Millis,
                ParquetCodes.Nanos => StoredTimeUnit.Nanos,
                _ => StoredTimeUnit.Micros,
            }),
            ParquetCodes.Int64 when converted == ParquetCodes.TimestampMicros => (ParquetColumnType.Timestamp, StoredTimeUnit.Micros),
            ParquetCodes.Int64 when converted == ParquetCodes.TimestampMillis => (ParquetColumnType.Timestamp, StoredTimeUnit.Millis),
            ParquetCodes.Int64 => (ParquetColumnType.Int64, StoredTimeUnit.Micros),
            null => throw Unsupported(element, "has no physical type"),
            var other => throw Unsupported(element, $"has physical type {ParquetCodes.TypeName(other.Value)}, which this reader does not support"),
        };

        return new ColumnLayout(new ParquetColumn(element.Name, type, nullable), element.Type!.Value, nullable ? 1 : 0, unit);
    }

    private static ParquetFormatException Unsupported(SchemaElement element, string why) =>
        new($"Column '{element.Name}' {why}.") { Column = element.Name };
}
