using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ferry.Dashboard.Tests;

/// <summary>The dashboard in a real browser (system Chromium) against a real Ferry.Server running real jobs on the sandbox.</summary>
[Collection("dashboard")]
public sealed class DashboardBrowserTests(DashboardStack stack)
{
    private static readonly LocatorAssertionsToContainTextOptions LongWait = new() { Timeout = 180_000 };

    [Fact]
    public async Task SignIn_WrongKeyIsRefused_TheKeyShowsTheJobsList()
    {
        using var client = stack.Server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("list"), 20), name: "listed.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id);
        await using var context = await stack.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/dashboard");
        Assert.EndsWith("/dashboard/signin", page.Url, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "dashboard-signin.png");
        await page.FillAsync("#key", "not-the-key");
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"), "**/dashboard/signin");
        Assert.Equal(401, refused.Status);
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("not valid");
        Assert.Empty(await context.CookiesAsync());

        await page.FillAsync("#key", FerryServerHost.ApiKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/dashboard");
        var cookie = Assert.Single(await context.CookiesAsync());
        Assert.Equal("ferry-dashboard", cookie.Name);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(FerryServerHost.ApiKey, cookie.Value, StringComparison.Ordinal);

        var row = page.Locator("#jobs tbody tr", new PageLocatorOptions { HasText = id });
        await Expect(row).ToContainTextAsync("Completed");
        await Expect(row).ToContainTextAsync("okta");
        await Expect(row).ToContainTextAsync("20 / 20");
        await Expect(row).ToContainTextAsync("100 %");
        Assert.DoesNotContain(FerryServerHost.ApiKey, await page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "dashboard-jobs.png");

        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/dashboard/jobs/{id}");
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Completed");

        await page.ClickAsync("#signout");
        await page.WaitForURLAsync("**/dashboard/signin");
        await page.GotoAsync("/dashboard");
        Assert.EndsWith("/dashboard/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobPage_ApprovedAfterConfirmation_ProgressReaches100WithChartsOutcomesFailedRowsAndDownloads()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("dash");
        var csv = new StringBuilder(Jobs.Csv(prefix, 600));
        csv.Append("not-an-email,Bad,One,\n");
        csv.Append("also-not-an-email,Bad,Two,\n");
        csv.Append(",Bad,Three,\n");
        var id = (await Jobs.StartCsvAsync(client, csv.ToString(), "requireApproval=true", "approve-me.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, s => (string?)s["customStatus"]!["phase"] == "awaiting-approval");
        await using var context = await stack.NewContextAsync();
        var page = await SignInAsync(context);
        await page.GotoAsync($"/dashboard/jobs/{id}");
        var approve = page.Locator("button[data-action=approve]");
        await Expect(approve).ToBeVisibleAsync();

        // Cancelled at the confirmation: nothing is sent, the job still waits.
        var dialogs = new List<string>();
        async void Dismiss(object? sender, IDialog dialog)
        {
            dialogs.Add(dialog.Message);
            await dialog.DismissAsync();
        }

        page.Dialog += Dismiss;
        await approve.ClickAsync();
        await Expect(page.Locator("#action-result")).ToContainTextAsync("Cancelled");
        page.Dialog -= Dismiss;
        Assert.Equal("awaiting-approval", (string?)(await Jobs.StatusAsync(client, id)).Body!["customStatus"]!["phase"]);

        async void Accept(object? sender, IDialog dialog)
        {
            dialogs.Add(dialog.Message);
            await dialog.AcceptAsync();
        }

        page.Dialog += Accept;
        await approve.ClickAsync();
        await Expect(page.Locator("#action-result")).ToContainTextAsync("accepted");
        Assert.Equal(2, dialogs.Count);
        Assert.All(dialogs, d => Assert.Contains("Approve this job", d, StringComparison.Ordinal));

        await Expect(page.Locator("#progress-text")).ToContainTextAsync("100 %", LongWait);
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Completed", LongWait);
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("603 of 603 rows");
        Assert.Equal("100", await page.Locator(".progress[role=progressbar]").GetAttributeAsync("aria-valuenow"));
        await Expect(approve).ToBeHiddenAsync();

        // Charts drawn from the polls made while the rows went through.
        Assert.True(await page.Locator("#rate-chart circle.point").CountAsync() > 0);
        Assert.True(await page.Locator("#rate-chart polyline").CountAsync() > 0);
        var users = page.Locator(".bucket[data-bucket=users]");
        await Expect(users.Locator(".facts")).ToContainTextAsync("Ferry's share");
        Assert.True(await users.Locator(".budget-chart circle.point").CountAsync() > 0);
        Assert.True(await users.Locator(".throttle-chart circle.point").CountAsync() > 0);

        // Outcomes from summary.json, failed rows from failed.csv: the three invalid rows with their reasons.
        await Expect(page.Locator("#failed-rows[data-loaded=true]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#outcomes-actions tbody")).ToContainTextAsync("created");
        await Expect(page.Locator("#outcomes-actions tbody tr", new() { HasText = "created" })).ToContainTextAsync("600");
        await Expect(page.Locator("#outcomes-errors tbody")).ToContainTextAsync("invalid-row");
        var failed = page.Locator("#failed-rows tbody tr");
        await Expect(failed).ToHaveCountAsync(3);
        await Expect(page.Locator("#failed-state")).ToContainTextAsync("3 row(s) need attention");
        var failedText = await page.Locator("#failed-rows tbody").InnerTextAsync();
        Assert.Contains("not-an-email", failedText, StringComparison.Ordinal);
        Assert.Contains("invalid-row", failedText, StringComparison.Ordinal);
        Assert.NotEmpty((await failed.First.Locator("td").Nth(6).InnerTextAsync()).Trim());
        await Screenshots.TakeAsync(page, "dashboard-job.png");

        // The links download the reports through Ferry, with the cookie.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.report[href$='failed.csv']"));
        var file = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("line,row,login,email,action,errorCode,errorSummary", file, StringComparison.Ordinal);
        Assert.Contains("not-an-email", file, StringComparison.Ordinal);
        foreach (var (name, expected) in new[] { ("results.csv", "row,line,login"), ("summary.json", "\"rowsTotal\"") })
        {
            var href = await page.Locator($"a.report[href$='{name}']").GetAttributeAsync("href");
            var response = await context.APIRequest.GetAsync(href!);
            Assert.Equal(200, response.Status);
            Assert.Contains(expected, await response.TextAsync(), StringComparison.Ordinal);
            Assert.DoesNotContain("sig=", href!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task JobPage_TerminateAfterConfirmation_TerminatesTheWaitingJob()
    {
        using var client = stack.Server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("stop"), 30), "requireApproval=true", "terminate-me.csv"))["id"]!.ToString();
        await Jobs.WaitAsync(client, id, s => (string?)s["customStatus"]!["phase"] == "awaiting-approval");
        await using var context = await stack.NewContextAsync();
        var page = await SignInAsync(context);
        await page.GotoAsync($"/dashboard/jobs/{id}");
        var terminate = page.Locator("button[data-action=terminate]");
        await Expect(terminate).ToBeVisibleAsync();
        await Expect(page.Locator("button[data-action=approve]")).ToBeVisibleAsync();
        string? message = null;
        page.Dialog += async (_, dialog) =>
        {
            message = dialog.Message;
            await dialog.AcceptAsync();
        };

        await terminate.ClickAsync();

        await Expect(page.Locator("#job-status")).ToContainTextAsync("Terminated", LongWait);
        Assert.Contains("Terminate this job?", message, StringComparison.Ordinal);
        await Expect(page.Locator("#job-reason")).ToContainTextAsync("Terminated from the dashboard");
        await Expect(terminate).ToBeHiddenAsync();
        var status = (await Jobs.StatusAsync(client, id)).Body!;
        Assert.Equal("Terminated", (string?)status["runtimeStatus"]);
        Assert.Equal("terminated", (string?)status["output"]!["summary"]!["outcome"]);
    }

    [Fact]
    public async Task JobPage_SuspendAndResumeAfterConfirmation_ThenRerunFailedOpensTheNewJob()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("pause");
        var csv = new StringBuilder(Jobs.Csv(prefix, 1500));
        csv.Append(CultureInfo.InvariantCulture, $"{prefix}-x1@example.com,No,Group,missing-{prefix}\n");
        csv.Append(CultureInfo.InvariantCulture, $"{prefix}-x2@example.com,No,Group,missing-{prefix}\n");
        var id = (await Jobs.StartCsvAsync(client, csv.ToString(), "createMissingGroups=false", "pause-me.csv"))["id"]!.ToString();
        await using var context = await stack.NewContextAsync();
        var page = await SignInAsync(context);
        var messages = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            messages.Add(dialog.Message);
            await dialog.AcceptAsync();
        };

        await page.GotoAsync($"/dashboard/jobs/{id}");
        await Jobs.WaitAsync(client, id, s => (int?)s["customStatus"]?["rowsDone"] > 0);
        var suspend = page.Locator("button[data-action=suspend]");
        await Expect(suspend).ToBeVisibleAsync();
        await suspend.ClickAsync();
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Suspended", LongWait);
        Assert.Equal("Suspended", (string?)(await Jobs.StatusAsync(client, id)).Body!["runtimeStatus"]);
        var resume = page.Locator("button[data-action=resume]");
        await Expect(resume).ToBeVisibleAsync();
        await Expect(suspend).ToBeHiddenAsync();
        await Screenshots.TakeAsync(page, "dashboard-suspended.png");

        // Suspended means no row moves: what is done stays done until Resume.
        var held = (int?)(await Jobs.StatusAsync(client, id)).Body!["customStatus"]!["rowsDone"];
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System, TestContext.Current.CancellationToken);
        var still = (await Jobs.StatusAsync(client, id)).Body!;
        Assert.Equal("Suspended", (string?)still["runtimeStatus"]);
        Assert.True((int?)still["customStatus"]!["rowsDone"] < 1502, "the job went on while suspended");

        await resume.ClickAsync();
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Completed", LongWait);
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("1502 of 1502 rows");
        Assert.True(held < 1502, "suspended before the end");
        Assert.Equal(["Suspend this job after the batches in progress?", "Resume this job?"], messages);

        // Two rows failed (their group does not exist): rerun them, and the page follows to the new job.
        var rerun = page.Locator("button[data-action=rerun-failed]");
        await Expect(rerun).ToBeVisibleAsync();
        await rerun.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/dashboard/jobs/", StringComparison.Ordinal) && !url.EndsWith(id, StringComparison.Ordinal), new() { Timeout = 30_000 });
        var rerunId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Completed", LongWait);
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("2 of 2 rows");
        Assert.Equal(id, (string?)(await Jobs.StatusAsync(client, rerunId)).Body!["input"]!["rerunOf"]);
        Assert.Equal("Start a new job over the rows of this job that are not done (failed, or never attempted)?", messages[^1]);
    }

    [Fact]
    public async Task JobPage_OfAnAuth0Job_ShowsItsTargetProgressOutcomesAndDuplicates()
    {
        using var client = stack.Server.CreateClient();
        var prefix = Jobs.Unique("a0dash");
        var first = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 2), "target=auth0", "auth0-first.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, first);
        var id = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(prefix, 40), "target=auth0", "auth0-users.csv"))["id"]!.ToString();
        await using var context = await stack.NewContextAsync();
        var page = await SignInAsync(context);

        await page.GotoAsync($"/dashboard/jobs/{id}");
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Completed", LongWait);
        await Expect(page.Locator("#job-target")).ToContainTextAsync("auth0");
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("40 of 40 rows");
        await Expect(page.Locator("#outcomes-actions tbody tr", new() { HasText = "created" })).ToContainTextAsync("38");
        await Expect(page.Locator("#failed-rows[data-loaded=true]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#failed-rows tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#failed-rows tbody")).ToContainTextAsync("DUPLICATED_USER");
        await Expect(page.Locator("button[data-action=rerun-failed]")).ToBeHiddenAsync(); // the API refuses reruns of Auth0 jobs
        await Screenshots.TakeAsync(page, "dashboard-auth0-job.png");

        await page.GotoAsync("/dashboard");
        var row = page.Locator("#jobs tbody tr", new PageLocatorOptions { HasText = id });
        await Expect(row).ToContainTextAsync("auth0");
        await Expect(row).ToContainTextAsync("40 / 40");
    }

    [Fact]
    public async Task JobPage_UndoAfterConfirmation_OpensTheUndoJob_WhichWaitsForApproval_AndHasNoUndoOfItsOwn()
    {
        using var client = stack.Server.CreateClient();
        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("undo"), 5), name: "undo-me.csv"))["id"]!.ToString();
        await Jobs.WaitFinishedAsync(client, id);
        await using var context = await stack.NewContextAsync();
        var page = await SignInAsync(context);
        await page.GotoAsync($"/dashboard/jobs/{id}");
        var undo = page.Locator("button[data-action=undo]");
        await Expect(undo).ToBeVisibleAsync();
        string? message = null;
        page.Dialog += async (_, dialog) =>
        {
            message = dialog.Message;
            await dialog.AcceptAsync();
        };

        await undo.ClickAsync();

        await page.WaitForURLAsync($"**/dashboard/jobs/{id}-undo1");
        Assert.Contains("Undo this job?", message, StringComparison.Ordinal);
        await Expect(page.Locator("#job-phase")).ToContainTextAsync("awaiting-approval", LongWait);
        await Expect(page.Locator("button[data-action=approve]")).ToBeVisibleAsync();
        await Expect(page.Locator("#outcomes-actions tbody")).ToContainTextAsync("would-delete", LongWait);
        await Expect(page.Locator("button[data-action=undo]")).ToBeHiddenAsync();
        await page.ClickAsync("button[data-action=approve]");
        await Expect(page.Locator("#job-status")).ToContainTextAsync("Completed", LongWait);
        await Expect(page.Locator("#outcomes-actions tbody")).ToContainTextAsync("deleted", LongWait);
        await Expect(page.Locator("button[data-action=undo]")).ToBeHiddenAsync();
    }

    private async Task<IPage> SignInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dashboard/signin");
        await page.FillAsync("#key", FerryServerHost.ApiKey);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/dashboard");
        return page;
    }
}
