using System.Globalization;
using Ferry.Sandbox.Okta;

namespace Ferry.Sandbox.Auth0;

/// <summary>
/// What Auth0 does around every <c>/api/v2</c> call: the tenant's token bucket and its <c>x-ratelimit-*</c> headers
/// (on every response, 401s included), the bearer token, injected 500s (always before the call is applied), and
/// Auth0's JSON for routing's bodiless 404 and 405.
/// </summary>
public sealed class Auth0TrafficMiddleware(RequestDelegate next, Auth0RateLimiter rateLimiter, Auth0Tokens tokens, Auth0Traffic traffic)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/api/v2", StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        traffic.CountRequest();
        var decision = rateLimiter.TryAcquire();
        var headers = context.Response.Headers;
        headers["x-ratelimit-limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-reset"] = OktaTime.ToEpochSecondsCeiling(decision.ResetAt).ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(decision.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Auth0Error.TooManyRequests.WriteAsync(context.Response);
            return;
        }

        if (!IsAuthorized(context.Request))
        {
            traffic.CountUnauthorized();
            await Auth0Error.InvalidToken.WriteAsync(context.Response);
            return;
        }

        if (traffic.NextIsServerError())
        {
            await Auth0Error.ServerError.WriteAsync(context.Response);
            return;
        }

        await next(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            await Auth0Error.MethodNotAllowed.WriteAsync(context.Response);
        }
        else if (context.Response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
        {
            await Auth0Error.EndpointNotFound.WriteAsync(context.Response);
        }
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && tokens.IsValid(header[7..].Trim());
    }
}
