using Tributary.Json;
using Tributary.Model;

namespace Tributary.Storage;

/// <summary>How a store turns an event object into bytes and a digest when it is given an object rather than bytes.</summary>
internal static class StoredEventEncoding
{
    /// <summary>The event's JSON as Tributary writes it, and the digest of exactly those bytes.</summary>
    public static (byte[] Raw, EventDigest Digest) Encode(LineageEvent lineageEvent)
    {
        ArgumentNullException.ThrowIfNull(lineageEvent);
        var raw = LineageJson.SerializeToUtf8Bytes(lineageEvent);
        return (raw, EventDigest.Compute(raw));
    }
}
