
namespace Ferry.Server.Tests;

/// <summary>The server refuses to start on bad configuration, with a message naming the key; local.settings.json is read.</summary>
public sealed class ConfigurationTests
{
    public static TheoryData<string, string?, string> BadSettings => new()
    {
        { "Ferry:Api:Keys", "", "Ferry:Api:Keys" },
        { "Okta:OrgUrl", "http://acme.okta.com", "Okta:OrgUrl must be an absolute https URL" },
        { "Ferry:Durable:TaskHub", "ferry-hub", "Ferry:Durable:TaskHub must be 3-45 letters and digits" },
        { "Ferry:Durable:LeaseRenewInterval", "00:01:00", "Ferry:Durable:LeaseRenewInterval must be shorter than Ferry:Durable:LeaseInterval" },
        { "Ferry:Inbox:Container", "Bad_Name", "must be valid container names" },
        { "Ferry:Budget:Share", "1.5", "Share" },
        { "Auth0:Domain", "http://acme.eu.auth0.com", "Auth0:Domain must be a tenant domain or an https URL" },
        { "Auth0:ClientSecret", "", "Auth0:ClientId and Auth0:ClientSecret are required when Auth0:Domain is set" },
        { "Ferry:Auth0:ChunkBytes", "600000", "ChunkBytes" },
        { "Okta:AuthorizationMode", "PrivateKey", "Okta:ClientId is required when Okta:AuthorizationMode is PrivateKey" },
        { "Okta:ClientId", "0oaFerry", "Okta:ApiToken and Okta:ClientId are both set" },
    };

    [Fact]
    public async Task WithoutAuth0_TheServerStartsAndRunsOktaJobs_AnAuth0JobFailsNamingWhatIsMissing()
    {
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Auth0:", StringComparison.Ordinal)).ToList())
        {
            settings[key] = null;
        }

        await using var server = await FerryServerHost.StartAsync(settings, "ferry-noauth0");
        using var client = server.CreateClient();
        var okta = (await Jobs.StartCsvAsync(client, Jobs.Csv(Jobs.Unique("noauth0"), 5)))["id"]!.ToString();
        var auth0 = (await Jobs.StartCsvAsync(client, Auth0Files.Csv(Jobs.Unique("noauth0"), 5), "target=auth0"))["id"]!.ToString();

        var oktaFinal = (await Jobs.WaitFinishedAsync(client, okta, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;
        var auth0Final = (await Jobs.WaitFinishedAsync(client, auth0, TimeSpan.FromMinutes(2), server.ReadLogs))[^1].Body;

        Assert.Equal("Completed", oktaFinal["runtimeStatus"]!.ToString());
        Assert.Equal("Failed", auth0Final["runtimeStatus"]!.ToString());
        Assert.Equal("auth0-not-configured", auth0Final["output"]!["failure"]!["code"]!.ToString());
        Assert.Contains("Auth0:Domain", auth0Final["output"]!["failure"]!["message"]!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_StopsTheServerAtStart_NamingIt(string key, string? value, string expected)
    {
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        settings[key] = value ?? "";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => FerryServerHost.StartAsync(settings, "ferry-badconfig"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalSettingsJson_IsRead_AndTheEnvironmentOverridesIt()
    {
        await using var azurite = await AzuriteHost.StartAsync();
        await using var sandbox = await SandboxHost.StartAsync();
        var settings = FerryServerHost.SettingsFor(azurite, sandbox);
        settings["Ferry:Api:Keys"] = null;
        settings["Ferry:Inbox:Container"] = "env-inbox";
        const string local = """
            {
              "IsEncrypted": false,
              "Values": {
                "Ferry:Api:Keys": "local-settings-key-0123456789abcdefghij",
                "Ferry__Inbox__Container": "local-inbox"
              }
            }
            """;

        await using var server = await FerryServerHost.StartAsync(settings, "ferry-local", local);
        using var client = server.CreateClient(withKey: false);
        client.DefaultRequestHeaders.Add("x-ferry-key", "local-settings-key-0123456789abcdefghij");
        var response = await client.GetAsync(new Uri("/api/migrations", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(await azurite.CreateServiceClient().GetBlobContainerClient("env-inbox").ExistsAsync());
        Assert.False(await azurite.CreateServiceClient().GetBlobContainerClient("local-inbox").ExistsAsync());
    }
}
