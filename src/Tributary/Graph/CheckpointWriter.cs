using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Writes the values of a graph checkpoint. Strings and shared lists (schemas, owners, tags) are written once, into
// tables of their own, and referred to by number (0 is null, n is entry n - 1). So no value depends on what was
// written before it, and a table of records (Table) can be read one record at a time: that is what lets a reader
// open a checkpoint without decoding every record.
internal sealed class CheckpointWriter : IDisposable
{
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly SegmentedBuffer _strings = new();
    private readonly List<int> _stringEnds = [];
    private readonly Dictionary<object, int> _listIndex = new(ReferenceEqualityComparer.Instance);
    private readonly SegmentedBuffer _lists = new();
    private readonly List<(int Start, int Length)> _listSpans = [];
    private readonly SegmentedBuffer _main = new();

    // One scratch buffer per depth of lists being written (a schema's field may hold a schema of its own).
    private readonly List<SegmentedBuffer> _scratch = [];
    private int _depth;
    private SegmentedBuffer _out;

    // The writers of shared lists' items, made once per checkpoint instead of once per list written (a graph of 100,000
    // datasets asks for a schema, owners and tags of each).
    private Action<IReadOnlyList<SchemaField>>? _schemaItems;
    private Action<IReadOnlyList<Owner>>? _ownerItems;
    private Action<IReadOnlyList<Tag>>? _tagItems;

    public CheckpointWriter() => _out = _main;

    public void Int(int value) => Variable((uint)value);

    public void Long(long value) => Variable((ulong)value);

    public void Bool(bool value) => Byte(value ? (byte)1 : (byte)0);

    public void Guid(Guid value)
    {
        value.TryWriteBytes(_out.GetSpan(16));
        _out.Advance(16);
    }

    public void Stamp(Stamp value)
    {
        Fixed(value.Time);
        Long(value.Order);
    }

    public void NullableLong(long? value)
    {
        Bool(value.HasValue);
        if (value is { } v)
        {
            Fixed(v);
        }
    }

    public void Raw<T>(ReadOnlySpan<T> items)
        where T : unmanaged
    {
        Int(items.Length);
        Int(Unsafe.SizeOf<T>());
        _out.Write(MemoryMarshal.AsBytes(items));
    }

    public void String(string? value) => Int(StringRef(value));

    // The number String writes for `value`, adding it to the string table on first sight.
    public int StringRef(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        if (!_stringIndex.TryGetValue(value, out var index))
        {
            index = _stringEnds.Count;
            _stringIndex.Add(value, index);
            var bytes = Encoding.UTF8.GetByteCount(value);
            Encoding.UTF8.GetBytes(value, _strings.GetSpan(bytes));
            _strings.Advance(bytes);
            _stringEnds.Add(checked((int)_strings.WrittenCount));
        }

        return index + 1;
    }

    public void Schema(IReadOnlyList<SchemaField>? schema) => Int(SchemaRef(schema));

    public int SchemaRef(IReadOnlyList<SchemaField>? schema) => Shared(schema, _schemaItems ??= SchemaItems);

    public void Owners(IReadOnlyList<Owner>? owners) => Int(Shared(owners, _ownerItems ??= OwnerItems));

    public void Tags(IReadOnlyList<Tag>? tags) => Int(TagsRef(tags));

    public int TagsRef(IReadOnlyList<Tag>? tags) => Shared(tags, _tagItems ??= TagItems);

    private void SchemaItems(IReadOnlyList<SchemaField> fields)
    {
        foreach (var field in fields)
        {
            String(field.Name);
            String(field.Type);
            String(field.Description);
            NullableLong(field.OrdinalPosition);
            Schema(field.Fields.Count == 0 ? null : field.Fields);
        }
    }

    private void OwnerItems(IReadOnlyList<Owner> owners)
    {
        foreach (var owner in owners)
        {
            String(owner.Name);
            String(owner.Type);
        }
    }

    private void TagItems(IReadOnlyList<Tag> tags)
    {
        foreach (var tag in tags)
        {
            String(tag.Key);
            String(tag.Value);
            String(tag.Source);
            String(tag.Field);
        }
    }

    // A table of records: their count, each one's offset (and the end), then their bytes. A reader finds record i
    // without reading the others.
    public void Table<T>(IReadOnlyList<T> records, Action<CheckpointWriter, T> save)
    {
        var outer = _out;
        using var blob = new SegmentedBuffer();
        var offsets = ArrayPool<int>.Shared.Rent(records.Count + 1);
        _out = blob;
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                offsets[i] = checked((int)blob.WrittenCount);
                save(this, records[i]);
            }

            offsets[records.Count] = checked((int)blob.WrittenCount);
            _out = outer;
            Raw<int>(offsets.AsSpan(0, records.Count + 1));
            _out.Append(blob);
        }
        finally
        {
            _out = outer;
            ArrayPool<int>.Shared.Return(offsets);
        }
    }

    // The whole checkpoint body: the string table, the list table, then everything else in the order written. The
    // writer's buffers are moved into it, not copied, so the writer is empty afterwards; the caller disposes the body.
    public SegmentedBuffer Finish()
    {
        var main = _out;
        var body = new SegmentedBuffer();
        _out = body;
        try
        {
            var ends = CollectionsMarshal.AsSpan(_stringEnds);
            Raw<int>(ends);
            body.Append(_strings);
            var spans = new int[_listSpans.Count * 2];
            for (var i = 0; i < _listSpans.Count; i++)
            {
                (spans[2 * i], spans[(2 * i) + 1]) = _listSpans[i];
            }

            Raw<int>(spans);
            Int(checked((int)_lists.WrittenCount));
            body.Append(_lists);
            body.Append(main);
            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            _out = main;
        }
    }

    /// <summary>Returns every buffer's segments to the pool.</summary>
    public void Dispose()
    {
        _strings.Dispose();
        _lists.Dispose();
        _main.Dispose();
        foreach (var scratch in _scratch)
        {
            scratch.Dispose();
        }
    }

    // Seven bits per byte, low bits first, the high bit saying more follows (what BinaryWriter writes).
    private void Variable(ulong v)
    {
        var span = _out.GetSpan(10);
        var i = 0;
        while (v >= 0x80)
        {
            span[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        span[i++] = (byte)v;
        _out.Advance(i);
    }

    private void Byte(byte value)
    {
        _out.GetSpan(1)[0] = value;
        _out.Advance(1);
    }

    private void Fixed(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_out.GetSpan(8), value);
        _out.Advance(8);
    }

    // Writes a shared list into the list table on first sight (its items in a buffer of their own, since an item may
    // itself introduce a nested list), and returns its number.
    private int Shared<T>(IReadOnlyList<T>? list, Action<IReadOnlyList<T>> items)
    {
        if (list is null)
        {
            return 0;
        }

        if (_listIndex.TryGetValue(list, out var index))
        {
            return index + 1;
        }

        index = _listSpans.Count;
        _listIndex.Add(list, index);
        _listSpans.Add(default);
        var outer = _out;
        if (_scratch.Count == _depth)
        {
            _scratch.Add(new SegmentedBuffer());
        }

        var buffer = _scratch[_depth++];
        buffer.Clear();
        _out = buffer;
        try
        {
            Int(list.Count);
            items(list);
        }
        finally
        {
            _out = outer;
            _depth--;
        }

        _listSpans[index] = (checked((int)_lists.WrittenCount), checked((int)buffer.WrittenCount));
        buffer.CopyTo(_lists);
        return index + 1;
    }
}
