using Ferry.Core.Okta;
using Ferry.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ferry.Core.Tests.Okta.OAuth;

/// <summary>The credentials part of <c>Okta:*</c> is checked at start, naming the key at fault and never quoting a secret.</summary>
public sealed class OktaOptionsValidationTests
{
    private static string? Validate(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Okta:OrgUrl", "https://acme.okta.com");
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddOkta()
            .BuildServiceProvider();
        try
        {
            _ = services.GetRequiredService<IOptions<OktaOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException e)
        {
            return e.Message;
        }
    }

    [Fact]
    public void NoCredentials_NamesBothKeys()
    {
        var message = Validate([]);

        Assert.Contains("Okta:ApiToken", message, StringComparison.Ordinal);
        Assert.Contains("Okta:ClientId", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiTokenAlone_IsSsws_AndClientIdAlone_IsPrivateKey()
    {
        using var app = ServiceApp.Rsa();

        Assert.Null(Validate(new() { ["Okta:ApiToken"] = "00abc" }));
        Assert.Null(Validate(new() { ["Okta:ClientId"] = "0oa1", ["Okta:PrivateKey"] = app.PrivateKeyPem }));
        Assert.Equal(OktaAuthorizationMode.PrivateKey, new OktaOptions { ClientId = "0oa1" }.EffectiveAuthorizationMode);
        Assert.Equal(OktaAuthorizationMode.Ssws, new OktaOptions { ApiToken = "00abc" }.EffectiveAuthorizationMode);
    }

    [Fact]
    public void BothCredentials_WithoutMode_AskForTheMode()
    {
        Assert.Contains("Okta:AuthorizationMode", Validate(new() { ["Okta:ApiToken"] = "00abc", ["Okta:ClientId"] = "0oa1" }), StringComparison.Ordinal);
    }

    [Fact]
    public void SswsMode_WithoutToken_NamesApiToken()
    {
        var message = Validate(new() { ["Okta:AuthorizationMode"] = "SSWS", ["Okta:ClientId"] = "0oa1" });

        Assert.Contains("Okta:ApiToken is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateKeyMode_WithoutClientIdOrKey_NamesThem()
    {
        var message = Validate(new() { ["Okta:AuthorizationMode"] = "PrivateKey" });

        Assert.Contains("Okta:ClientId is required", message, StringComparison.Ordinal);
        Assert.Contains("Okta:PrivateKey or Okta:PrivateKeyFile is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyThatDoesNotLoad_IsNamed_WithoutItsText()
    {
        const string garbage = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5LXNlY3JldC12YWx1ZQ==\n-----END PRIVATE KEY-----";
        var message = Validate(new() { ["Okta:ClientId"] = "0oa1", ["Okta:PrivateKey"] = garbage });

        Assert.Contains("Okta:PrivateKey", message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90LWEta2V5", message, StringComparison.Ordinal);
    }

    [Fact]
    public void PublicJwk_IsRefused_AsNotPrivate()
    {
        using var app = ServiceApp.Ec();

        var message = Validate(new() { ["Okta:ClientId"] = "0oa1", ["Okta:PrivateKey"] = app.PublicJwk });

        Assert.Contains("Okta:PrivateKey is a JWK without its private part", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingKeyFile_IsNamed()
    {
        var message = Validate(new() { ["Okta:ClientId"] = "0oa1", ["Okta:PrivateKeyFile"] = "/nonexistent/ferry.pem" });

        Assert.Contains("Okta:PrivateKeyFile cannot be read", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownScope_IsNamed()
    {
        using var app = ServiceApp.Rsa();

        var message = Validate(new() { ["Okta:ClientId"] = "0oa1", ["Okta:PrivateKey"] = app.PrivateKeyPem, ["Okta:Scopes"] = "okta.users.manage users.write" });

        Assert.Contains("Okta:Scopes holds users.write", message, StringComparison.Ordinal);
    }
}
