using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Ferry.Functions.Tests;

/// <summary>An HTTP function's request as the ASP.NET Core integration hands it over, and its answer as the worker writes it.</summary>
internal static class FunctionCalls
{
    public const string Key = "function-key-for-tests";

    public static HttpRequest Request(IServiceProvider services, string method, string path, string query = "", string? body = null, string contentType = "text/csv")
    {
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("ferry-app.azurewebsites.net");
        http.Request.Path = path;
        http.Request.QueryString = new QueryString(query);
        http.Request.Headers["x-functions-key"] = Key;
        if (body is not null)
        {
            http.Request.ContentType = contentType;
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        http.Response.Body = new MemoryStream();
        return http.Request;
    }

    public static async Task<Answer> AnswerAsync(HttpRequest request, IActionResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var http = request.HttpContext;
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync();
        return new Answer(http.Response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), http.Response.Headers);
    }
}

internal sealed record Answer(int Status, JsonNode? Body, IHeaderDictionary Headers);
