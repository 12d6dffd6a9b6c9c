using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Ferry.Functions.Api;

/// <summary>
/// A minimal API result (what the shared handlers return) as the <see cref="IActionResult"/> an HTTP function returns
/// under the ASP.NET Core integration: the worker executes it on the request's own response.
/// </summary>
public sealed class ResultAction(IResult result) : IActionResult
{
    public IResult Result { get; } = result;

    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Result.ExecuteAsync(context.HttpContext);
    }
}
