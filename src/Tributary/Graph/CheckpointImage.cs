using System.Text;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// A loaded checkpoint's bytes, kept while the graph still has records it has not decoded, with its string and list
// tables. Strings and lists are decoded the first time a record asks for them and then shared by every record that
// refers to them. Readers decode concurrently under the graph's read lock; two readers racing for one entry decode
// equal values, and either may win.
internal sealed class CheckpointImage
{
    private const int MaxNesting = 256;

    [ThreadStatic]
    private static int t_nesting; // lists decoding on this thread: a damaged table that nests a list in itself stops here

    private readonly int[] _stringStarts;
    private readonly string?[] _strings;
    private readonly int[] _listSpans;
    private readonly int _listsStart;
    private readonly int _listBytes;
    private readonly object?[] _lists;
    private readonly CheckpointBytes _data;

    // Reads the string and list tables, from `tablesAt` to `end` of `data`; `Body` then reads from `start` up to them.
    public CheckpointImage(CheckpointBytes data, int start, int tablesAt, int end)
    {
        _data = data;
        var reader = new CheckpointReader(this, tablesAt, end);
        var ends = reader.Raw<int>();
        var stringsStart = reader.Position;
        reader.Take(ends.Length == 0 ? 0 : ends[^1]);
        _stringStarts = new int[ends.Length + 1];
        _stringStarts[0] = stringsStart;
        for (var i = 0; i < ends.Length; i++)
        {
            if (ends[i] < (i == 0 ? 0 : ends[i - 1]))
            {
                throw new InvalidDataException("the checkpoint's string table is out of order");
            }

            _stringStarts[i + 1] = stringsStart + ends[i];
        }

        _strings = new string?[ends.Length];
        _listSpans = reader.Raw<int>();
        var listBytes = _listBytes = reader.Count();
        _listsStart = reader.Position;
        reader.Take(listBytes);
        for (var i = 0; i + 1 < _listSpans.Length; i += 2)
        {
            if (_listSpans[i] < 0 || _listSpans[i + 1] < 0 || _listSpans[i] > listBytes - _listSpans[i + 1])
            {
                throw new InvalidDataException("the checkpoint's list table points outside it");
            }
        }

        reader.ExpectEnd();
        _lists = new object?[_listSpans.Length / 2];
        Body = new CheckpointReader(this, start, tablesAt);
    }

    // The checkpoint's bytes (from its start, header included).
    public ReadOnlySpan<byte> Data => _data.Span;

    // Reads the checkpoint's body: everything before the string and list tables.
    public CheckpointReader Body { get; }

    // Reads one record of a table (CheckpointReader.Table's offsets).
    public CheckpointReader Record(int[] offsets, int index) => new(this, offsets[index], offsets[index + 1]);

    // The bytes of one record of a table, to be read in place (RecordScanner).
    public ReadOnlySpan<byte> RecordBytes(int[] offsets, int index) => Data.Slice(offsets[index], offsets[index + 1] - offsets[index]);

    // What a checkpoint written on top of this one carries over as it is (CheckpointWriter's basis): the string and
    // list tables' bytes, whose entries keep their numbers, and the entries decoded so far, by number.
    public int StringCount => _strings.Length;

    public ReadOnlySpan<byte> StringBytes => Data.Slice(_stringStarts[0], _stringStarts[^1] - _stringStarts[0]);

    // Where string `index` ends, counted from the start of StringBytes (what the string table's ends say).
    public int StringEnd(int index) => _stringStarts[index + 1] - _stringStarts[0];

    public string? DecodedString(int index) => Volatile.Read(ref _strings[index]);

    public int ListCount => _lists.Length;

    // Each list's start (within ListBytes) and length, two ints per list.
    public ReadOnlySpan<int> ListSpans => _listSpans;

    public ReadOnlySpan<byte> ListBytes => Data.Slice(_listsStart, _listBytes);

    public object? DecodedList(int index) => Volatile.Read(ref _lists[index]);

    public string? String(int tag)
    {
        if (tag == 0)
        {
            return null;
        }

        var index = tag - 1;
        if ((uint)index >= (uint)_strings.Length)
        {
            throw new InvalidDataException($"string {index} is not defined");
        }

        return _strings[index] ??= Encoding.UTF8.GetString(Data.Slice(_stringStarts[index], _stringStarts[index + 1] - _stringStarts[index]));
    }

    public IReadOnlyList<SchemaField>? Schema(int tag) => List(tag, r => new SchemaField(r.RequiredString(), r.String(), r.String())
    {
        OrdinalPosition = r.NullableLong(),
        Fields = r.Schema() ?? [],
    });

    public IReadOnlyList<Owner>? Owners(int tag) => List(tag, r => new Owner(r.RequiredString(), r.String()));

    public IReadOnlyList<Tag>? Tags(int tag) => List(tag, r => new Tag(r.RequiredString(), r.RequiredString(), r.String(), r.String()));

    private IReadOnlyList<T>? List<T>(int tag, Func<CheckpointReader, T> item)
    {
        if (tag == 0)
        {
            return null;
        }

        var index = tag - 1;
        if ((uint)index >= (uint)_lists.Length)
        {
            throw new InvalidDataException($"list {index} is not defined");
        }

        switch (Volatile.Read(ref _lists[index]))
        {
            case IReadOnlyList<T> decoded:
                return decoded;
            case null:
                break;
            default:
                throw new InvalidDataException($"list {index} is not a list of {typeof(T).Name}");
        }

        if (++t_nesting > MaxNesting)
        {
            t_nesting = 0;
            throw new InvalidDataException($"list {index} nests deeper than {MaxNesting} levels");
        }

        try
        {
            var start = _listsStart + _listSpans[2 * index];
            var reader = new CheckpointReader(this, start, start + _listSpans[(2 * index) + 1]);
            var items = new T[reader.Count(_listSpans[(2 * index) + 1])];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = item(reader);
            }

            reader.ExpectEnd();
            _lists[index] = items;
            return items;
        }
        finally
        {
            t_nesting = Math.Max(0, t_nesting - 1);
        }
    }
}
