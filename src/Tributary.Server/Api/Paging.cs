namespace Tributary.Server.Api;

/// <summary>Marquez's <c>limit</c> (default 100) and <c>offset</c> (default 0) paging, and route-value decoding.</summary>
internal static class Paging
{
    public const int DefaultLimit = 100;

    public static IReadOnlyList<T> Page<T>(IEnumerable<T> items, int? limit, int? offset) =>
        [.. items.Skip(Math.Max(0, offset ?? 0)).Take(Math.Clamp(limit ?? DefaultLimit, 0, 10_000))];

    // ASP.NET Core decodes route values except %2F, which dataset names ("s3://bucket/path") need.
    public static string Name(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
