namespace Ferry.Server.Tests;

/// <summary>A real server in PrivateKey mode (an Okta API service app with DPoP) against the sandbox's token endpoint.</summary>
public sealed class OktaServiceAppTests
{
    private static Dictionary<string, string?> Settings(AzuriteHost azurite, SandboxHost sandbox, ServiceApp app, string? scopes)
    {
        var settings = FerryServerHost.SettingsForOwnHub(azurite, sandbox, "ferryoauth" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var (key, value) in app.FerrySettings(scopes: scopes))
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task ImportWithDPoP_Completes_OnOneToken()
    {
        using var app = ServiceApp.Ec();
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(requireDPoP: true));
        await using var server = await FerryServerHost.StartAsync(Settings(azurite, sandbox, app, scopes: null), "ferry-oauth");
        using var client = server.CreateClient();

        var id = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("oauth"), 30, "Team A")))["id"]!.ToString();
        var final = (await Jobs.WaitFinishedAsync(client, id, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;

        Assert.Equal("Completed", final["runtimeStatus"]!.ToString());
        var stats = await sandbox.GetStatsAsync();
        Assert.Equal(30, (int)stats["users"]!);
        Assert.Equal(1, (long)stats["tokensIssued"]!);
        Assert.DoesNotContain(app.PrivateKeyBase64[..40], server.ReadLogs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyScopes_FailTheJobs_OktaMissingScope_NamingTheScope()
    {
        using var app = ServiceApp.Rsa();
        const string scopes = "okta.users.read okta.groups.read";
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings(scopes));
        await using var server = await FerryServerHost.StartAsync(Settings(azurite, sandbox, app, scopes), "ferry-oauth-scope");
        using var client = server.CreateClient();

        // Groups phase: the group is looked up (read) and then created (groups.manage).
        var withGroups = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("scope"), 100, "Team B")))["id"]!.ToString();
        var groupsFinal = (await Jobs.WaitFinishedAsync(client, withGroups, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;
        // Rows phase: each user is looked up (read), then created (users.manage).
        var rowsOnly = (await Jobs.StartCsvAsync(client, "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 100).Select(i => $"r{i}@example.com,R,{i}\n"))))["id"]!.ToString();
        var rowsFinal = (await Jobs.WaitFinishedAsync(client, rowsOnly, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;

        Assert.Equal("okta-missing-scope", groupsFinal["output"]!["failure"]!["code"]!.ToString());
        Assert.Contains("okta.groups.manage", groupsFinal["output"]!["failure"]!["message"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("okta-missing-scope", rowsFinal["output"]!["failure"]!["code"]!.ToString());
        Assert.Contains("okta.users.manage", rowsFinal["output"]!["failure"]!["message"]!.ToString(), StringComparison.Ordinal);
        var stats = await sandbox.GetStatsAsync();
        Assert.Equal(0, (int)stats["users"]!);
        Assert.True((long)stats["forbidden"]! < 20, $"{stats["forbidden"]} 403s: the job should stop at the first batch");
    }

    [Fact]
    public async Task ScopesFollowTheJobKind_AnAppWithOnlyUsersManage_UpdatesProfiles_ButAnImportAsksForGroupsManageAndFails()
    {
        using var app = ServiceApp.Rsa();
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync(app.SandboxSettings("okta.users.manage"));
        await using var server = await FerryServerHost.StartAsync(Settings(azurite, sandbox, app, scopes: null), "ferry-oauth-kinds");
        using var client = server.CreateClient();
        using var okta = sandbox.CreateClient();
        var prefix = Jobs.Unique("kinds");
        for (var i = 0; i < 5; i++)
        {
            var created = await okta.PostAsync(
                new Uri("/api/v1/users?activate=false", UriKind.Relative),
                System.Net.Http.Json.JsonContent.Create(new { profile = new { login = $"{prefix}{i}@example.com", email = $"{prefix}{i}@example.com", firstName = "K", lastName = $"{i}" } }),
                TestContext.Current.CancellationToken);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // update-profiles needs okta.users.manage only: Ferry asks for just that, and the app has it.
        var update = (await Jobs.StartCsvAsync(client, "login,title\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"{prefix}{i}@example.com,Engineer\n")), "kind=update-profiles", "titles.csv"))["id"]!.ToString();
        var updated = (await Jobs.WaitFinishedAsync(client, update, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;
        Assert.Equal("Completed", updated["runtimeStatus"]!.ToString());
        Assert.Equal(5, (int)updated["output"]!["summary"]!["actions"]!["updated"]!);

        // An import asks for okta.users.manage and okta.groups.manage: the token endpoint refuses, the job fails naming it.
        var import = (await Jobs.StartCsvAsync(client, Jobs.Csv(prefix + "-new", 5)))["id"]!.ToString();
        var refused = (await Jobs.WaitFinishedAsync(client, import, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;
        Assert.Equal("okta-missing-scope", refused["output"]!["failure"]!["code"]!.ToString());
        Assert.Contains("okta.groups.manage", refused["output"]!["failure"]!["message"]!.ToString(), StringComparison.Ordinal);
        var stats = await sandbox.GetStatsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(5, (int)stats["users"]!);
        Assert.True((long)stats["tokenRefusals"]! >= 1);
    }
}
