using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Tributary.Storage;

/// <summary>
/// The digest of an event's canonical JSON: its identity for deduplication, whatever the formatting it arrived in. Of
/// one of two kinds: the SHA-256 (<see cref="Compute"/>), which nobody can make two events share, or the XXH3 128-bit
/// hash (<see cref="ComputeXxHash128"/>, <see cref="IsXxHash128"/>), about twenty times cheaper, which an adversary can
/// collide, so the ingest door confirms an event it names against the original's canonical form before calling it a
/// duplicate.
/// </summary>
public readonly struct EventDigest : IEquatable<EventDigest>
{
    /// <summary>The size of a digest in bytes (32).</summary>
    public const int Size = 32;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly ulong _c;
    private readonly ulong _d;

    private EventDigest(ReadOnlySpan<byte> bytes)
    {
        _a = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _b = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _c = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _d = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>The all-zero digest, stored for records appended without one.</summary>
    public static EventDigest None => default;

    /// <summary>True for <see cref="None"/>.</summary>
    public bool IsNone => (_a | _b | _c | _d) == 0;

    /// <summary>
    /// The XXH3 128-bit hash of <paramref name="canonicalUtf8"/>, in the first 16 bytes (the last 16 are zero, which
    /// tells it from a SHA-256): the digest a new store deduplicates by.
    /// </summary>
    public static EventDigest ComputeXxHash128(ReadOnlySpan<byte> canonicalUtf8)
    {
        Span<byte> hash = stackalloc byte[Size];
        hash[16..].Clear();
        XxHash128.Hash(canonicalUtf8, hash[..16]);
        return new EventDigest(hash);
    }

    /// <summary>True for a digest made by <see cref="ComputeXxHash128"/> (a SHA-256 ends in 16 zero bytes once in 2^128).</summary>
    public bool IsXxHash128 => (_c | _d) == 0 && (_a | _b) != 0;

    /// <summary>Computes the SHA-256 digest of <paramref name="canonicalUtf8"/>.</summary>
    public static EventDigest Compute(ReadOnlySpan<byte> canonicalUtf8)
    {
        // A hash object kept per thread: the one-shot call creates and frees a native context each time, which for a
        // small event cost as much as hashing it.
        var sha = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> hash = stackalloc byte[Size];
        sha.AppendData(canonicalUtf8);
        sha.GetHashAndReset(hash);
        return new EventDigest(hash);
    }

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    // Orders events that happened at the same eventTime by their content, so which one wins does not depend on
    // which arrived first: any order of the same events gives the same graph.
    internal long TieBreak => (long)(_a >> 1);

    /// <summary>The digest's 32 bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _a);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), _b);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), _c);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), _d);
        return bytes;
    }

    /// <summary>Reads a digest from its 32 bytes.</summary>
    public static EventDigest FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A digest is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new EventDigest(bytes);
    }

    /// <summary>Writes the digest's 32 bytes into <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _c);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _d);
    }

    /// <summary>True when both digests have the same bytes.</summary>
    public bool Equals(EventDigest other) => _a == other._a && _b == other._b && _c == other._c && _d == other._d;

    /// <summary>True when <paramref name="obj"/> is an equal digest.</summary>
    public override bool Equals(object? obj) => obj is EventDigest other && Equals(other);

    /// <summary>A hash code from the digest's bytes (they are already uniformly distributed).</summary>
    public override int GetHashCode() => (int)_a ^ (int)(_a >> 32);

    /// <summary>The digest as 64 lower-case hexadecimal characters.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Writes the digest's 64 lower-case hexadecimal characters into <paramref name="utf8"/> as UTF-8 (what <see cref="ToString"/> returns).</summary>
    public void WriteHex(Span<byte> utf8)
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        Convert.TryToHexStringLower(bytes, utf8[..(Size * 2)], out _);
    }

    /// <summary>True when both digests are equal.</summary>
    public static bool operator ==(EventDigest left, EventDigest right) => left.Equals(right);

    /// <summary>True when the digests differ.</summary>
    public static bool operator !=(EventDigest left, EventDigest right) => !left.Equals(right);
}
