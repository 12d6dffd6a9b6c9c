
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
    };

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
                "Ferry:Api:Keys": "local-settings-key",
                "Ferry__Inbox__Container": "local-inbox"
              }
            }
            """;

        await using var server = await FerryServerHost.StartAsync(settings, "ferry-local", local);
        using var client = server.CreateClient(withKey: false);
        client.DefaultRequestHeaders.Add("x-ferry-key", "local-settings-key");
        var response = await client.GetAsync(new Uri("/api/migrations", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.True(await azurite.CreateServiceClient().GetBlobContainerClient("env-inbox").ExistsAsync());
        Assert.False(await azurite.CreateServiceClient().GetBlobContainerClient("local-inbox").ExistsAsync());
    }
}
