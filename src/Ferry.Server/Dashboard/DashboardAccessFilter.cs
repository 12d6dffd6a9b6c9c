using Ferry.Server.Api;

namespace Ferry.Server.Dashboard;

/// <summary>
/// The dashboard's pages and files: signed in with the cookie, or a valid <c>x-ferry-key</c> header, or anonymous access
/// on. Otherwise a page redirects to the sign-in page and anything else answers 401.
/// </summary>
public sealed class DashboardAccessFilter(ApiKeys keys, DashboardSessions sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (keys.AllowAnonymous || sessions.IsSignedIn(request) || (request.Headers.ContainsKey(ApiKeys.Header) && keys.ValidKey(request) is not null))
        {
            return await next(context);
        }

        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<DashboardPage>() is not null)
        {
            return TypedResults.Redirect($"{request.PathBase}{DashboardApi.SignInPath}");
        }

        return TypedResults.Problem(
            title: "Unauthorized",
            detail: $"Sign in at {DashboardApi.SignInPath}, or send a valid key as the '{ApiKeys.Header}' header.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}

/// <summary>Marks a dashboard endpoint that answers HTML: signed out, it redirects to the sign-in page.</summary>
public sealed class DashboardPage;
