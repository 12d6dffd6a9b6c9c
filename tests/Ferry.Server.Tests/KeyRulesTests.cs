using System.Text.Json;

namespace Ferry.Server.Tests;

/// <summary>
/// Ferry's own keys are at least 32 characters and never the sample's placeholder: any other stops the server at start,
/// with exit code 78 and one line naming the configuration key that holds it, never quoting the key.
/// </summary>
public sealed class KeyRulesTests
{
    // Nothing listens on port 9: the server must stop at its configuration, before it reaches storage or an org.
    private const string Storage =
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteHost.AccountKey};BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1";

    public static TheoryData<string, string, string> BadKeys => new()
    {
        { "Ferry:Api:Keys:0", "a", "Ferry:Api:Keys:0 is too short" },
        { "Ferry:Api:Keys:1", "31-characters-is-one-too-few-xx", "Ferry:Api:Keys:1 is too short" },
        { "Ferry:Api:Keys", SampleKey(), "Ferry:Api:Keys is the sample's placeholder" },
        { "Ferry:Api:Keys", "change-me-to-a-long-random-key", "Ferry:Api:Keys is the sample's placeholder" },
        { "Ferry:Api:WebhookKeys:0", "webhook-key-too-short", "Ferry:Api:WebhookKeys:0 is too short" },
        { "Ferry:Api:WebhookKeys", FerryServerHost.ApiKey, "Ferry:Api:WebhookKeys is also one of Ferry:Api:Keys" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task BadKey_StopsTheServer_WithOneLineNamingItsConfigurationKey_NeverTheValue(string key, string value, string expected)
    {
        Assert.Equal(31, "31-characters-is-one-too-few-xx".Length);
        var settings = Settings();
        settings[key] = value;

        var (exitCode, log) = await StartFailingAsync(settings);

        Assert.Equal(78, exitCode);
        var line = Assert.Single(log.Split('\n'), l => l.StartsWith("Ferry cannot start: ", StringComparison.Ordinal));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        if (value.Length > 1)
        {
            Assert.DoesNotContain(value, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CodeOnTheWebhook_WithoutWebhookKeys_StopsTheServer()
    {
        var settings = Settings();
        settings["Ferry:Api:WebhookKeys"] = null;
        settings["Ferry:Api:AllowCodeOnWebhook"] = "true";

        var (exitCode, log) = await StartFailingAsync(settings);

        Assert.Equal(78, exitCode);
        Assert.Contains("Ferry:Api:AllowCodeOnWebhook needs Ferry:Api:WebhookKeys", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Ferry:ForwardedHeaders:KnownProxies", "proxy.example", "Ferry:ForwardedHeaders:KnownProxies must be an IP address")]
    [InlineData("Ferry:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "Ferry:ForwardedHeaders:KnownNetworks:0 must be a network in CIDR notation")]
    public async Task BadProxy_StopsTheServer_NamingIt(string key, string value, string expected)
    {
        var settings = Settings();
        settings[key] = value;

        var (exitCode, log) = await StartFailingAsync(settings);

        Assert.Equal(78, exitCode);
        Assert.Contains(expected, log, StringComparison.Ordinal);
    }

    /// <summary>The value local.settings.sample.json gives <c>Ferry:Api:Keys</c>: a copy of the sample must not run as it is.</summary>
    private static string SampleKey()
    {
        using var sample = JsonDocument.Parse(Docs.Read("local.settings.sample.json"));
        return sample.RootElement.GetProperty("Values").GetProperty("Ferry:Api:Keys").GetString()!;
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["AzureWebJobsStorage"] = Storage,
        ["Okta:OrgUrl"] = "http://127.0.0.1:9",
        ["Okta:ApiToken"] = "00-a-token-for-a-server-that-never-starts",
    };

    private static async Task<(int? ExitCode, string Log)> StartFailingAsync(Dictionary<string, string?> settings)
    {
        try
        {
            await using var server = await FerryServerHost.StartAsync(settings, "ferry-badkey");
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Ferry.Server did not start (exited with code ", StringComparison.Ordinal))
        {
            var code = e.Message["Ferry.Server did not start (exited with code ".Length..].Split(')')[0];
            return (int.Parse(code, System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }

        Assert.Fail("The server started.");
        return default;
    }
}
