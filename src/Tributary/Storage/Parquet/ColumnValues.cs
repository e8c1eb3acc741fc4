using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tributary.Storage.Parquet.Thrift;

namespace Tributary.Storage.Parquet;

/// <summary>The non-null values of a column, with what the writer needs of them: sizes, PLAIN bytes, statistics, a dictionary.</summary>
internal sealed class ColumnValues
{
    private readonly ParquetColumnData _data;
    private readonly List<int> _rows;
    private readonly ReadOnlyMemory<byte>[]? _utf8;

    public ColumnValues(ParquetColumnData data, List<int> rows)
    {
        _data = data;
        _rows = rows;
        if (data.Column.Type == ParquetColumnType.String)
        {
            // Values given as UTF-8 are written as they are; strings are encoded once.
            _utf8 = new ReadOnlyMemory<byte>[rows.Count];
            var given = data.Utf8;
            if (given is not null)
            {
                for (var i = 0; i < rows.Count; i++)
                {
                    _utf8[i] = given[rows[i]]!.Value;
                }
            }
            else
            {
                Encode(data.Strings, rows, _utf8);
            }
        }
    }

    // Encodes the strings into shared blocks rather than an array each (a projection table has millions of short
    // values); a value that is the very string before it (a sorted column's repeats) shares that one's bytes.
    private static void Encode(IReadOnlyList<string?> strings, List<int> rows, ReadOnlyMemory<byte>[] utf8)
    {
        var blocks = new ByteBlocks();
        string? previous = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var text = strings[rows[i]]!;
            if (i > 0 && ReferenceEquals(text, previous))
            {
                utf8[i] = utf8[i - 1];
                continue;
            }

            utf8[i] = blocks.Take(Encoding.UTF8.GetByteCount(text), out var room);
            Encoding.UTF8.GetBytes(text, room);
            previous = text;
        }
    }

    public int EstimatedSize(int value) => _data.Column.Type switch
    {
        ParquetColumnType.String => 4 + _utf8![value].Length,
        ParquetColumnType.Boolean => 1,
        _ => 8,
    };

    public void WritePlain(int from, int to, ArrayBufferWriter<byte> output)
    {
        switch (_data.Column.Type)
        {
            case ParquetColumnType.String:
                for (var i = from; i < to; i++)
                {
                    var bytes = _utf8![i].Span;
                    var span = output.GetSpan(4 + bytes.Length);
                    BinaryPrimitives.WriteInt32LittleEndian(span, bytes.Length);
                    bytes.CopyTo(span[4..]);
                    output.Advance(4 + bytes.Length);
                }

                break;
            case ParquetColumnType.Boolean:
                var packed = output.GetSpan(((to - from) + 7) / 8)[..(((to - from) + 7) / 8)];
                packed.Clear();
                for (var i = from; i < to; i++)
                {
                    if (_data.Booleans[_rows[i]] == true)
                    {
                        packed[(i - from) >> 3] |= (byte)(1 << ((i - from) & 7));
                    }
                }

                output.Advance(packed.Length);
                break;
            case ParquetColumnType.Double:
                for (var i = from; i < to; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(output.GetSpan(8), _data.Doubles[_rows[i]]!.Value);
                    output.Advance(8);
                }

                break;
            default:
                for (var i = from; i < to; i++)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), _data.Longs[_rows[i]]!.Value);
                    output.Advance(8);
                }

                break;
        }
    }

    public (List<ReadOnlyMemory<byte>> Entries, int[] Indices)? BuildDictionary(int maxBytes)
    {
        if (_utf8 is null || _utf8.Length == 0)
        {
            return null;
        }

        // Equal strings are equal UTF-8, so values are told apart by their bytes.
        var positions = new Dictionary<ReadOnlyMemory<byte>, int>(Utf8Comparer.Instance);
        var entries = new List<ReadOnlyMemory<byte>>();
        var indices = new int[_utf8.Length];
        long bytes = 0;
        for (var i = 0; i < _utf8.Length; i++)
        {
            var text = _utf8[i];
            if (!positions.TryGetValue(text, out var index))
            {
                index = entries.Count;
                positions.Add(text, index);
                entries.Add(_utf8[i]);
                bytes += 4 + _utf8[i].Length;
                if (entries.Count > (_utf8.Length / 2) + 1 || bytes > maxBytes)
                {
                    return null;
                }
            }

            indices[i] = index;
        }

        return (entries, indices);
    }

    public Statistics Statistics(long nulls, int maxBytes)
    {
        var result = new Statistics { NullCount = nulls };
        if (_rows.Count == 0)
        {
            return result;
        }

        switch (_data.Column.Type)
        {
            case ParquetColumnType.String:
                var min = _utf8![0];
                var max = _utf8[0];
                foreach (var value in _utf8)
                {
                    min = value.Span.SequenceCompareTo(min.Span) < 0 ? value : min;
                    max = value.Span.SequenceCompareTo(max.Span) > 0 ? value : max;
                }

                // Long values would bloat the footer; truncating them needs care, so such a chunk has no min/max.
                if (min.Length <= maxBytes && max.Length <= maxBytes)
                {
                    (result.MinValue, result.MaxValue) = (min.ToArray(), max.ToArray());
                }

                break;
            case ParquetColumnType.Boolean:
                var any = _rows.Select(r => _data.Booleans[r]!.Value).ToArray();
                result.MinValue = [(byte)(any.All(b => b) ? 1 : 0)];
                result.MaxValue = [(byte)(any.Any(b => b) ? 1 : 0)];
                break;
            case ParquetColumnType.Double:
                var doubles = _rows.Select(r => _data.Doubles[r]!.Value).Where(d => !double.IsNaN(d)).ToArray();
                if (doubles.Length > 0)
                {
                    // Parquet asks for -0.0 as a zero minimum and +0.0 as a zero maximum.
                    var dmin = doubles.Min();
                    var dmax = doubles.Max();
                    result.MinValue = BitConverter.GetBytes(dmin == 0 ? -0.0 : dmin);
                    result.MaxValue = BitConverter.GetBytes(dmax == 0 ? 0.0 : dmax);
                }

                break;
            default:
                var lmin = long.MaxValue;
                var lmax = long.MinValue;
                foreach (var r in _rows)
                {
                    var v = _data.Longs[r]!.Value;
                    lmin = Math.Min(lmin, v);
                    lmax = Math.Max(lmax, v);
                }

                result.MinValue = BitConverter.GetBytes(lmin);
                result.MaxValue = BitConverter.GetBytes(lmax);
                break;
        }

        return result;
    }

    private sealed class Utf8Comparer : IEqualityComparer<ReadOnlyMemory<byte>>
    {
        public static readonly Utf8Comparer Instance = new();

        public bool Equals(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceEqual(y.Span);

        public int GetHashCode(ReadOnlyMemory<byte> value)
        {
            var hash = default(HashCode);
            hash.AddBytes(value.Span);
            return hash.ToHashCode();
        }
    }
}
