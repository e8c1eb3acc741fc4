using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Writes the values of a graph checkpoint. Strings and shared lists (schemas, owners, tags) are written once, into
// tables of their own, and referred to by number (0 is null, n is entry n - 1). So no value depends on what was
// written before it, and a table of records (Table) can be read one record at a time: that is what lets a reader
// open a checkpoint without decoding every record.
//
// Written on top of the checkpoint a graph was loaded from (the basis), the new checkpoint starts with the basis's
// string and list tables as they are, so every number in them means what it meant, and a record the graph never
// decoded (so never changed) is copied as its bytes. A store of 100,000 events then takes an ingest of a few more
// without decoding and re-encoding every record it holds. Strings and lists the graph decoded from the basis keep
// their numbers; anything else new goes after the basis's entries.
internal sealed class CheckpointWriter : IDisposable
{
    private readonly Dictionary<string, int> _stringIndex = new(StringComparer.Ordinal);
    private readonly SegmentSupply? _supply;
    private readonly SegmentedBuffer _strings;
    private readonly List<int> _stringEnds = [];
    private readonly Dictionary<object, int> _listIndex = new(ReferenceEqualityComparer.Instance);

    // The lists written so far by their values, looked up when a list object is new to the writer: equal lists held
    // as different objects (decoded from two entries of a basis that held them twice) are written once, so a graph
    // writes the same checkpoint however its lists came to be.
    private readonly Dictionary<IReadOnlyList<SchemaField>, int> _schemaValues = new(ValueListComparer<SchemaField>.Schema);
    private readonly Dictionary<IReadOnlyList<Owner>, int> _ownerValues = new(ValueListComparer<Owner>.Records);
    private readonly Dictionary<IReadOnlyList<Tag>, int> _tagValues = new(ValueListComparer<Tag>.Records);
    private readonly SegmentedBuffer _lists;
    private readonly List<(int Start, int Length)> _listSpans = [];
    private readonly SegmentedBuffer _main;
    private readonly CheckpointImage? _basis;
    private readonly int _basisStrings;
    private readonly int _basisLists;

    // One scratch buffer per depth of lists being written (a schema's field may hold a schema of its own).
    private readonly List<SegmentedBuffer> _scratch = [];
    private int _depth;
    private SegmentedBuffer _out;

    // The writers of shared lists' items, made once per checkpoint instead of once per list written (a graph of 100,000
    // datasets asks for a schema, owners and tags of each).
    private Action<IReadOnlyList<SchemaField>>? _schemaItems;
    private Action<IReadOnlyList<Owner>>? _ownerItems;
    private Action<IReadOnlyList<Tag>>? _tagItems;

    // A checkpoint of its own (no basis), or one on top of `basis`, the checkpoint the graph being written was loaded from.
    // `onSealed` is handed each piece of the body, in order, as soon as it is final (see Finish).
    public CheckpointWriter(CheckpointImage? basis = null, Action<nint, int>? onSealed = null)
    {
        if (basis is not null)
        {
            _basis = basis;
            _basisStrings = basis.StringCount;
            _basisLists = basis.ListCount;
            for (var i = 0; i < _basisStrings; i++)
            {
                // The first of equal entries (an earlier checkpoint on top of another may hold a string twice).
                if (basis.DecodedString(i) is { } decoded)
                {
                    _stringIndex.TryAdd(decoded, i);
                }
            }

            for (var i = 0; i < _basisLists; i++)
            {
                switch (basis.DecodedList(i))
                {
                    case IReadOnlyList<SchemaField> schema:
                        Seed(schema, _schemaValues, i);
                        break;
                    case IReadOnlyList<Owner> owners:
                        Seed(owners, _ownerValues, i);
                        break;
                    case IReadOnlyList<Tag> tags:
                        Seed(tags, _tagValues, i);
                        break;
                }
            }
        }

        // Last, so nothing that throws leaves the supply running without a writer to stop it.
        _supply = SegmentSupply.Start();
        _strings = new SegmentedBuffer(_supply);
        _lists = new SegmentedBuffer(_supply);
        _out = _main = new SegmentedBuffer(_supply) { OnSealed = onSealed };
    }

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
            index = _basisStrings + _stringEnds.Count;
            _stringIndex.Add(value, index);
            var bytes = Encoding.UTF8.GetByteCount(value);
            Encoding.UTF8.GetBytes(value, _strings.GetSpan(bytes));
            _strings.Advance(bytes);
            _stringEnds.Add(checked((int)_strings.WrittenCount));
        }

        return index + 1;
    }

    public void Schema(IReadOnlyList<SchemaField>? schema) => Int(SchemaRef(schema));

    public int SchemaRef(IReadOnlyList<SchemaField>? schema) => Shared(schema, _schemaValues, _schemaItems ??= SchemaItems);

    public void Owners(IReadOnlyList<Owner>? owners) => Int(Shared(owners, _ownerValues, _ownerItems ??= OwnerItems));

    public void Tags(IReadOnlyList<Tag>? tags) => Int(TagsRef(tags));

    public int TagsRef(IReadOnlyList<Tag>? tags) => Shared(tags, _tagValues, _tagItems ??= TagItems);

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
    // without reading the others. A record still undecoded in the basis is copied as it is.
    public void Table<T>(RecordTable<T> records, Action<CheckpointWriter, T> save)
        where T : class
    {
        var outer = _out;
        using var blob = new SegmentedBuffer(_supply);
        var offsets = ArrayPool<int>.Shared.Rent(records.Count + 1);
        var fromBasis = _basis is not null && records.IsFrom(_basis);
        _out = blob;
        try
        {
            for (var i = 0; i < records.Count; i++)
            {
                offsets[i] = checked((int)blob.WrittenCount);
                if (fromBasis && records.TryUndecoded(i, out var bytes))
                {
                    blob.Write(bytes);
                }
                else
                {
                    save(this, records[i]);
                }
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

    // The whole checkpoint body and where its tables start: everything written, in order, then the string table and the
    // list table. The tables come last because they are complete only once everything else is written; so the body
    // before them is final piece by piece while it is written, and a checkpoint file can be written meanwhile (the
    // constructor's onSealed), instead of after the whole graph is serialised. The writer's buffers are moved into the
    // body, not copied, so the writer is empty afterwards; the caller disposes the body.
    public (SegmentedBuffer Body, long TablesAt) Finish()
    {
        var main = _out;
        var tablesAt = main.WrittenCount;
        var body = new SegmentedBuffer();
        try
        {
            // The basis's entries first, as they are; this writer's after them, their offsets moved past the basis's bytes.
            var basisStringBytes = _basis is null ? 0 : _basis.StringBytes.Length;
            var ends = new int[_basisStrings + _stringEnds.Count];
            for (var i = 0; i < _basisStrings; i++)
            {
                ends[i] = _basis!.StringEnd(i);
            }

            for (var i = 0; i < _stringEnds.Count; i++)
            {
                ends[_basisStrings + i] = checked(basisStringBytes + _stringEnds[i]);
            }

            Raw<int>(ends);
            if (_basis is not null)
            {
                main.Write(_basis.StringBytes);
            }

            main.Append(_strings);
            var basisListBytes = _basis is null ? 0 : _basis.ListBytes.Length;
            var spans = new int[(_basisLists + _listSpans.Count) * 2];
            _basis?.ListSpans.CopyTo(spans);
            for (var i = 0; i < _listSpans.Count; i++)
            {
                var (start, length) = _listSpans[i];
                (spans[2 * (_basisLists + i)], spans[(2 * (_basisLists + i)) + 1]) = (checked(basisListBytes + start), length);
            }

            Raw<int>(spans);
            Int(checked(basisListBytes + (int)_lists.WrittenCount));
            if (_basis is not null)
            {
                main.Write(_basis.ListBytes);
            }

            main.Append(_lists);
            body.Append(main);
            return (body, tablesAt);
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <summary>Stops the segment supply and frees every buffer's segments.</summary>
    public void Dispose()
    {
        _supply?.Dispose();
        _strings.Dispose();
        _lists.Dispose();
        _main.Dispose();
        foreach (var scratch in _scratch)
        {
            scratch.Dispose();
        }
    }

    // A basis's decoded list: the first of equal entries stands for them all.
    private void Seed<T>(IReadOnlyList<T> list, Dictionary<IReadOnlyList<T>, int> values, int index)
    {
        _listIndex.TryAdd(list, index);
        values.TryAdd(list, index);
    }

    // Seven bits per byte, low bits first, the high bit saying more follows (what BinaryWriter writes).
    private void Variable(ulong v) => _out.WriteVariable(v);

    private void Byte(byte value) => _out.WriteByte(value);

    private void Fixed(long value) => _out.WriteInt64LittleEndian(value);

    // Writes a shared list into the list table on first sight (its items in a buffer of their own, since an item may
    // itself introduce a nested list), and returns its number.
    private int Shared<T>(IReadOnlyList<T>? list, Dictionary<IReadOnlyList<T>, int> values, Action<IReadOnlyList<T>> items)
    {
        if (list is null)
        {
            return 0;
        }

        if (_listIndex.TryGetValue(list, out var index))
        {
            return index + 1;
        }

        if (values.TryGetValue(list, out index))
        {
            _listIndex.Add(list, index);
            return index + 1;
        }

        var own = _listSpans.Count;
        index = _basisLists + own;
        _listIndex.Add(list, index);
        values.Add(list, index);
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

        _listSpans[own] = (checked((int)_lists.WrittenCount), checked((int)buffer.WrittenCount));
        buffer.CopyTo(_lists);
        return index + 1;
    }
}
