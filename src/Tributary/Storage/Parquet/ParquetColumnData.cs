namespace Tributary.Storage.Parquet;

/// <summary>
/// The values of one column for a run of rows (a row group when writing or reading): strings, 64-bit integers,
/// doubles, booleans or timestamps, each of which may be null when the column is nullable.
/// </summary>
public sealed class ParquetColumnData
{
    private readonly string?[]? _strings;
    private readonly long?[]? _longs;
    private readonly double?[]? _doubles;
    private readonly bool?[]? _booleans;
    private readonly ReadOnlyMemory<byte>?[]? _utf8;

    private ParquetColumnData(ParquetColumn column, int count, ReadOnlyMemory<byte>?[] utf8)
    {
        Column = column;
        Count = count;
        _utf8 = utf8;
    }

    private ParquetColumnData(ParquetColumn column, int count, string?[]? strings, long?[]? longs, double?[]? doubles, bool?[]? booleans)
    {
        Column = column;
        Count = count;
        _strings = strings;
        _longs = longs;
        _doubles = doubles;
        _booleans = booleans;
    }

    /// <summary>The column the values belong to.</summary>
    public ParquetColumn Column { get; }

    /// <summary>The number of values (rows), nulls included.</summary>
    public int Count { get; }

    /// <summary>Values for a <see cref="ParquetColumnType.String"/> column.</summary>
    public static ParquetColumnData FromStrings(ParquetColumn column, IReadOnlyList<string?> values) =>
        Create(column, ParquetColumnType.String, values, v => v is null, (s, _) => s);

    /// <summary>
    /// Values for a <see cref="ParquetColumnType.String"/> column given as their UTF-8 bytes, written as they are: text
    /// that is already UTF-8 (stored events) is not decoded to strings and encoded again. The bytes must not change
    /// until the data is written.
    /// </summary>
    public static ParquetColumnData FromUtf8(ParquetColumn column, IReadOnlyList<ReadOnlyMemory<byte>?> values)
    {
        var utf8 = Convert(column, ParquetColumnType.String, values, v => v is null, (v, _) => v);
        return new ParquetColumnData(column, utf8.Length, utf8);
    }

    /// <summary>Values for an <see cref="ParquetColumnType.Int64"/> column.</summary>
    public static ParquetColumnData FromInt64s(ParquetColumn column, IReadOnlyList<long?> values) =>
        Create(column, ParquetColumnType.Int64, values, v => v is null, (v, _) => v);

    /// <summary>Values for a <see cref="ParquetColumnType.Double"/> column.</summary>
    public static ParquetColumnData FromDoubles(ParquetColumn column, IReadOnlyList<double?> values) =>
        Create(column, ParquetColumnType.Double, values, v => v is null, (v, _) => v);

    /// <summary>Values for a <see cref="ParquetColumnType.Boolean"/> column.</summary>
    public static ParquetColumnData FromBooleans(ParquetColumn column, IReadOnlyList<bool?> values) =>
        Create(column, ParquetColumnType.Boolean, values, v => v is null, (v, _) => v);

    /// <summary>Values for a <see cref="ParquetColumnType.Timestamp"/> column; they are stored in UTC with microsecond precision (finer ticks are dropped).</summary>
    public static ParquetColumnData FromTimestamps(ParquetColumn column, IReadOnlyList<DateTimeOffset?> values) =>
        Create(column, ParquetColumnType.Timestamp, values, v => v is null, (v, _) => v is { } t ? ToMicros(t) : (long?)null);

    /// <summary>True when the value of row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => Column.Type switch
    {
        ParquetColumnType.String => _strings is null ? _utf8![row] is null : _strings[row] is null,
        ParquetColumnType.Double => _doubles![row] is null,
        ParquetColumnType.Boolean => _booleans![row] is null,
        _ => _longs![row] is null,
    };

    /// <summary>The string at <paramref name="row"/> (null for a null); throws for other column types.</summary>
    public string? GetString(int row) => Column.Type == ParquetColumnType.String ? StringAt(row) : throw WrongType(ParquetColumnType.String);

    /// <summary>The integer at <paramref name="row"/> (null for a null); throws for other column types.</summary>
    public long? GetInt64(int row) => Column.Type == ParquetColumnType.Int64 ? _longs![row] : throw WrongType(ParquetColumnType.Int64);

    /// <summary>The double at <paramref name="row"/> (null for a null); throws for other column types.</summary>
    public double? GetDouble(int row) => Column.Type == ParquetColumnType.Double ? _doubles![row] : throw WrongType(ParquetColumnType.Double);

    /// <summary>The boolean at <paramref name="row"/> (null for a null); throws for other column types.</summary>
    public bool? GetBoolean(int row) => Column.Type == ParquetColumnType.Boolean ? _booleans![row] : throw WrongType(ParquetColumnType.Boolean);

    /// <summary>The timestamp (UTC) at <paramref name="row"/> (null for a null); throws for other column types.</summary>
    public DateTimeOffset? GetTimestamp(int row) =>
        Column.Type == ParquetColumnType.Timestamp ? (_longs![row] is { } micros ? FromMicros(micros) : null) : throw WrongType(ParquetColumnType.Timestamp);

    /// <summary>The value at <paramref name="row"/> boxed (string, long, double, bool or DateTimeOffset), or null.</summary>
    public object? GetValue(int row) => Column.Type switch
    {
        ParquetColumnType.String => StringAt(row),
        ParquetColumnType.Int64 => _longs![row],
        ParquetColumnType.Double => _doubles![row],
        ParquetColumnType.Boolean => _booleans![row],
        _ => GetTimestamp(row),
    };

    /// <summary>Microseconds since the Unix epoch for a timestamp (rounded down).</summary>
    internal static long ToMicros(DateTimeOffset time) => Math.DivRem(time.UtcTicks - DateTime.UnixEpoch.Ticks, 10) is var (q, r) && r < 0 ? q - 1 : q;

    /// <summary>The timestamp for microseconds since the Unix epoch, clamped to the range DateTimeOffset can hold.</summary>
    internal static DateTimeOffset FromMicros(long micros)
    {
        var min = (DateTimeOffset.MinValue.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        var max = (DateTimeOffset.MaxValue.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + (Math.Clamp(micros, min, max) * 10), TimeSpan.Zero);
    }

    // Strings, for data read from a file or given as strings; null for data given as UTF-8 (see Utf8).
    internal string?[] Strings => _strings ?? [.. _utf8!.Select(v => v is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes.Span) : null)];

    // The values of a String column given as UTF-8, or null.
    internal ReadOnlyMemory<byte>?[]? Utf8 => _utf8;

    internal long?[] Longs => _longs!;

    internal double?[] Doubles => _doubles!;

    internal bool?[] Booleans => _booleans!;

    internal static ParquetColumnData Wrap(ParquetColumn column, Array values) => column.Type switch
    {
        ParquetColumnType.String => new(column, values.Length, (string?[])values, null, null, null),
        ParquetColumnType.Double => new(column, values.Length, null, null, (double?[])values, null),
        ParquetColumnType.Boolean => new(column, values.Length, null, null, null, (bool?[])values),
        _ => new(column, values.Length, null, (long?[])values, null, null),
    };

    private static ParquetColumnData Create<TIn, TStored>(
        ParquetColumn column,
        ParquetColumnType expected,
        IReadOnlyList<TIn> values,
        Func<TIn, bool> isNull,
        Func<TIn, int, TStored> convert) => Wrap(column, Convert(column, expected, values, isNull, convert));

    private static TStored[] Convert<TIn, TStored>(
        ParquetColumn column,
        ParquetColumnType expected,
        IReadOnlyList<TIn> values,
        Func<TIn, bool> isNull,
        Func<TIn, int, TStored> convert)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(values);
        if (column.Type != expected)
        {
            throw new ArgumentException($"Column '{column.Name}' is {column.Type}, not {expected}.", nameof(column));
        }

        var stored = new TStored[values.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            if (!column.IsNullable && isNull(values[i]))
            {
                throw new ArgumentException($"Column '{column.Name}' is not nullable, but row {i} is null.", nameof(values));
            }

            stored[i] = convert(values[i], i);
        }

        return stored;
    }

    private string? StringAt(int row) =>
        _strings is not null ? _strings[row] : _utf8![row] is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes.Span) : null;

    private InvalidOperationException WrongType(ParquetColumnType asked) =>
        new($"Column '{Column.Name}' holds {Column.Type} values, not {asked}.");
}
