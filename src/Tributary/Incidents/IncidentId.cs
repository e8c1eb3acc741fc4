using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Incidents;

/// <summary>
/// Identifies an incident: <c>inc-</c> and 16 hex digits of a SHA-256 of what opened it (the kind, the node, the check
/// and the run that first showed it), so every replay of a store, every door and every arrival order name the same
/// incident the same way.
/// </summary>
/// <param name="Value">The id's text, <c>inc-</c> followed by 16 lower-case hex digits.</param>
[JsonConverter(typeof(IncidentIdJsonConverter))]
public readonly record struct IncidentId(string Value) : IComparable<IncidentId>
{
    private const string Prefix = "inc-";

    /// <summary>The id of the incident opened by <paramref name="key"/> (what opened it, in words).</summary>
    public static IncidentId Of(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return new IncidentId(Prefix + Convert.ToHexStringLower(hash[..8]));
    }

    /// <summary>Parses <c>inc-</c> and 16 hex digits; throws <see cref="FormatException"/> saying what is wrong otherwise.</summary>
    public static IncidentId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an incident id (inc- and 16 hex digits, as `tributary incidents` lists them).");

    /// <summary>Parses an incident id, returning false instead of throwing when the text is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IncidentId id)
    {
        id = default;
        if (text is null || text.Length != Prefix.Length + 16 || !text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var c in text.AsSpan(Prefix.Length))
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        id = new IncidentId(text.ToLowerInvariant());
        return true;
    }

    /// <summary>Orders ids by their text.</summary>
    public int CompareTo(IncidentId other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>The id's text, <c>inc-…</c>.</summary>
    public override string ToString() => Value ?? "";
}

/// <summary>Writes an <see cref="IncidentId"/> as its text and reads it back.</summary>
public sealed class IncidentIdJsonConverter : JsonConverter<IncidentId>
{
    /// <inheritdoc />
    public override IncidentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        IncidentId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException($"'{reader.GetString()}' is not an incident id");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IncidentId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
