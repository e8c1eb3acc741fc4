using System.Diagnostics.CodeAnalysis;

namespace Tributary.Model;

/// <summary>Identifies one execution of a job. New runs get time-ordered UUIDv7 ids, as OpenLineage recommends.</summary>
/// <param name="Value">The run's UUID.</param>
public readonly record struct RunId(Guid Value) : IComparable<RunId>
{
    /// <summary>A new, time-ordered (UUIDv7) run id.</summary>
    public static RunId New() => new(Guid.CreateVersion7());

    /// <summary>Parses a UUID in any of the usual textual forms; throws <see cref="FormatException"/> otherwise.</summary>
    public static RunId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a UUID run id.");

    /// <summary>Parses a UUID, returning false instead of throwing when the text is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RunId id)
    {
        if (Guid.TryParse(text, out var guid))
        {
            id = new RunId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Compares the underlying UUIDs; UUIDv7 ids compare in creation order.</summary>
    public int CompareTo(RunId other) => Value.CompareTo(other.Value);

    /// <summary>The lower-case hyphenated UUID, as OpenLineage writes it.</summary>
    public override string ToString() => Value.ToString("D");
}
