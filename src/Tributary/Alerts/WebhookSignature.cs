using System.Security.Cryptography;
using System.Text;

namespace Tributary.Alerts;

/// <summary>The <c>X-Tributary-Signature</c> header: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body under the subscription's secret.</summary>
public static class WebhookSignature
{
    /// <summary>The header's name.</summary>
    public const string Header = "X-Tributary-Signature";

    /// <summary>The header's value for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string Of(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Whether <paramref name="header"/> is the right signature of <paramref name="body"/> (compared in constant time), for receivers.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(body, secret)), Encoding.ASCII.GetBytes(header));
}
