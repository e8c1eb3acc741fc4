using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Tributary.Compression;

namespace Tributary.Server.Hosting;

/// <summary>
/// Reads a request body whole, decompressing <c>Content-Encoding: gzip</c> (and deflate, br) with a running limit:
/// inflating stops the moment the inflated size passes the limit (413) and a zip bomb is never held in memory, and only
/// <see cref="DecompressionGate"/>'s few bodies are inflated and held at once. A body that is not what its
/// encoding says, or that arrives too slowly, is the client's error (4xx), never the server's.
/// </summary>
internal static class RequestBody
{
    public enum Status
    {
        Ok,
        TooLarge,
        BadEncoding,
        UnsupportedEncoding,
        Busy,
        ClientError,
    }

    /// <summary>
    /// The body read, or why not; dispose it once done with <see cref="Content"/> (or <see cref="Streamed"/>) to free its
    /// decompression slot.
    /// </summary>
    public sealed class Body(Status status, ReadOnlyMemory<byte> content, string detail, int statusCode = 0, IDisposable? slot = null) : IDisposable
    {
        public Status Status { get; } = status;

        public ReadOnlyMemory<byte> Content { get; } = content;

        /// <summary>From <see cref="OpenAsync"/>: the body to read as it arrives, when it was not read whole into <see cref="Content"/>.</summary>
        public StreamedBody? Streamed { get; init; }

        public string Detail { get; } = detail;

        /// <summary>For <see cref="Status.ClientError"/>: the status Kestrel chose (408 for a body that arrives too slowly).</summary>
        public int StatusCode { get; } = statusCode;

        public void Dispose()
        {
            Streamed?.Dispose();
            slot?.Dispose();
        }
    }

    public static async Task<Body> ReadAsync(HttpRequest request, int limit, DecompressionGate gate, CancellationToken cancellationToken)
    {
        // Kestrel's own limit (30 MB by default) would turn a big body into an exception; ours decides instead.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        var (encoding, compressed) = EncodingOf(request);
        if (request.ContentLength is { } length && length > limit && !compressed)
        {
            return new Body(Status.TooLarge, default, $"The body is {length} bytes; at most {limit} are accepted.");
        }

        var tooLarge = $"The body is over {limit} bytes{(compressed ? " once decompressed" : "")}; at most {limit} are accepted.";
        if (compressed && !IsKnown(encoding))
        {
            return new Body(Status.UnsupportedEncoding, default, $"Content-Encoding '{encoding}' is not supported; use gzip, deflate or br.");
        }

        var slot = compressed ? await gate.EnterAsync(cancellationToken) : null;
        if (compressed && slot is null)
        {
            return new Body(Status.Busy, default, "Too many compressed bodies are being read right now; nothing was stored. Retry shortly.");
        }

        try
        {
            var content = compressed
                ? await InflateAsync(request.Body, encoding, limit, cancellationToken)
                : await ReadAllAsync(request.Body, request.ContentLength ?? -1, limit, cancellationToken);
            if (content is null)
            {
                slot?.Dispose();
                return new Body(Status.TooLarge, default, tooLarge);
            }

            return new Body(Status.Ok, content, "", slot: slot);
        }
        catch (InvalidDataException ex)
        {
            // What CompressedContent says of a body that is not what its encoding says (or was cut short).
            slot?.Dispose();
            return new Body(Status.BadEncoding, default, $"The body is not valid {encoding} data: {ex.Message}");
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's verdict on the request itself: a body that arrives too slowly (408), one cut short (400).
            slot?.Dispose();
            return new Body(Status.ClientError, default, ex.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The body arrived too slowly; nothing was stored. Send it again at a steady rate."
                : $"The body could not be read: {ex.Message}", ex.StatusCode);
        }
        catch
        {
            slot?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a body to be read as it arrives: a small one (uncompressed, its length given and at most
    /// <paramref name="wholeUpTo"/>) is read whole into <see cref="Body.Content"/> as <see cref="ReadAsync"/> does, since
    /// one exact array is cheaper than blocks; any other is handed out as <see cref="Body.Streamed"/>, decompressed on the
    /// way and cut off at <paramref name="limit"/> bytes. What is refused before reading is refused as by
    /// <see cref="ReadAsync"/>; what goes wrong while streaming surfaces as the stream's exceptions (see <see cref="Failure"/>).
    /// </summary>
    public static async Task<Body> OpenAsync(HttpRequest request, long limit, int wholeUpTo, DecompressionGate gate, CancellationToken cancellationToken)
    {
        var (encoding, compressed) = EncodingOf(request);
        if (!compressed && request.ContentLength is { } length && length <= wholeUpTo)
        {
            return await ReadAsync(request, (int)Math.Min(limit, wholeUpTo), gate, cancellationToken);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        if (!compressed && request.ContentLength > limit)
        {
            return new Body(Status.TooLarge, default, $"The body is {request.ContentLength} bytes; at most {limit} are accepted.");
        }

        if (compressed && !IsKnown(encoding))
        {
            return new Body(Status.UnsupportedEncoding, default, $"Content-Encoding '{encoding}' is not supported; use gzip, deflate or br.");
        }

        // Inflating costs CPU rather than memory now, but the gate still keeps a few gzip bombs from taking every core.
        var slot = compressed ? await gate.EnterAsync(cancellationToken) : null;
        if (compressed && slot is null)
        {
            return new Body(Status.Busy, default, "Too many compressed bodies are being read right now; nothing was stored. Retry shortly.");
        }

        var source = compressed ? Decompressor(encoding, request.Body, leaveOpen: true) : request.Body;
        return new Body(Status.Ok, default, "", slot: slot) { Streamed = new StreamedBody(source, limit, ownsSource: compressed) };
    }

    /// <summary>
    /// What a failure while reading a streamed body means for its client: the body passed its limit (413), is not what its
    /// encoding says (400), or arrived too slowly or cut short (408, 400); null for anything else.
    /// </summary>
    public static Body? Failure(Exception exception, HttpRequest request, long limit)
    {
        var (encoding, compressed) = EncodingOf(request);
        return exception switch
        {
            BodyTooLargeException => new Body(Status.TooLarge, default, $"The body is over {limit} bytes{(compressed ? " once decompressed" : "")}; at most {limit} are accepted."),
            // What CompressedContent says of a body that is not what its encoding says (or was cut short).
            BodyReadException { InnerException: InvalidDataException } when compressed =>
                new Body(Status.BadEncoding, default, $"The body is not valid {encoding} data: {exception.Message}"),
            BodyReadException { InnerException: BadHttpRequestException bad } => new Body(Status.ClientError, default, bad.StatusCode == StatusCodes.Status408RequestTimeout
                ? "The body arrived too slowly. Send it again at a steady rate."
                : $"The body could not be read: {bad.Message}", bad.StatusCode),
            _ => null,
        };
    }

    // The body's Content-Encoding as sent (trimmed), and whether it says the body is compressed.
    private static (string Encoding, bool Compressed) EncodingOf(HttpRequest request)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        return (encoding, encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsKnown(string encoding) => CompressedContent.IsSupported(encoding);

    // Checked to the end: a body cut short inside its compression is refused, where .NET's own streams read it as a
    // shorter body (a batch then stored the events before the cut and blamed the JSON).
    private static Stream Decompressor(string encoding, Stream packed, bool leaveOpen = false) => CompressedContent.Open(packed, encoding, leaveOpen);

    // The compressed bytes are read first (they are few: compressed data is at most a little larger than what it
    // inflates to, so more than that is refused), then inflated once only to count, stopping the moment the count
    // passes the limit, and only then inflated into an array of exactly the right size. A zip bomb so costs some CPU
    // and never the memory it would inflate to, and a good body is held once, without growing copies.
    private static async Task<byte[]?> InflateAsync(Stream body, string encoding, int limit, CancellationToken cancellationToken)
    {
        var packed = await ReadAllAsync(body, -1, limit + (limit / 8) + (64 << 10), cancellationToken);
        if (packed is null)
        {
            return null;
        }

        long inflated = 0;
        var scratch = ArrayPool<byte>.Shared.Rent(64 << 10);
        try
        {
            using var counting = Decompressor(encoding, new MemoryStream(packed, writable: false));
            int read;
            while ((read = counting.Read(scratch)) > 0)
            {
                inflated += read;
                if (inflated > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        var content = GC.AllocateUninitializedArray<byte>((int)inflated);
        using var inflating = Decompressor(encoding, new MemoryStream(packed, writable: false));
        inflating.ReadExactly(content);
        return content;
    }

    // The whole stream, or null as soon as it passes the limit; the buffer grows by doubling up to limit + 1 bytes.
    private static async Task<byte[]?> ReadAllAsync(Stream source, long length, int limit, CancellationToken cancellationToken)
    {
        if (length >= 0 && length <= limit)
        {
            // HTTP framing ends a body at its declared length (Kestrel hands out no more, and fails one cut short), so
            // one array of exactly that size holds it: the body is copied once, from the connection into the array.
            var exact = GC.AllocateUninitializedArray<byte>((int)length);
            var filled = 0;
            while (filled < exact.Length)
            {
                var read = await source.ReadAsync(exact.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    Array.Resize(ref exact, filled);
                    break;
                }

                filled += read;
            }

            return exact;
        }

        var initial = length >= 0 ? (int)Math.Min(length + 1, limit + 1L) : 16 * 1024;
        var buffer = new byte[Math.Max(initial, 256)];
        var used = 0;
        while (true)
        {
            if (used == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1L));
            }

            var read = await source.ReadAsync(buffer.AsMemory(used), cancellationToken);
            if (read == 0)
            {
                break;
            }

            used += read;
            if (used > limit)
            {
                return null;
            }
        }

        if (used == buffer.Length)
        {
            return buffer;
        }

        Array.Resize(ref buffer, used);
        return buffer;
    }
}
