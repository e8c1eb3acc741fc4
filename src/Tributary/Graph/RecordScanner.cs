namespace Tributary.Graph;

// Reads numbers and flags of one record still in a checkpoint, in place and without allocating: for questions that
// need a number or two of a record (as-of walks), not the whole decoded record. Mirrors CheckpointReader's encodings.
internal ref struct RecordScanner(ReadOnlySpan<byte> record)
{
    private readonly ReadOnlySpan<byte> _record = record;
    private int _position;

    public long Number() => ReadNumber(_record, ref _position);

    // Reads one number of a checkpoint at `position` and moves past it; CheckpointReader reads its numbers with
    // this too, so both always agree on the encoding CheckpointWriter uses.
    public static long ReadNumber(ReadOnlySpan<byte> bytes, ref int position) =>
        (long)Storage.Uleb128.Read(bytes, ref position, "the checkpoint ends inside a number", "a number in the checkpoint is too long");

    public int Count()
    {
        var count = Number();
        return count is >= 0 and <= int.MaxValue ? (int)count : throw new InvalidDataException($"a count of {count} is out of range");
    }

    public bool Bool() => Byte() switch
    {
        0 => false,
        1 => true,
        var b => throw new InvalidDataException($"{b} is not a boolean"),
    };

    public void SkipNumbers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Number();
        }
    }

    public void SkipBytes(int count)
    {
        if (count > _record.Length - _position)
        {
            throw new InvalidDataException("a record of the checkpoint ends early");
        }

        _position += count;
    }

    private byte Byte() => _position < _record.Length ? _record[_position++] : throw new InvalidDataException("a record of the checkpoint ends early");
}
