using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Tributary.Json;

namespace Tributary.Model;

/// <summary>Identifies one execution of a job. New runs get time-ordered UUIDv7 ids, as OpenLineage recommends.</summary>
/// <param name="Value">The run's UUID.</param>
[JsonConverter(typeof(RunIdJsonConverter))]
public readonly record struct RunId(Guid Value) : IComparable<RunId>
{
    /// <summary>A new, time-ordered (UUIDv7) run id.</summary>
    public static RunId New() => new(Guid.CreateVersion7());

    /// <summary>
    /// A stable UUID (version 5, SHA-1, in a Tributary namespace) for a run id that is not a UUID, so producers that send
    /// ids such as <c>run_id</c> still get one run per distinct id.
    /// </summary>
    public static RunId FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> input = stackalloc byte[16 + System.Text.Encoding.UTF8.GetByteCount(name)];
        NamespaceBytes.CopyTo(input);
        System.Text.Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
        System.Security.Cryptography.SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new RunId(new Guid(hash[..16], bigEndian: true));
    }

    private static ReadOnlySpan<byte> NamespaceBytes =>
        [0x7a, 0x1e, 0x5c, 0x3e, 0x0b, 0x7d, 0x4f, 0x2a, 0x9c, 0x61, 0x2d, 0x4e, 0x8f, 0x3b, 0x10, 0x55];

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
