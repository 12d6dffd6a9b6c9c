using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Ferry.Functions.Api;

/// <summary>
/// The HTTP functions take their function key as the <c>x-functions-key</c> header only. Azure's host would accept it
/// as <c>code=</c> too, but a URL's query string ends up in proxy and platform logs: a request with <c>code=</c> is
/// answered 401 before it runs, so a script learns at its first call rather than leaking the key for months. (The
/// inbox's Event Grid delivery is the host's blob extension webhook, with its own system key, not an HTTP function.)
/// </summary>
public sealed class QueryKeyMiddleware : IFunctionsWorkerMiddleware
{
    public const string Header = "x-functions-key";
    public const string Query = "code";

    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is { } http && Refusal(http.Request) is { } refusal)
        {
            // The ASP.NET Core integration executes an invocation's IActionResult on the response.
            context.GetInvocationResult().Value = refusal;
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>The 401 for a request that carries <c>code=</c> (its value unread); null for any other.</summary>
    public static IActionResult? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.ContainsKey(Query)
            ? new ResultAction(TypedResults.Problem(
                title: "Unauthorized",
                detail: $"A key is not accepted in the query string ('{Query}'): send the function key as the '{Header}' header.",
                statusCode: StatusCodes.Status401Unauthorized))
            : null;
    }
}
