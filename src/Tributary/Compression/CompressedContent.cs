using System.IO.Compression;

namespace Tributary.Compression;

/// <summary>
/// The one way compressed content (an HTTP body's <c>Content-Encoding</c>, a <c>.gz</c> file) is read: gzip, zlib
/// ("deflate" in HTTP) and Brotli, checked to the end. .NET's own decompressing streams end quietly where their input
/// ends, so a body or file cut short reads as a shorter one, and the events after the cut are lost without a word
/// (checked for all three with .NET 10: a gzip stream cut to 60% read as 119,048 of 200,000 bytes, no error). The
/// streams made here fail instead, with an <see cref="InvalidDataException"/> that says what is wrong: content cut
/// short, a checksum that does not match, or data after the end.
/// </summary>
internal static class CompressedContent
{
    /// <summary>Whether <paramref name="encoding"/> (an HTTP content coding, any case) is one this reads.</summary>
    public static bool IsSupported(string encoding) => KindOf(encoding) is not null;

    /// <summary>
    /// The content of <paramref name="compressed"/>, decompressed as it is read. Reading fails with an
    /// <see cref="InvalidDataException"/> where the data is not valid, and at the end when it was cut short, does not
    /// match its checksum (gzip's CRC-32 and length, zlib's Adler-32), or is followed by anything else.
    /// </summary>
    /// <exception cref="ArgumentException">The encoding is not gzip, x-gzip, deflate or br.</exception>
    public static Stream Open(Stream compressed, string encoding, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        return KindOf(encoding) switch
        {
            Kind.Gzip => new CheckedInflateStream(compressed, gzip: true, leaveOpen),
            Kind.Zlib => new CheckedInflateStream(compressed, gzip: false, leaveOpen),
            Kind.Brotli => new CheckedBrotliStream(compressed, leaveOpen),
            _ => throw new ArgumentException($"'{encoding}' is not a content encoding this reads; use gzip, deflate or br.", nameof(encoding)),
        };
    }

    private enum Kind
    {
        Gzip,
        Zlib,
        Brotli,
    }

    private static Kind? KindOf(string encoding) => encoding.Trim().ToLowerInvariant() switch
    {
        "gzip" or "x-gzip" => Kind.Gzip,
        "deflate" => Kind.Zlib,
        "br" => Kind.Brotli,
        _ => null,
    };

    // Messages read after "not valid gzip data: ", as the server and the CLI put them.
    internal static InvalidDataException CutShort() => new("it ends before the end of its stream (it was cut short)");
}
