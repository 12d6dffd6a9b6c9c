using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ferry.Dashboard.Tests;

/// <summary>
/// A job's page on an org where other apps use half of every bucket (the sandbox's BackgroundShare; 2-s windows so the
/// budget has watched a window within seconds): its rate-limit block says by how much they squeeze Ferry's share.
/// </summary>
public sealed class DashboardBudgetTests : IAsyncLifetime
{
    private AzuriteHost _azurite = null!;
    private SandboxHost _sandbox = null!;
    private FerryServerHost _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteHost.StartAsync();
        _sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:RateLimit:Window"] = "00:00:02",
            ["Sandbox:RateLimit:Limits:users"] = "100",
            ["Sandbox:RateLimit:BackgroundShare"] = "0.5",
            ["Sandbox:Latency:Mean"] = "00:00:00.020",
        });
        var settings = FerryServerHost.SettingsFor(_azurite, _sandbox);
        settings["Ferry:Budget:Window"] = "00:00:02";
        _server = await FerryServerHost.StartAsync(settings, "ferry-dashboard-budget");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = DashboardStack.ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    [Fact]
    public async Task JobPage_OtherAppsOnHalfTheBucket_TheRateLimitBlockSaysTheySqueezeFerrysShare()
    {
        using var client = _server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("squeeze"), 400), "activation=none", "squeezed.csv"))["id"]!.ToString();
        await using var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/signin");
        await page.FillAsync("#key", FerryServerHost.ApiKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/dashboard");

        await page.GotoAsync($"/dashboard/jobs/{id}");

        // Share 100 % of 100 a window; the other apps use 50 of it: Ferry's share is squeezed by about 51.
        var facts = page.Locator(".bucket[data-bucket=users] .facts");
        await Expect(facts).ToContainTextAsync("squeezed by", new() { Timeout = 90_000 });
        await Expect(facts).ToContainTextAsync("other apps used");
        var text = await facts.InnerTextAsync();
        var squeezed = int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"squeezed by (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(squeezed, 40, 60);
        await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(2));
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _server.DisposeAsync();
        await _sandbox.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
