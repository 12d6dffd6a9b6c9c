using Microsoft.Playwright;

namespace Ferry.Dashboard.Tests;

/// <summary>
/// Azurite, the Okta sandbox (with some latency, so a job's rows phase lasts a few status polls) and Ferry.Server as a
/// process, plus the system's Chromium driven by Playwright (never Playwright's own browser download).
/// </summary>
public sealed class DashboardStack : IAsyncLifetime
{
    /// <summary>Chromium as the system installs it (scripts/test.sh installs it when missing); FERRY_CHROMIUM overrides.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("FERRY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The address of the TLS proxy Ferry trusts (<c>Ferry:ForwardedHeaders:KnownProxies</c>).</summary>
    public static System.Net.IPAddress Proxy { get; } = System.Net.IPAddress.Parse("127.0.0.2");

    public AzuriteHost Azurite { get; private set; } = null!;

    public SandboxHost Sandbox { get; private set; } = null!;

    public FerryServerHost Server { get; private set; } = null!;

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Azurite = await AzuriteHost.StartAsync();
        Sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:RateLimit:Multiplier"] = "10",
            ["Sandbox:Auth0:RateLimit:Limit"] = "50", // outcomes, not pace
            ["Sandbox:Auth0:RateLimit:Window"] = "00:00:01",
            ["Sandbox:Latency:Mean"] = "00:00:00.150",
        });
        var settings = FerryServerHost.SettingsFor(Azurite, Sandbox);
        // 127.0.0.2 plays a TLS proxy in front of Ferry (DashboardSessionTests); other clients connect from 127.0.0.1.
        settings["Ferry:ForwardedHeaders:KnownProxies"] = Proxy.ToString();
        // Sign-in's limit as shipped: the tests guessing keys do it through the proxy, as clients of their own.
        settings["Ferry:Api:MaxKeyFailures"] = null;
        Server = await FerryServerHost.StartAsync(settings, "ferry-dashboard");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
    }

    /// <summary>A fresh browser profile (no cookie) on the server.</summary>
    public Task<IBrowserContext> NewContextAsync() =>
        Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await Server.DisposeAsync();
        await Sandbox.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
