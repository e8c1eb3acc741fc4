using System.Runtime.CompilerServices;
using System.Text;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Writes the values of a graph checkpoint. Strings and shared lists (schemas, owners, tags) are written once and
// referred to by number afterwards: tag 0 is null, 1 introduces a new value inline, n >= 2 refers to value n - 2.
internal sealed class CheckpointWriter(Stream stream) : IDisposable
{
    private readonly BinaryWriter _writer = new(stream, Encoding.UTF8, leaveOpen: true);
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<object, int> _lists = new(ReferenceEqualityComparer.Instance);

    public void Int(int value) => _writer.Write7BitEncodedInt(value);

    public void Long(long value) => _writer.Write7BitEncodedInt64(value);

    public void Bool(bool value) => _writer.Write(value);

    public void Guid(Guid value) => _writer.Write(value.ToByteArray());

    public void Stamp(Stamp value)
    {
        _writer.Write(value.Time);
        Long(value.Order);
    }

    public void NullableLong(long? value)
    {
        Bool(value.HasValue);
        if (value is { } v)
        {
            _writer.Write(v);
        }
    }

    public void Raw<T>(ReadOnlySpan<T> items)
        where T : unmanaged
    {
        Int(items.Length);
        Int(Unsafe.SizeOf<T>());
        _writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(items));
    }

    public void String(string? value)
    {
        if (value is null)
        {
            Int(0);
        }
        else if (_strings.TryGetValue(value, out var id))
        {
            Int(id + 2);
        }
        else
        {
            Int(1);
            _writer.Write(value);
            _strings.Add(value, _strings.Count);
        }
    }

    public void Schema(IReadOnlyList<SchemaField>? schema) => Shared(schema, fields =>
    {
        foreach (var field in fields)
        {
            String(field.Name);
            String(field.Type);
            String(field.Description);
            NullableLong(field.OrdinalPosition);
            Schema(field.Fields.Count == 0 ? null : field.Fields);
        }
    });

    public void Owners(IReadOnlyList<Owner>? owners) => Shared(owners, items =>
    {
        foreach (var owner in items)
        {
            String(owner.Name);
            String(owner.Type);
        }
    });

    public void Tags(IReadOnlyList<Tag>? tags) => Shared(tags, items =>
    {
        foreach (var tag in items)
        {
            String(tag.Key);
            String(tag.Value);
            String(tag.Source);
            String(tag.Field);
        }
    });

    public void Dispose() => _writer.Dispose();

    private void Shared<T>(IReadOnlyList<T>? list, Action<IReadOnlyList<T>> items)
    {
        if (list is null)
        {
            Int(0);
        }
        else if (_lists.TryGetValue(list, out var id))
        {
            Int(id + 2);
        }
        else
        {
            Int(1);
            _lists.Add(list, _lists.Count);
            Int(list.Count);
            items(list);
        }
    }
}
