using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ferry.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Testing;

/// <summary>
/// The Okta sandbox running in this process on real Kestrel, bound to 127.0.0.1 on a free port.
/// Settings use the sandbox's public configuration keys (<c>Sandbox:RateLimit:Window</c>, …);
/// pass a <c>FakeTimeProvider</c> to drive its clock.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxHost(WebApplication app, Uri baseAddress, string apiToken)
    {
        _app = app;
        BaseAddress = baseAddress;
        ApiToken = apiToken;
    }

    public Uri BaseAddress { get; }

    public string ApiToken { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SandboxHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = typeof(SandboxOptions).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.AddSandbox();
        var app = builder.Build();
        app.MapSandbox();
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.First());
        var token = app.Configuration["Sandbox:ApiToken"] ?? SandboxOptions.DevelopmentApiToken;
        return new SandboxHost(app, address, token);
    }

    /// <summary>A client that authenticates as Okta expects: <c>Authorization: SSWS &lt;token&gt;</c>.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("SSWS", token ?? ApiToken);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>
    /// Changes the running sandbox's injected faults from the next request on, as <c>Sandbox:Faults:*</c> would have set
    /// them (e.g. <c>ServerErrorRate = 1</c>: Okta hard-down until it is set back).
    /// </summary>
    public void SetFaults(Action<FaultOptions> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        change(_app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Faults);
    }

    public async Task<JsonObject> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var text = await client.GetStringAsync(new Uri("/sandbox/stats", UriKind.Relative), cancellationToken);
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
