using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Reads what CheckpointWriter wrote, in the same order; any inconsistency is an InvalidDataException.
internal sealed class CheckpointReader(Stream stream) : IDisposable
{
    private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);
    private readonly List<string> _strings = [];
    private readonly List<object> _lists = [];

    public int Int() => _reader.Read7BitEncodedInt();

    public int Count(int max = int.MaxValue)
    {
        var count = Int();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"a count of {count} is out of range");
    }

    public long Long() => _reader.Read7BitEncodedInt64();

    public bool Bool() => _reader.ReadBoolean();

    public Guid Guid() => new(_reader.ReadBytes(16));

    public Stamp Stamp() => new(_reader.ReadInt64(), Long());

    public long? NullableLong() => Bool() ? _reader.ReadInt64() : null;

    public T[] Raw<T>()
        where T : unmanaged
    {
        var count = Count((int)Math.Min(int.MaxValue, stream.Length));
        if (Int() != Unsafe.SizeOf<T>())
        {
            throw new InvalidDataException($"the record layout of {typeof(T).Name} differs");
        }

        var items = new T[count];
        var bytes = MemoryMarshal.AsBytes(items.AsSpan());
        if (_reader.Read(bytes) != bytes.Length)
        {
            throw new InvalidDataException("the checkpoint ends early");
        }

        return items;
    }

    public string? String()
    {
        var tag = Int();
        switch (tag)
        {
            case 0:
                return null;
            case 1:
                var value = _reader.ReadString();
                _strings.Add(value);
                return value;
            default:
                return tag - 2 < _strings.Count ? _strings[tag - 2] : throw new InvalidDataException($"string {tag - 2} is not defined");
        }
    }

    public string RequiredString() => String() ?? throw new InvalidDataException("a required string is missing");

    public IReadOnlyList<SchemaField>? Schema() => Shared(() => new SchemaField(RequiredString(), String(), String())
    {
        OrdinalPosition = NullableLong(),
        Fields = Schema() ?? [],
    });

    public IReadOnlyList<Owner>? Owners() => Shared(() => new Owner(RequiredString(), String()));

    public IReadOnlyList<Tag>? Tags() => Shared(() => new Tag(RequiredString(), RequiredString(), String(), String()));

    public void Dispose() => _reader.Dispose();

    private IReadOnlyList<T>? Shared<T>(Func<T> item)
    {
        var tag = Int();
        switch (tag)
        {
            case 0:
                return null;
            case 1:
                var slot = _lists.Count;
                _lists.Add(null!);
                var items = new T[Count(1 << 24)];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = item();
                }

                _lists[slot] = items;
                return items;
            default:
                return tag - 2 < _lists.Count && _lists[tag - 2] is IReadOnlyList<T> list ? list : throw new InvalidDataException($"list {tag - 2} is not defined");
        }
    }
}
