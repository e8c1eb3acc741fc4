using System.Collections.Frozen;
using System.Reflection;
using Microsoft.Net.Http.Headers;

namespace Tributary.Server.Api;

/// <summary>
/// Serves the web UI from resources embedded in this assembly (the pages in wwwroot and the npm graph libraries
/// copied in at build time), so it works the same under <c>tributary serve</c>, in tests and when published.
/// </summary>
internal static class UiApi
{
    private const string Prefix = "ui/";

    private static readonly Assembly Assembly = typeof(UiApi).Assembly;

    private static readonly FrozenSet<string> Files = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]).ToFrozenSet(StringComparer.Ordinal);

    private static readonly string ETag = "\"" + Assembly.ManifestModule.ModuleVersionId.ToString("N") + "\"";

    // The UI only talks to its own origin; names are data, never markup, and this policy keeps it that way.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription();
        app.MapGet("/ui/{**path}", (HttpContext context, string path) => Serve(context, path)).ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext context, string path)
    {
        if (!Files.Contains(path))
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.ETag = ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.Headers.IfNoneMatch.Contains(ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var stream = Assembly.GetManifestResourceStream(Prefix + path)!;
        return TypedResults.Stream(stream, ContentType(path));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => MediaTypeHeaderValue.Parse("application/octet-stream").ToString(),
    };
}
