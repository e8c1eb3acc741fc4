using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Tributary.Json;

namespace Tributary.Server.Hosting;

/// <summary>RFC 9457 problem details in one shape for every error the API answers.</summary>
internal static class Problems
{
    /// <summary>A problem answer; <paramref name="unlisted"/> counts errors the caller already left out of <paramref name="errors"/>.</summary>
    public static ProblemHttpResult Of(int status, string title, string detail, IReadOnlyList<LineageError>? errors = null, int unlisted = 0)
    {
        var extensions = new Dictionary<string, object?>();
        if (errors is { Count: > 0 })
        {
            // However many problems an input has, the answer lists a bounded number of them and says how many it left out.
            extensions["errors"] = errors.Take(ErrorBudget.MaxErrors).Select(ErrorBudget.Problem).ToArray();
            if (errors.Count + unlisted > ErrorBudget.MaxErrors)
            {
                extensions["errorsOmitted"] = errors.Count + unlisted - Math.Min(errors.Count, ErrorBudget.MaxErrors);
            }
        }

        return TypedResults.Problem(ErrorBudget.Truncate(detail), statusCode: status, title: title, extensions: extensions);
    }

    public static ProblemHttpResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static ProblemHttpResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult InvalidEvent(IReadOnlyList<LineageError> errors) => Of(
        StatusCodes.Status400BadRequest,
        "Invalid OpenLineage event",
        errors.Count == 0 ? "The event is not valid." : errors.Count == 1 ? ErrorBudget.Text(errors[0]) : $"{errors.Count} problems, the first at {ErrorBudget.Text(errors[0])}",
        errors);

    // For middleware that runs outside endpoint results.
    public static async Task Write(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("type", $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}.{status % 100 + 1}");
        json.WriteString("title", title);
        json.WriteNumber("status", status);
        json.WriteString("detail", detail);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
