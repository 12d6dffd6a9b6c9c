using Microsoft.Playwright;

namespace Ferry.Dashboard.Tests;

/// <summary>
/// Screenshots of the dashboard's pages: into docs/images (referenced by docs/dashboard.md) when
/// FERRY_DASHBOARD_SCREENSHOTS=1, otherwise into a temporary folder, so a test run leaves the repository as it was.
/// </summary>
public static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Environment.GetEnvironmentVariable("FERRY_DASHBOARD_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryPaths.Root, "docs", "images")
            : Path.Combine(Path.GetTempPath(), "ferry-tests", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, path);
    }
}
