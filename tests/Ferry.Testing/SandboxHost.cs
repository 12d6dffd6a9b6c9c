using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Sandbox;
using Ferry.Sandbox.Auth0;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ferry.Testing;

/// <summary>
/// The sandbox (the Okta org and the Auth0 tenant) running in this process on real Kestrel, bound to 127.0.0.1 on a
/// free port. Settings use the sandbox's public configuration keys (<c>Sandbox:RateLimit:Window</c>, …);
/// pass a <c>FakeTimeProvider</c> to drive its clock. <see cref="StartWithAuth0HttpsAsync"/> adds the HTTPS listener
/// Auth0's SDK needs.
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

    /// <summary>The plain HTTP address, serving both APIs.</summary>
    public Uri BaseAddress { get; }

    public string ApiToken { get; }

    /// <summary><c>https://127.0.0.1:&lt;Sandbox:Auth0:HttpsPort&gt;</c>, or null when the HTTPS listener is off.</summary>
    public Uri? Auth0HttpsAddress
    {
        get
        {
            var options = Auth0Options;
            return options.HttpsPort > 0 ? new Uri($"https://127.0.0.1:{options.HttpsPort}") : null;
        }
    }

    /// <summary>The PEM file of the HTTPS listener's self-signed certificate (for <c>NODE_EXTRA_CA_CERTS</c>).</summary>
    public string? Auth0CertificatePath => Auth0Options.HttpsPort > 0 ? Auth0Options.CertificatePath : null;

    /// <summary>The running tenant's settings (the dev client id and secret unless configured).</summary>
    public Auth0Options Auth0Options => _app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Auth0;

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
        var address = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
        var token = app.Configuration["Sandbox:ApiToken"] ?? SandboxOptions.DevelopmentApiToken;
        return new SandboxHost(app, address, token);
    }

    /// <summary>
    /// Starts the sandbox with the Auth0 HTTPS listener on a free port of 127.0.0.1 (<c>Sandbox:Auth0:HttpsPort</c>) and
    /// its certificate written to a fresh temporary file (<c>Sandbox:Auth0:CertificatePath</c>), unless the settings
    /// name them.
    /// </summary>
    public static Task<SandboxHost> StartWithAuth0HttpsAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var withHttps = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        withHttps.TryAdd("Sandbox:Auth0:HttpsPort", FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        withHttps.TryAdd(
            "Sandbox:Auth0:CertificatePath",
            Path.Combine(Path.GetTempPath(), "ferry-tests", "certificates", $"auth0-{Guid.NewGuid():N}.pem"));
        return StartAsync(withHttps, time, cancellationToken);
    }

    /// <summary>
    /// A client for the Auth0 side on the plain HTTP address, holding a Management API token from
    /// <c>POST /oauth/token</c> (client credentials, audience <c>&lt;base&gt;/api/v2/</c>).
    /// </summary>
    public async Task<HttpClient> CreateAuth0ClientAsync(CancellationToken cancellationToken = default)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var options = Auth0Options;
        using var response = await client.PostAsJsonAsync(
            new Uri("/oauth/token", UriKind.Relative),
            new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = options.ClientId,
                ["client_secret"] = options.ClientSecret,
                ["audience"] = new Uri(BaseAddress, "/api/v2/").ToString(),
            },
            cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["access_token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<JsonObject> GetAuth0StatsAsync(CancellationToken cancellationToken = default)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        var text = await client.GetStringAsync(new Uri("/sandbox/auth0/stats", UriKind.Relative), cancellationToken);
        return JsonNode.Parse(text)!.AsObject();
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
