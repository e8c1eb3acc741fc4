namespace Tributary.Storage.Parquet;

/// <summary>The column types this codec writes and reads: the flat types a lineage lake needs.</summary>
public enum ParquetColumnType
{
    /// <summary>UTF-8 text: BYTE_ARRAY with the STRING logical type. Reading also accepts un-annotated BYTE_ARRAY.</summary>
    String,

    /// <summary>A signed 64-bit integer: INT64. Reading also accepts INT32 columns, widened.</summary>
    Int64,

    /// <summary>A 64-bit float: DOUBLE. Reading also accepts FLOAT columns, widened.</summary>
    Double,

    /// <summary>A boolean: BOOLEAN.</summary>
    Boolean,

    /// <summary>
    /// An instant in UTC with microsecond precision: INT64 with the TIMESTAMP(isAdjustedToUTC, MICROS) logical type.
    /// Reading also accepts milli- and nanosecond timestamps, INT96 timestamps and INT32 dates.
    /// </summary>
    Timestamp,
}
