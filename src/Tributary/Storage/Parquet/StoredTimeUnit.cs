namespace Tributary.Storage.Parquet;

/// <summary>The unit of a stored timestamp or date column, which the reader converts to microseconds.</summary>
internal enum StoredTimeUnit
{
    /// <summary>Not a timestamp, or already microseconds.</summary>
    Micros,

    /// <summary>Milliseconds since the epoch.</summary>
    Millis,

    /// <summary>Nanoseconds since the epoch.</summary>
    Nanos,

    /// <summary>Days since the epoch (an INT32 DATE).</summary>
    Days,

    /// <summary>Legacy INT96: nanoseconds of the day and a Julian day.</summary>
    Int96,
}
