using Ferry.Server.Api;

namespace Ferry.Server.Dashboard;

/// <summary>
/// The dashboard's pages and files: signed in with the cookie, or a key of <c>Ferry:Api:Keys</c> as the
/// <c>x-ferry-key</c> header (counted and limited when wrong, as on the API), or anonymous access on. Otherwise a page
/// redirects to the sign-in page and anything else answers 401.
/// </summary>
public sealed class DashboardAccessFilter(ApiKeys keys, DashboardSessions sessions, KeyFailureLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (keys.AllowAnonymous)
        {
            return await next(context);
        }

        if (http.Request.Headers[ApiKeys.Header].FirstOrDefault() is { Length: > 0 } presented)
        {
            if (limiter.IsLimited(http, out var retryAfter))
            {
                return KeyFailureLimiter.TooManyWrongKeys(http, retryAfter);
            }

            switch (keys.Match(presented))
            {
                case { Scope: KeyScope.Api }:
                    return await next(context);
                case { Scope: KeyScope.Webhook }:
                    return TypedResults.Problem(
                        title: "Forbidden",
                        detail: $"A webhook key ({ApiKeySet.WebhookKeysName}) does not open the dashboard.",
                        statusCode: StatusCodes.Status403Forbidden);
                default:
                    limiter.RecordFailure(http);
                    break;
            }
        }
        else if (await sessions.SessionKeyAsync(http.Request, http.RequestAborted) is not null)
        {
            return await next(context);
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<DashboardPage>() is not null)
        {
            return TypedResults.Redirect($"{http.Request.PathBase}{DashboardApi.SignInPath}");
        }

        return TypedResults.Problem(
            title: "Unauthorized",
            detail: $"Sign in at {DashboardApi.SignInPath}, or send a valid key as the '{ApiKeys.Header}' header.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}

/// <summary>Marks a dashboard endpoint that answers HTML: signed out, it redirects to the sign-in page.</summary>
public sealed class DashboardPage;
