using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Tributary.Server.Hosting;

/// <summary>
/// Answers 503 Service Unavailable (problem+json, <c>Retry-After</c>) when the store cannot be reached, for example
/// when PostgreSQL is down or restarting: nothing was acknowledged, so the producer's retry is safe and, once the
/// database is back, succeeds. Every other exception is left to the usual 500 handling.
/// </summary>
internal sealed class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception))
        {
            return false;
        }

        logger.LogWarning("The lineage store is unavailable: {Message}", exception.Message);
        httpContext.Response.Headers.RetryAfter = "1";
        await Problems.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Store unavailable", "The lineage store cannot be reached right now; nothing was stored by this request. Retry shortly.");
        return true;
    }

    /// <summary>True for failures of the connection to the store rather than of the request (a PostgreSQL error about the SQL itself is not one).</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException npgsql && (npgsql.IsTransient || npgsql is not PostgresException))
            {
                return true;
            }

            if (e is TimeoutException or System.Net.Sockets.SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
