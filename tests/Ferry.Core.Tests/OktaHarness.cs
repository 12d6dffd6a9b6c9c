using Ferry.Core.Okta;
using Ferry.Core.Pipeline;
using Ferry.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Core.Tests;

/// <summary>
/// The sandbox on loopback plus Ferry's real Okta client pipeline (AddOkta: retries, circuit breaker, budget,
/// per-attempt timeout) pointed at it. Settings use the public keys: <c>Sandbox:*</c> for the org, <c>Okta:*</c> and
/// <c>Ferry:Budget:*</c> for Ferry.
/// </summary>
internal sealed class OktaHarness : IAsyncDisposable
{
    private OktaHarness(SandboxHost sandbox, ServiceProvider services)
    {
        Sandbox = sandbox;
        Services = services;
    }

    public SandboxHost Sandbox { get; }

    public ServiceProvider Services { get; }

    public static async Task<OktaHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? sandbox = null,
        IReadOnlyDictionary<string, string?>? ferry = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? configure = null,
        TimeProvider? sandboxTime = null)
    {
        var host = await SandboxHost.StartAsync(sandbox, sandboxTime ?? time);
        var settings = new Dictionary<string, string?>
        {
            ["Okta:OrgUrl"] = host.BaseAddress.ToString(),
            ["Okta:ApiToken"] = host.ApiToken,
            ["Okta:RetryBaseDelay"] = "00:00:00.020",
            ["Okta:BreakDuration"] = "00:00:02",
            ["Ferry:Budget:Share"] = "1.0",
        };
        foreach (var (key, value) in ferry ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddOkta();
        services.AddSingleton<MigrationRunner>();
        configure?.Invoke(services);
        return new OktaHarness(host, services.BuildServiceProvider());
    }

    public OktaClient CreateClient(OktaCallMetrics? metrics = null) =>
        Services.GetRequiredService<OktaClientFactory>().Create(metrics ?? new OktaCallMetrics());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sandbox.DisposeAsync();
    }
}
