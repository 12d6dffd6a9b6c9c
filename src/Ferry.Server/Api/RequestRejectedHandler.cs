using Ferry.Management.Api;
using Microsoft.AspNetCore.Diagnostics;

namespace Ferry.Server.Api;

/// <summary>
/// A request Kestrel itself refused while it was read (a body over its limit: 413; a malformed one: 400) is answered
/// with that status as a problem document, not as a 500. Tried before <see cref="StorageUnavailableHandler"/>.
/// </summary>
public sealed class RequestRejectedHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException rejected)
        {
            return false;
        }

        var tooLarge = RequestBodies.IsTooLarge(rejected);
        httpContext.Response.StatusCode = rejected.StatusCode;
        httpContext.Response.Headers.Connection = "close";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Title = tooLarge ? ApiProblems.TooLargeTitle : "Bad request",
                Detail = tooLarge
                    ? $"The body is over {RequestBodies.MaxOtherBytes} bytes, this endpoint's limit."
                    : "The request could not be read.",
                Status = rejected.StatusCode,
            },
        });
    }
}
