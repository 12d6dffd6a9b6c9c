using Ferry.Management.Api;

namespace Ferry.Server.Api;

/// <summary>Every management endpoint: 401 without a valid key (unless anonymous access is on for the demo). The key is never logged.</summary>
public sealed class ApiKeyFilter(ApiKeys keys) : IEndpointFilter
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
