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
            ["Sandbox:Latency:Mean"] = "00:00:00.150",
        });
        Server = await FerryServerHost.StartAsync(FerryServerHost.SettingsFor(Azurite, Sandbox), "ferry-dashboard");
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
