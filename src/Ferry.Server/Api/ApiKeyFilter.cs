using Ferry.Server.Dashboard;

namespace Ferry.Server.Api;

/// <summary>
/// Every management endpoint: a key from <c>Ferry:Api:Keys</c> as the <c>x-ferry-key</c> header, or the dashboard's
/// sign-in cookie (with its anti-CSRF header on anything but GET: 403 without). A key in the query string (<c>code=</c>)
/// is refused, but on the webhook when <c>Ferry:Api:AllowCodeOnWebhook</c> is on, and then only a webhook key. A
/// webhook key opens the webhook only (403 elsewhere). Wrong keys are counted per client (<see cref="KeyFailureLimiter"/>).
/// No key is logged or echoed.
/// </summary>
public sealed partial class ApiKeyFilter(ApiKeys keys, DashboardSessions sessions, KeyFailureLimiter limiter, ILogger<ApiKeyFilter> logger) : IEndpointFilter
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

        var webhook = http.GetEndpoint()?.Metadata.GetMetadata<WebhookEndpoint>() is not null;
        var fromQuery = http.Request.Query.ContainsKey(ApiKeys.Query);
        if (fromQuery && !(webhook && keys.AllowCodeOnWebhook))
        {
            // Refused unread: a URL's query string ends up in proxy and platform logs.
            return Unauthorized($"A key is not accepted in the query string ('{ApiKeys.Query}'): send it as the '{ApiKeys.Header}' header.");
        }

        var header = http.Request.Headers[ApiKeys.Header].FirstOrDefault() is { Length: > 0 } value ? value : null;
        var viaQuery = header is null && fromQuery;
        var presented = viaQuery ? http.Request.Query[ApiKeys.Query].FirstOrDefault() : header;
        if (presented is { Length: > 0 })
        {
            if (limiter.IsLimited(http, out var retryAfter))
            {
                return KeyFailureLimiter.TooManyWrongKeys(http, retryAfter);
            }

            // In the query string only a webhook key is good: a full key must never travel in a URL.
            var key = keys.Match(presented);
            if (key is null || (viaQuery && key.Scope != KeyScope.Webhook))
            {
                limiter.RecordFailure(http);
                LogWrongKey(logger, http.Connection.RemoteIpAddress?.ToString() ?? "", http.Request.Path);
                return Unauthorized();
            }

            if (key.Scope == KeyScope.Webhook && !webhook)
            {
                return TypedResults.Problem(
                    title: "Forbidden",
                    detail: $"A webhook key ({ApiKeySet.WebhookKeysName}) only delivers Event Grid events to /api/events/blob-created.",
                    statusCode: StatusCodes.Status403Forbidden);
            }

            return await next(context);
        }

        if (await sessions.SessionKeyAsync(http.Request, http.RequestAborted) is not null)
        {
            return DashboardSessions.PassesCsrfCheck(http.Request)
                ? await next(context)
                : TypedResults.Problem(
                    title: "Forbidden",
                    detail: $"A request signed in with the dashboard's cookie must send the '{DashboardSessions.CsrfHeader}' header.",
                    statusCode: StatusCodes.Status403Forbidden);
        }

        return Unauthorized();
    }

    private static IResult Unauthorized(string? detail = null) => TypedResults.Problem(
        title: "Unauthorized",
        detail: detail ?? $"A valid key is required, as the '{ApiKeys.Header}' header.",
        statusCode: StatusCodes.Status401Unauthorized);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Wrong key from {RemoteAddress} for {Path}")]
    private static partial void LogWrongKey(ILogger logger, string remoteAddress, PathString path);
}
