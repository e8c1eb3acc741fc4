using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;

namespace Tributary.Server.Hosting;

/// <summary>
/// Reads a request body whole, decompressing <c>Content-Encoding: gzip</c> (and deflate, br), and stops as soon as it
/// passes the limit, so an oversized or zip-bomb body costs at most the limit in memory.
/// </summary>
internal static class RequestBody
{
    public enum Status
    {
        Ok,
        TooLarge,
        BadEncoding,
        UnsupportedEncoding,
    }

    public static async Task<(Status Status, ReadOnlyMemory<byte> Content, string Detail)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        // Kestrel's own limit (30 MB by default) would turn a big body into an exception; ours decides instead.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        if (request.ContentLength is { } length && length > limit && !request.Headers.ContentEncoding.Any())
        {
            return (Status.TooLarge, default, $"The body is {length} bytes; at most {limit} are accepted.");
        }

        Stream source = request.Body;
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        switch (encoding.ToLowerInvariant())
        {
            case "" or "identity":
                break;
            case "gzip" or "x-gzip":
                source = new GZipStream(source, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
                source = new ZLibStream(source, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "br":
                source = new BrotliStream(source, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                return (Status.UnsupportedEncoding, default, $"Content-Encoding '{encoding}' is not supported; use gzip, deflate or br.");
        }

        try
        {
            var initial = request.ContentLength is { } known && string.IsNullOrEmpty(encoding) ? (int)Math.Min(known + 1, limit + 1L) : 16 * 1024;
            var buffer = new byte[Math.Max(initial, 256)];
            var used = 0;
            while (true)
            {
                if (used == buffer.Length)
                {
                    if (buffer.Length > limit)
                    {
                        return (Status.TooLarge, default, $"The body is over {limit} bytes{(encoding.Length > 0 ? " once decompressed" : "")}; at most {limit} are accepted.");
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
                    return (Status.TooLarge, default, $"The body is over {limit} bytes{(encoding.Length > 0 ? " once decompressed" : "")}; at most {limit} are accepted.");
                }
            }

            return (Status.Ok, buffer.AsMemory(0, used), "");
        }
        catch (InvalidDataException ex)
        {
            return (Status.BadEncoding, default, $"The body is not valid {encoding} data: {ex.Message}");
        }
        finally
        {
            if (!ReferenceEquals(source, request.Body))
            {
                await source.DisposeAsync();
            }
        }
    }
}
