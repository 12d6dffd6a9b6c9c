using System.Text;
using Ferry.Core.Jobs;
using Ferry.Core.Outcomes;

namespace Ferry.Core.Tests.Pipeline;

/// <summary>The other job kinds: reactivate, assign-groups, update-profiles.</summary>
public sealed class OtherKindsTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reactivate_ReactivatesProvisioned_SkipsOthersWithTheirStatus(bool sendEmail)
    {
        await using var harness = await OktaHarness.StartAsync();
        await SeedAsync(harness, "prov@example.com", "?activate=true");
        await SeedAsync(harness, "staged@example.com", "?activate=false");
        await SeedAsync(harness, "active@example.com", "?activate=true", ""","credentials":{"password":{"value":"Xyzzy12345"}}""");
        var emailsBefore = (int)(await harness.Sandbox.GetStatsAsync())["emailsSent"]!;
        const string csv = "Login,Department\nprov@example.com,Ops\nstaged@example.com,Ops\nactive@example.com,Ops\nnobody@example.com,Ops\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Kind = JobKind.Reactivate, SendEmail = sendEmail });

        Assert.Equal([RowAction.Reactivated, RowAction.Skipped, RowAction.Skipped, RowAction.Failed], run.Results.Select(r => r["action"]));
        Assert.Equal(["PROVISIONED", "STAGED", "ACTIVE", ""], run.Results.Select(r => r["status"]));
        Assert.Equal(RowErrorCodes.UserNotFound, run.Results[3]["errorCode"]);
        Assert.Equal(emailsBefore + (sendEmail ? 1 : 0), (int)(await harness.Sandbox.GetStatsAsync())["emailsSent"]!);
    }

    [Fact]
    public async Task AssignGroups_AddsExistingUsersToNamedAndIdentifiedGroups()
    {
        await using var harness = await OktaHarness.StartAsync();
        await SeedAsync(harness, "ann@example.com", "?activate=false");
        await SeedAsync(harness, "bob@example.com", "?activate=false");
        var audit = (await harness.CreateClient().CreateGroupAsync("Audit", CancellationToken.None)).Value!.Id;
        var csv = $"username,groups,groupIds\nann@example.com,Sales|Support,{audit}\nbob@example.com,Sales,\nghost@example.com,Sales,\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Kind = JobKind.AssignGroups });

        Assert.Equal([RowAction.Assigned, RowAction.Assigned, RowAction.Failed], run.Results.Select(r => r["action"]));
        Assert.Equal(["Sales", "Support", "Audit"], await PipelineRun.GroupNamesOfAsync(harness, "ann@example.com"));
        Assert.Equal(["Sales"], await PipelineRun.GroupNamesOfAsync(harness, "bob@example.com"));
        Assert.Equal(2, (int)(await harness.Sandbox.GetStatsAsync())["users"]!);
    }

    [Fact]
    public async Task UpdateProfiles_UpdatesDefaultAndCustomAttributes_LeavesEmptyCellsAlone()
    {
        await using var harness = await OktaHarness.StartAsync(new Dictionary<string, string?> { ["Sandbox:Profile:CustomAttributes:0"] = "badgeNumber" });
        await SeedAsync(harness, "ann@example.com", "?activate=false", ""","credentials":{"password":{"value":"Xyzzy12345"}}""", mobile: "555-0100");
        const string csv = "login,department,profile.badgeNumber,mobilePhone\nann@example.com,Finance,B-17,\nghost@example.com,Finance,B-18,\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Kind = JobKind.UpdateProfiles });

        var ann = await PipelineRun.UserAsync(harness, "ann@example.com");
        Assert.Equal([RowAction.Updated, RowAction.Failed], run.Results.Select(r => r["action"]));
        Assert.Equal("Finance", (string?)ann["profile"]!["department"]);
        Assert.Equal("B-17", (string?)ann["profile"]!["badgeNumber"]);
        Assert.Equal("555-0100", (string?)ann["profile"]!["mobilePhone"]);
        Assert.Equal("User", (string?)ann["profile"]!["lastName"]);
    }

    [Fact]
    public async Task UpdateProfiles_UnknownCustomAttribute_FailsTheRowWithOktasError()
    {
        await using var harness = await OktaHarness.StartAsync();
        await SeedAsync(harness, "ann@example.com", "?activate=false");
        const string csv = "login,profile.shoeSize\nann@example.com,44\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Kind = JobKind.UpdateProfiles });

        var row = run.Results.Single();
        Assert.Equal(RowAction.Failed, row["action"]);
        Assert.Equal("E0000001", row["errorCode"]);
        Assert.Contains("shoeSize", row["errorSummary"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobKind.Reactivate, RowAction.WouldReactivate)]
    [InlineData(JobKind.AssignGroups, RowAction.WouldAssign)]
    [InlineData(JobKind.UpdateProfiles, RowAction.WouldUpdate)]
    public async Task DryRun_OfEveryKind_ChangesNothing(JobKind kind, string action)
    {
        await using var harness = await OktaHarness.StartAsync();
        await SeedAsync(harness, "ann@example.com", "?activate=true");
        const string csv = "login,department,groups\nann@example.com,Finance,Sales\n";

        var run = await PipelineRun.RunAsync(harness, csv, new JobOptions { Kind = kind, DryRun = true });

        Assert.Equal(action, run.Results.Single()["action"]);
        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(1, (int)stats["groups"]!);
        Assert.Null((await PipelineRun.UserAsync(harness, "ann@example.com"))["profile"]!["department"]);
    }

    private static async Task SeedAsync(OktaHarness harness, string login, string query, string extra = "", string? mobile = null)
    {
        using var client = harness.Sandbox.CreateClient();
        var phone = mobile is null ? "" : $",\"mobilePhone\":\"{mobile}\"";
        var response = await client.PostAsync(
            new Uri("/api/v1/users" + query, UriKind.Relative),
            new StringContent($$"""{"profile":{"firstName":"Test","lastName":"User","email":"{{login}}","login":"{{login}}"{{phone}}}{{extra}}}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }
}
