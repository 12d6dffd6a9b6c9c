using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ferry.Testing;

/// <summary>
/// A bare HTTP server on real Kestrel, bound to 127.0.0.1 on a free port, that answers every request with a handler
/// and records what it received (method, path and query, headers, body). For the outbound rules: an "org" or "tenant"
/// that answers a redirect or a hostile paging link, and a second server that proves nothing reached it.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>The key of <c>HttpContext.Items</c> under which a handler finds its server (and so what it recorded).</summary>
    public const string Key = "Ferry.Testing.LoopbackServer";

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    /// <summary>What the server received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server answering with <paramref name="handler"/> (by default: 200 with an empty JSON object).</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task>? handler = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app);
        handler ??= context =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{}");
        };
        app.Run(async context =>
        {
            using var body = new StreamReader(context.Request.Body);
            server._requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                $"{context.Request.Path}{context.Request.QueryString}",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await body.ReadToEndAsync(context.RequestAborted)));
            context.Items[Key] = server;
            await handler(context);
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>A handler that answers <paramref name="status"/> (a 3xx) with <c>Location</c> = <paramref name="target"/> + the request's path and query.</summary>
    public static Func<HttpContext, Task> Redirect(int status, Uri target) => context =>
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = new Uri(target, $"{context.Request.Path}{context.Request.QueryString}").ToString();
        return Task.CompletedTask;
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A request a <see cref="LoopbackServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
