using System.Runtime.CompilerServices;

namespace Tributary.Ingest;

// Strings known to pass a check, by reference. An event's names repeat as the same instances (the reader shares equal
// values, Utf8StringCache): a column-lineage facet names its input dataset's namespace once per column, and a pipeline's
// events name the same few namespaces. So a check is made once per instance, not once per occurrence. Direct-mapped by
// the object's own hash code: a string that meets another in its slot is only checked again. Strings are immutable, so
// one that passed once passes for good; the caller keeps one set per thread.
internal sealed class PassedStrings
{
    private const int Slots = 256; // a power of two

    private readonly string?[] _slots = new string?[Slots];

    /// <summary>Whether <paramref name="value"/> (this very instance) passed before.</summary>
    public bool Contains(string value) => ReferenceEquals(_slots[Slot(value)], value);

    /// <summary>Notes that <paramref name="value"/> passed.</summary>
    public void Add(string value) => _slots[Slot(value)] = value;

    private static int Slot(string value) => RuntimeHelpers.GetHashCode(value) & (Slots - 1);
}
