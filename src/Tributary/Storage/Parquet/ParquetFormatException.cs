namespace Tributary.Storage.Parquet;

/// <summary>
/// A Parquet file is malformed, truncated or uses a feature the reader does not support. The message says what is
/// wrong and where: the byte offset in the file and, when known, the column and page.
/// </summary>
public sealed class ParquetFormatException : Exception
{
    /// <summary>Creates the exception with a message that already says what and where.</summary>
    public ParquetFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the lower-level failure that caused it.</summary>
    public ParquetFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with no details; prefer the constructors that say what went wrong.</summary>
    public ParquetFormatException()
        : base("The Parquet file is malformed.")
    {
    }

    /// <summary>The byte offset in the file where the problem was found, or null when it is not about one place.</summary>
    public long? Offset { get; init; }

    /// <summary>The column being read when the problem was found, or null.</summary>
    public string? Column { get; init; }

    /// <summary>Creates an exception that names the offset (and, when given, the column) in its message.</summary>
    internal static ParquetFormatException At(long offset, string what, string? column = null) =>
        new(column is null ? $"{what} (at byte {offset})" : $"{what} (column '{column}', at byte {offset})") { Offset = offset, Column = column };
}
