using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tributary.Model.Facets;

namespace Tributary.Graph;

// Reads what CheckpointWriter wrote, from one position of a loaded checkpoint up to an end; strings and shared
// lists come from the checkpoint's tables (decoded once, when first asked for). Any inconsistency is an
// InvalidDataException.
internal sealed class CheckpointReader(CheckpointImage image, int position, int end)
{
    private int _position = position;

    public CheckpointImage Image => image;

    public int Position => _position;

    public int Int() => (int)Unsigned();

    public int Count(int max = int.MaxValue)
    {
        var count = Int();
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"a count of {count} is out of range");
    }

    public long Long() => RecordScanner.ReadNumber(image.Data[..end], ref _position);

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"{b} is not a boolean"),
    };

    public Guid Guid() => new(Take(16));

    public Stamp Stamp() => new(Fixed(), Long());

    public long? NullableLong() => Bool() ? Fixed() : null;

    public T[] Raw<T>()
        where T : unmanaged
    {
        var count = Count((end - _position) / Math.Max(1, Unsafe.SizeOf<T>()));
        if (Int() != Unsafe.SizeOf<T>())
        {
            throw new InvalidDataException($"the record layout of {typeof(T).Name} differs");
        }

        var items = new T[count];
        Take(count * Unsafe.SizeOf<T>()).CopyTo(MemoryMarshal.AsBytes(items.AsSpan()));
        return items;
    }

    // Reads a raw array straight into `list` (replacing its contents), without an intermediate array.
    public void RawInto<T>(List<T> list)
        where T : unmanaged
    {
        var count = Count((end - _position) / Math.Max(1, Unsafe.SizeOf<T>()));
        if (Int() != Unsafe.SizeOf<T>())
        {
            throw new InvalidDataException($"the record layout of {typeof(T).Name} differs");
        }

        list.Clear();
        CollectionsMarshal.SetCount(list, count);
        Take(count * Unsafe.SizeOf<T>()).CopyTo(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(list)));
    }

    // The bytes of the next `length` bytes, skipped over.
    public ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > end - _position)
        {
            throw new InvalidDataException("the checkpoint ends early");
        }

        var span = image.Data.Slice(_position, length);
        _position += length;
        return span;
    }

    public string? String() => image.String(Int());

    public string RequiredString() => String() ?? throw new InvalidDataException("a required string is missing");

    public IReadOnlyList<SchemaField>? Schema() => image.Schema(Int());

    public IReadOnlyList<Owner>? Owners() => image.Owners(Int());

    public IReadOnlyList<Tag>? Tags() => image.Tags(Int());

    // A table CheckpointWriter.Table wrote: the absolute offset of each record (and the end), its bytes skipped over.
    public int[] Table()
    {
        var offsets = Raw<int>();
        if (offsets.Length == 0)
        {
            throw new InvalidDataException("a record table has no end");
        }

        var start = _position;
        for (var i = 0; i < offsets.Length; i++)
        {
            if (offsets[i] < (i == 0 ? 0 : offsets[i - 1] - start) || offsets[i] > end - start)
            {
                throw new InvalidDataException("a record table's offsets are out of order");
            }

            offsets[i] += start;
        }

        _position = offsets[^1];
        return offsets;
    }

    // Fails unless every byte up to the end was read: a record that does not fill its space was misread.
    public void ExpectEnd()
    {
        if (_position != end)
        {
            throw new InvalidDataException("a checkpoint record has bytes after its end");
        }
    }

    private uint Unsigned()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte();
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a number in the checkpoint is too long");
    }

    private byte Byte() => _position < end ? image.Data[_position++] : throw new InvalidDataException("the checkpoint ends early");

    private long Fixed() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
}
