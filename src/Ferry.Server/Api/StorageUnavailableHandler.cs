using Azure;
using Microsoft.AspNetCore.Diagnostics;

namespace Ferry.Server.Api;

/// <summary>
/// While storage is unreachable (an outage, a node starting before Azurite), a request fails after its retries:
/// answer 503 with Retry-After (the caller tries again) rather than a bare 500. Other errors are 500 ProblemDetails
/// without internals.
/// </summary>
public sealed partial class StorageUnavailableHandler(IProblemDetailsService problems, ILogger<StorageUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var transient = exception is RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or TimeoutException or AggregateException { InnerException: RequestFailedException or HttpRequestException };
        httpContext.Response.StatusCode = transient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        if (transient)
        {
            httpContext.Response.Headers.RetryAfter = "2";
        }

        LogFailed(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Title = transient ? "Temporarily unavailable" : "Internal error",
                Detail = transient ? "Storage is not reachable right now. Retry shortly." : "The request failed; see the server log.",
                Status = httpContext.Response.StatusCode,
            },
        });
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path);
}
