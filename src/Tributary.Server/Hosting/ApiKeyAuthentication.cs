using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tributary.Server.Hosting;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;key&gt;</c> on API calls when keys are configured: sending events needs a key
/// with Write, everything else a key with Read (or <see cref="ServerOptions.AllowAnonymousRead"/>). Keys are compared as
/// SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, and every key is checked, so timing
/// reveals neither a key's length nor which one nearly matched. The live stream also takes a <see cref="StreamTokens"/>
/// token as <c>?access_token=</c>, for browsers.
/// </summary>
internal sealed class ApiKeyAuthentication
{
    private readonly (byte[] Digest, bool Read, bool Write)[] _keys;
    private readonly bool _anonymousRead;

    private readonly StreamTokens _streamTokens;

    public ApiKeyAuthentication(IOptions<ServerOptions> options, StreamTokens streamTokens)
    {
        _streamTokens = streamTokens;
        var value = options.Value;
        _keys = [.. value.ApiKeys.Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key)), k.Read, k.Write))];
        _anonymousRead = value.AllowAnonymousRead;
    }

    public bool Enabled => _keys.Length > 0;

    /// <summary>The one path a stream token opens.</summary>
    public const string StreamPath = "/api/v1/stream";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Enabled || !RequiresKey(context.Request, out var write) || (!write && _anonymousRead))
        {
            await next(context);
            return;
        }

        // The live stream only, and only for reading: a browser's EventSource sends no header, so it brings a short-lived
        // token from GET /api/v1/stream/token (which needs a read key) in the query instead.
        if (!write && context.Request.Path.Equals(StreamPath, StringComparison.OrdinalIgnoreCase)
            && context.Request.Query["access_token"] is { Count: 1 } token && _streamTokens.IsValid(token[0]))
        {
            await next(context);
            return;
        }

        var (found, read, mayWrite) = Find(context.Request.Headers.Authorization.ToString());
        if (!found)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"tributary\"";
            await Problems.Write(context, StatusCodes.Status401Unauthorized, "Unauthenticated", "Send an API key as 'Authorization: Bearer <key>'.");
            return;
        }

        if (write ? !mayWrite : !read)
        {
            await Problems.Write(context, StatusCodes.Status403Forbidden, "Forbidden", write ? "This API key may not send events." : "This API key may not read lineage.");
            return;
        }

        await next(context);
    }

    private static bool RequiresKey(HttpRequest request, out bool write)
    {
        var path = request.Path;
        write = HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method);
        return path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
    }

    private (bool Found, bool Read, bool Write) Find(string header)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()), digest);
        (bool, bool, bool) match = default;
        foreach (var key in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, key.Digest))
            {
                match = (true, key.Read, key.Write);
            }
        }

        return match;
    }
}
