using System.Buffers;
using System.Text;

namespace Tributary.Storage.Parquet.Thrift;

/// <summary>Writes the Thrift compact protocol (structs, fields, lists, varints) into a growable buffer.</summary>
internal sealed class ThriftWriter
{
    private readonly ArrayBufferWriter<byte> _output;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    public ThriftWriter(ArrayBufferWriter<byte> output)
    {
        _output = output;
    }

    public void BeginStruct()
    {
        _lastIds.Push(_lastId);
        _lastId = 0;
    }

    public void EndStruct()
    {
        WriteByte(ThriftType.Stop);
        _lastId = _lastIds.Pop();
    }

    public void FieldHeader(short id, byte type)
    {
        var delta = id - _lastId;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | type));
        }
        else
        {
            WriteByte(type);
            WriteVarint(ZigZag(id));
        }

        _lastId = id;
    }

    public void Bool(short id, bool value) => FieldHeader(id, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void I32(short id, int value)
    {
        FieldHeader(id, ThriftType.I32);
        WriteVarint(ZigZag(value));
    }

    public void I64(short id, long value)
    {
        FieldHeader(id, ThriftType.I64);
        WriteVarint(ZigZag(value));
    }

    public void Binary(short id, ReadOnlySpan<byte> value)
    {
        FieldHeader(id, ThriftType.Binary);
        BinaryValue(value);
    }

    public void String(short id, string value) => Binary(id, Encoding.UTF8.GetBytes(value));

    public void BinaryValue(ReadOnlySpan<byte> value)
    {
        WriteVarint((ulong)value.Length);
        _output.Write(value);
    }

    /// <summary>Starts a struct-valued field; close it with <see cref="EndStruct"/>.</summary>
    public void StructField(short id)
    {
        FieldHeader(id, ThriftType.Struct);
        BeginStruct();
    }

    public void ListField(short id, byte elementType, int count)
    {
        FieldHeader(id, ThriftType.List);
        ListHeader(elementType, count);
    }

    public void ListHeader(byte elementType, int count)
    {
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | elementType));
            WriteVarint((ulong)count);
        }
    }

    public void I32Value(int value) => WriteVarint(ZigZag(value));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteVarint(ulong value) => _output.Advance(Uleb128.Write(_output.GetSpan(Uleb128.MaxBytes), value));
}
