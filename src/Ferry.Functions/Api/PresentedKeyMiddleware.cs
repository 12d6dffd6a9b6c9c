using Ferry.Management.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Ferry.Functions.Api;

/// <summary>
/// Leaves the function key a request presented (<c>x-functions-key</c> or <c>code=</c>) where the management payload
/// looks for it, so the URIs a start answers with carry it as <c>code=</c> — as Durable Functions' own payloads do.
/// Azure has checked the key before the call gets here.
/// </summary>
public sealed class PresentedKeyMiddleware : IFunctionsWorkerMiddleware
{
    public const string Header = "x-functions-key";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http)
        {
            Remember(http);
        }

        return next(context);
    }

    /// <summary>The key from the <c>x-functions-key</c> header, else from <c>code=</c>; nothing when neither is there.</summary>
    public static void Remember(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if ((http.Request.Headers[Header].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault()) is { Length: > 0 } key)
        {
            http.Items[ManagementPayload.PresentedKeyItem] = key;
        }
    }
}
