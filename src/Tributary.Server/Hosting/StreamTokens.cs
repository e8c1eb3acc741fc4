using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tributary.Server.Hosting;

/// <summary>
/// Short-lived tokens for the live stream. A browser's EventSource cannot send an <c>Authorization</c> header, so with
/// API keys on, the web UI asks <c>GET /api/v1/stream/token</c> (with its key) for a token and opens
/// <c>/api/v1/stream?access_token=…</c>. A token is its expiry signed with HMAC-SHA256 under a key that lives only in
/// this process; it opens the stream and nothing else, and only for <see cref="Lifetime"/>.
/// </summary>
internal sealed class StreamTokens(TimeProvider time)
{
    /// <summary>How long a token opens the stream for; the UI fetches a new one whenever it reconnects.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A new token and when it stops working.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue()
    {
        var expires = time.GetUtcNow() + Lifetime;
        var stamp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (stamp + "." + Sign(stamp), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>True for a token this process issued that has not expired.</summary>
    public bool IsValid(string? token)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(token![..dot]));
        var given = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) && time.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    private string Sign(string stamp) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(stamp))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
