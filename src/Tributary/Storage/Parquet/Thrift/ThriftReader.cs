using System.Text;

namespace Tributary.Storage.Parquet.Thrift;

/// <summary>
/// Reads the Thrift compact protocol from a byte buffer, bounds-checking every length and nesting level so a
/// damaged footer or page header gives a <see cref="ParquetFormatException"/> naming the file offset.
/// </summary>
internal sealed class ThriftReader
{
    private const int MaxDepth = 64;
    private readonly byte[] _buffer;
    private readonly int _end;
    private readonly long _fileOffset;
    private readonly string _what;
    private readonly string? _column;
    private int _position;
    private int _depth;

    /// <param name="buffer">The bytes.</param>
    /// <param name="start">Where the structure starts in <paramref name="buffer"/>.</param>
    /// <param name="end">Where the readable bytes end.</param>
    /// <param name="fileOffset">The file offset of <paramref name="buffer"/>[0], for error messages.</param>
    /// <param name="what">What is being read ("footer", "page header"), for error messages.</param>
    /// <param name="column">The column whose page header is read, if any, for error messages.</param>
    public ThriftReader(byte[] buffer, int start, int end, long fileOffset, string what, string? column = null)
    {
        _column = column;
        _buffer = buffer;
        _position = start;
        _end = end;
        _fileOffset = fileOffset;
        _what = what;
    }

    /// <summary>The position after the last byte read.</summary>
    public int Position => _position;

    /// <summary>The file offset of the next byte.</summary>
    public long FileOffset => _fileOffset + _position;

    public ParquetFormatException Error(string message) => ParquetFormatException.At(FileOffset, $"Malformed {_what}: {message}", _column);

    /// <summary>Reads the next field header of a struct; false at the struct's stop byte.</summary>
    public bool ReadField(ref short lastId, out short id, out byte type)
    {
        var header = ReadByte();
        type = (byte)(header & 0x0F);
        if (type == ThriftType.Stop)
        {
            id = 0;
            return false;
        }

        var delta = header >> 4;
        id = delta != 0 ? (short)(lastId + delta) : ReadI16();
        lastId = id;
        return true;
    }

    public void EnterStruct()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"structures nested more than {MaxDepth} deep");
        }
    }

    public void ExitStruct() => _depth--;

    public byte ReadByte()
    {
        if (_position >= _end)
        {
            throw Error("it ends in the middle of a value");
        }

        return _buffer[_position++];
    }

    public bool ReadBool(byte fieldType) => fieldType switch
    {
        ThriftType.BooleanTrue => true,
        ThriftType.BooleanFalse => false,
        _ => throw Error($"expected a boolean field, found type {fieldType}"),
    };

    public short ReadI16() => (short)ReadI64();

    public int ReadI32()
    {
        var value = ReadI64();
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw Error($"the 32-bit value {value} is out of range");
        }

        return (int)value;
    }

    public long ReadI64()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Error("a variable-length integer is longer than 10 bytes");
    }

    public double ReadDouble()
    {
        if (_end - _position < 8)
        {
            throw Error("it ends in the middle of a double");
        }

        var value = BitConverter.ToDouble(_buffer, _position);
        _position += 8;
        return value;
    }

    public byte[] ReadBinary()
    {
        var length = ReadLength();
        var value = _buffer.AsSpan(_position, length).ToArray();
        _position += length;
        return value;
    }

    public string ReadString()
    {
        var length = ReadLength();
        var value = Encoding.UTF8.GetString(_buffer, _position, length);
        _position += length;
        return value;
    }

    /// <summary>Reads a list header; the count is checked against the bytes left (every element takes at least one byte, except booleans in a struct, which are not list elements).</summary>
    public int ReadListHeader(out byte elementType)
    {
        var header = ReadByte();
        elementType = (byte)(header & 0x0F);
        long count = header >> 4;
        if (count == 15)
        {
            count = (long)Math.Min(ReadVarint(), int.MaxValue);
        }

        if (count > _end - _position)
        {
            throw Error($"a list claims {count} elements but only {_end - _position} bytes remain");
        }

        return (int)count;
    }

    /// <summary>Skips a value of the given type (used for fields this reader does not need).</summary>
    public void Skip(byte type)
    {
        switch (type)
        {
            case ThriftType.BooleanTrue or ThriftType.BooleanFalse:
                break;
            case ThriftType.Byte:
                ReadByte();
                break;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64:
                ReadVarint();
                break;
            case ThriftType.Double:
                ReadDouble();
                break;
            case ThriftType.Binary:
                _position += ReadLength();
                break;
            case ThriftType.List or ThriftType.Set:
                var count = ReadListHeader(out var elementType);
                EnterStruct();
                for (var i = 0; i < count; i++)
                {
                    SkipElement(elementType);
                }

                ExitStruct();
                break;
            case ThriftType.Map:
                var entries = ReadVarint();
                if (entries > (ulong)(_end - _position))
                {
                    throw Error($"a map claims {entries} entries but only {_end - _position} bytes remain");
                }

                if (entries > 0)
                {
                    var kinds = ReadByte();
                    EnterStruct();
                    for (ulong i = 0; i < entries; i++)
                    {
                        SkipElement((byte)(kinds >> 4));
                        SkipElement((byte)(kinds & 0x0F));
                    }

                    ExitStruct();
                }

                break;
            case ThriftType.Struct:
                SkipStruct();
                break;
            default:
                throw Error($"unknown field type {type}");
        }
    }

    public void SkipStruct()
    {
        EnterStruct();
        short last = 0;
        while (ReadField(ref last, out _, out var type))
        {
            Skip(type);
        }

        ExitStruct();
    }

    private void SkipElement(byte type)
    {
        // Booleans inside collections take one byte each, unlike boolean fields.
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            ReadByte();
        }
        else
        {
            Skip(type);
        }
    }

    private int ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)(_end - _position))
        {
            throw Error($"a value claims {length} bytes but only {_end - _position} remain");
        }

        return (int)length;
    }
}
