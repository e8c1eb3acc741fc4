namespace Tributary.Server.Api;

/// <summary>Marquez's <c>limit</c> (default 100) and <c>offset</c> (default 0) paging, and route-value decoding.</summary>
internal static class Paging
{
    public const int DefaultLimit = 100;

    public static IReadOnlyList<T> Page<T>(IEnumerable<T> items, int? limit, int? offset) =>
        [.. items.Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? DefaultLimit, 0, 10_000))];

    // ASP.NET Core decodes route values except %2F, which dataset names ("s3://bucket/path") need.
    public static string Name(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The name in path segment <paramref name="segment"/> (counting from the empty one before the first '/'), decoded
    /// from the request target exactly as the client encoded it: ASP.NET Core leaves %2F encoded in route values but
    /// decodes %25, so a name holding a literal "%2F" (sent as %252F) would otherwise read as one holding '/'. Falls
    /// back to <see cref="Name(string)"/> when the raw target is not there or does not match the route value.
    /// </summary>
    public static string Name(HttpContext context, string routeValue, int segment)
    {
        var raw = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            var query = raw.IndexOf('?', StringComparison.Ordinal);
            var parts = (query >= 0 ? raw[..query] : raw).Split('/');
            if (segment < parts.Length && ExceptSlash(parts[segment]) == routeValue)
            {
                return Uri.UnescapeDataString(parts[segment]);
            }
        }

        return Name(routeValue);
    }

    // How ASP.NET Core decodes a route value: everything but %2F.
    private static string ExceptSlash(string segment)
    {
        var pieces = segment.Split(["%2F", "%2f"], StringSplitOptions.None);
        for (var i = 0; i < pieces.Length; i++)
        {
            pieces[i] = Uri.UnescapeDataString(pieces[i]);
        }

        return string.Join("%2F", pieces);
    }
}
