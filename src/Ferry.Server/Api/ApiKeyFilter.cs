using Ferry.Management.Api;
using Ferry.Server.Dashboard;

namespace Ferry.Server.Api;

/// <summary>
/// Every management endpoint: 401 without a valid key (unless anonymous access is on for the demo). The key is never
/// logged. The dashboard's sign-in cookie counts as a key, with its anti-CSRF header on anything but GET (403 without).
/// </summary>
public sealed class ApiKeyFilter(ApiKeys keys, DashboardSessions sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (keys.ValidKey(http.Request) is { } key)
        {
            http.Items[ManagementPayload.PresentedKeyItem] = key;
            return await next(context);
        }

        if (sessions.IsSignedIn(http.Request))
        {
            // No PresentedKeyItem: the payload's URIs carry no code= for a cookie's request.
            return DashboardSessions.PassesCsrfCheck(http.Request)
                ? await next(context)
                : TypedResults.Problem(
                    title: "Forbidden",
                    detail: $"A request signed in with the dashboard's cookie must send the '{DashboardSessions.CsrfHeader}' header.",
                    statusCode: StatusCodes.Status403Forbidden);
        }

        if (keys.AllowAnonymous)
        {
            return await next(context);
        }

        return TypedResults.Problem(
            title: "Unauthorized",
            detail: $"A valid key is required, as the '{ApiKeys.Header}' header or the '{ApiKeys.Query}' query parameter.",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
