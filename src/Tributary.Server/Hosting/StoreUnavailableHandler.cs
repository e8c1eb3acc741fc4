using Microsoft.AspNetCore.Diagnostics;
using Npgsql;
using Tributary.Storage;

namespace Tributary.Server.Hosting;

/// <summary>
/// Answers 503 Service Unavailable (problem+json, <c>Retry-After</c>) when the store cannot be reached, for example
/// when PostgreSQL is down or restarting: nothing was acknowledged, so the producer's retry is safe and, once the
/// database is back, succeeds. A full disk under the embedded store answers 507 Insufficient Storage and any other
/// failed write 503, both with <c>Retry-After</c>: the store is not left failed, so a retry once space returns succeeds.
/// Every other exception is left to the usual 500 handling.
/// </summary>
internal sealed class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Find<StoreWriteException>(exception) is { } write)
        {
            logger.LogError("Writing to the lineage store failed: {Message}", write.Message);
            httpContext.Response.Headers.RetryAfter = write.DiskFull ? "30" : "5";
            await Problems.Write(
                httpContext,
                write.DiskFull ? StatusCodes.Status507InsufficientStorage : StatusCodes.Status503ServiceUnavailable,
                write.DiskFull ? "Store disk full" : "Store write failed",
                (write.DiskFull ? "The disk the lineage store is on is full" : "The lineage store could not write to disk")
                + "; the events of this request that were not acknowledged were not stored, and sending it again is safe (those already stored count as duplicates). Retry later.");
            return true;
        }

        if (!IsUnavailable(exception))
        {
            return false;
        }

        logger.LogWarning("The lineage store is unavailable: {Message}", exception.Message);
        httpContext.Response.Headers.RetryAfter = "1";
        await Problems.Write(httpContext, StatusCodes.Status503ServiceUnavailable, "Store unavailable", "The lineage store cannot be reached right now; nothing was stored by this request. Retry shortly.");
        return true;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
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
