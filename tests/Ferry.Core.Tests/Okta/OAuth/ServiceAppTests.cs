using Ferry.Core.Okta;
using Ferry.Core.Okta.Json;
using Ferry.Core.Okta.OAuth;
using Ferry.Core.Operations;
using Ferry.Core.Tests.Pipeline;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.Okta.OAuth;

/// <summary>Ferry in PrivateKey mode (an OAuth 2.0 service app) against the sandbox's token endpoint, over real HTTP.</summary>
public sealed class ServiceAppTests
{
    private static Dictionary<string, string?> Merge(params IReadOnlyDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var (key, value) in parts.SelectMany(p => p))
        {
            merged[key] = value;
        }

        return merged;
    }

    private static CreateUserBody User(string login) => new(
        new Dictionary<string, string> { ["login"] = login, ["email"] = login, ["firstName"] = "Test", ["lastName"] = "User" },
        null,
        null);

    [Fact]
    public async Task ManyCalls_ShareOneToken()
    {
        using var app = ServiceApp.Rsa();
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), app.FerrySettings());
        var okta = harness.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => okta.GetUserAsync($"u{i}@example.com", CancellationToken.None)));
        var created = await okta.CreateUserAsync(User("ann@example.com"), activate: false, expirePassword: false, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(OktaFailureKind.NotFound, r.Failure!.Kind));
        Assert.False(created.Failed);
        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(1, (long)stats["tokensIssued"]!);
        Assert.Equal(1, (long)stats["tokenRequests"]!);
        Assert.Equal(0, (long)stats["unauthorized"]!);
        Assert.Equal(1, harness.Services.GetRequiredService<OktaTokenProvider>().Requests);
    }

    [Fact]
    public async Task ShortLivedToken_IsRenewedBeforeItExpires()
    {
        using var app = ServiceApp.Rsa();
        var sandbox = Merge(app.SandboxSettings(), new Dictionary<string, string?> { ["Sandbox:OAuth:TokenLifetime"] = "00:00:02" });
        await using var harness = await OktaHarness.StartAsync(sandbox, app.FerrySettings());
        var okta = harness.CreateClient();

        Assert.False((await okta.CreateUserAsync(User("ann@example.com"), false, false, CancellationToken.None)).Failed);
        await Task.Delay(TimeSpan.FromSeconds(2.2), TimeProvider.System);
        var later = await okta.GetUserAsync("ann@example.com", CancellationToken.None);

        Assert.False(later.Failed);
        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(2, (long)stats["tokensIssued"]!);
        Assert.Equal(0, (long)stats["unauthorized"]!); // renewed ahead of expiry, not after a 401
    }

    [Fact]
    public async Task Token_IsReusedUntilFiveMinutesBeforeExpiry_OnOneClock()
    {
        using var app = ServiceApp.Rsa();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), app.FerrySettings(), time);
        var okta = harness.CreateClient();
        var tokens = harness.Services.GetRequiredService<OktaTokenProvider>();

        Assert.False((await okta.CreateUserAsync(User("ann@example.com"), false, false, CancellationToken.None)).Failed);
        time.Advance(TimeSpan.FromMinutes(54));
        Assert.False((await okta.GetUserAsync("ann@example.com", CancellationToken.None)).Failed);
        var before = tokens.Requests;
        time.Advance(TimeSpan.FromMinutes(2)); // 56 minutes: within 5 minutes of the hour
        Assert.False((await okta.GetUserAsync("ann@example.com", CancellationToken.None)).Failed);

        Assert.Equal(1, before);
        Assert.Equal(2, tokens.Requests);
        Assert.Equal(0, (long)(await harness.Sandbox.GetStatsAsync())["unauthorized"]!);
    }

    [Fact]
    public async Task TokenTheOrgNoLongerAccepts_IsRenewedOnce_AndTheCallRetried()
    {
        using var app = ServiceApp.Rsa();
        // The org's clock runs two hours behind Ferry's and then jumps: the token Ferry cached expires at the org first.
        var orgTime = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromHours(2));
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), app.FerrySettings(), sandboxTime: orgTime);
        var okta = harness.CreateClient();
        Assert.False((await okta.CreateUserAsync(User("ann@example.com"), false, false, CancellationToken.None)).Failed);

        orgTime.Advance(TimeSpan.FromMinutes(90));
        var found = await okta.GetUserAsync("ann@example.com", CancellationToken.None);

        Assert.False(found.Failed);
        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(2, (long)stats["tokensIssued"]!);
        Assert.Equal(1, (long)stats["unauthorized"]!);
    }

    [Fact]
    public async Task DPoPRequired_NonceDance_ThenCallsSucceed()
    {
        using var app = ServiceApp.Ec();
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(requireDPoP: true), app.FerrySettings());
        var okta = harness.CreateClient();

        var created = await okta.CreateUserAsync(User("ann@example.com"), false, false, CancellationToken.None);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => okta.GetUserAsync("ann@example.com", CancellationToken.None)));

        Assert.False(created.Failed, created.Failure?.Describe());
        Assert.All(results, r => Assert.False(r.Failed));
        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(1, (long)stats["tokensIssued"]!);
        Assert.Equal(2, (long)stats["tokenRequests"]!); // the first is answered use_dpop_nonce
        Assert.Equal(1, (long)stats["unauthorized"]!); // the API's own nonce, learned once
    }

    [Fact]
    public async Task WrongKey_IsInvalidClient_AFatalFailureWithoutKeyMaterial()
    {
        using var app = ServiceApp.Rsa();
        using var other = ServiceApp.Rsa();
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), app.FerrySettings(privateKey: other.PrivateKeyPem));
        var okta = harness.CreateClient();

        var result = await okta.GetUserAsync("ann@example.com", CancellationToken.None);

        Assert.Equal(OktaFailureKind.Unauthorized, result.Failure!.Kind);
        Assert.Equal("invalid_client", result.Failure.ErrorCode);
        var message = new OktaUnauthorizedException(result.Failure).Message;
        Assert.Contains("refused the service app", message, StringComparison.Ordinal);
        Assert.Contains("Okta:ClientId", message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.PrivateKeyBase64[..40], message, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN", message, StringComparison.Ordinal);
        Assert.Equal(OktaUnauthorizedException.UnauthorizedCode, new OktaUnauthorizedException(result.Failure).Code);
    }

    [Fact]
    public async Task ScopeNotGrantedToTheApp_IsRefusedAtTheTokenEndpoint_NamingIt()
    {
        using var app = ServiceApp.Rsa();
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(scopes: "okta.users.manage"), app.FerrySettings());
        var okta = harness.CreateClient();

        var result = await okta.GetUserAsync("ann@example.com", CancellationToken.None);

        Assert.Equal(OktaFailureKind.MissingScope, result.Failure!.Kind);
        Assert.Contains("okta.groups.manage", result.Failure.Summary, StringComparison.Ordinal);
        Assert.Equal(OktaUnauthorizedException.MissingScopeCode, new OktaUnauthorizedException(result.Failure).Code);
    }

    [Fact]
    public async Task TokenWithoutTheEndpointsScope_Is403MissingScope_NamingIt()
    {
        using var app = ServiceApp.Rsa();
        await using var harness = await OktaHarness.StartAsync(
            app.SandboxSettings(scopes: "okta.users.manage okta.groups.read okta.groups.manage"),
            app.FerrySettings(scopes: "okta.users.manage okta.groups.read"));
        var okta = harness.CreateClient();

        var read = await okta.FindGroupsByNameAsync("Team", CancellationToken.None);
        var write = await okta.CreateGroupAsync("Team", CancellationToken.None);

        Assert.False(read.Failed);
        Assert.Equal(OktaFailureKind.MissingScope, write.Failure!.Kind);
        Assert.Equal(403, write.Failure.StatusCode);
        Assert.Equal("E0000006", write.Failure.ErrorCode);
        Assert.Contains("okta.groups.manage", write.Failure.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportWithoutGroupsScope_FailsTheJobFast_NamingTheScope()
    {
        using var app = ServiceApp.Rsa();
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), app.FerrySettings(scopes: "okta.users.manage"));
        var csv = "email,firstName,lastName,groups\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"u{i}@example.com,U,{i},Team {i % 3}\n"));

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal("failed", run.Summary.Outcome);
        Assert.Equal("okta-missing-scope", run.Summary.Failure!.Code);
        Assert.Contains("okta.groups", run.Summary.Failure.Message, StringComparison.Ordinal);
        var stats = await harness.Sandbox.GetStatsAsync();
        Assert.Equal(0, (long)stats["users"]!);
        Assert.True((long)stats["forbidden"]! <= 3, $"forbidden {stats["forbidden"]}: the job should stop at the first");
    }

    [Fact]
    public async Task UpdateProfilesWithUsersManage_Runs_AndWrongKey_FailsTheJobOktaUnauthorized()
    {
        using var app = ServiceApp.Rsa();
        using var other = ServiceApp.Rsa();
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), app.FerrySettings(privateKey: other.PrivateKeyPem));
        const string csv = "email,firstName,lastName\nann@example.com,Ann,Lee\n";

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.Equal("failed", run.Summary.Outcome);
        Assert.Equal("okta-unauthorized", run.Summary.Failure!.Code);
        Assert.Contains("invalid_client", run.Summary.Failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(other.PrivateKeyBase64[..40], run.SummaryText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rsa", "pkcs8")]
    [InlineData("rsa", "pkcs1")]
    [InlineData("rsa", "jwk")]
    [InlineData("ec", "pkcs8")]
    [InlineData("ec", "sec1")]
    [InlineData("ec", "jwk")]
    public async Task PemAndJwkKeys_Load_AndSign(string kind, string format)
    {
        using var app = kind == "rsa" ? ServiceApp.Rsa() : ServiceApp.Ec();
        var key = format switch
        {
            "pkcs8" => app.PrivateKeyPem,
            "jwk" => app.PrivateJwk,
            _ => app.TraditionalPrivateKeyPem,
        };
        await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(publicKey: format == "jwk" ? app.PublicJwk : null), app.FerrySettings(privateKey: key));

        var result = await harness.CreateClient().CreateUserAsync(User("ann@example.com"), false, false, CancellationToken.None);

        Assert.False(result.Failed, result.Failure?.Describe());
        Assert.Equal(kind == "rsa" ? "RS256" : "ES256", OktaSigningKey.TryParse(key, out _)!.Algorithm);
    }

    [Fact]
    public async Task PrivateKeyFile_IsRead()
    {
        using var app = ServiceApp.Rsa();
        var path = Path.Combine(Path.GetTempPath(), $"ferry-key-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, app.PrivateKeyPem);
        try
        {
            var ferry = app.FerrySettings();
            ferry["Okta:PrivateKey"] = null;
            ferry["Okta:PrivateKeyFile"] = path;
            await using var harness = await OktaHarness.StartAsync(app.SandboxSettings(), ferry);

            var result = await harness.CreateClient().GetUserAsync("ann@example.com", CancellationToken.None);

            Assert.Equal(OktaFailureKind.NotFound, result.Failure!.Kind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task SswsMode_StillWorks_WithoutTouchingTheTokenEndpoint()
    {
        await using var harness = await OktaHarness.StartAsync();

        var result = await harness.CreateClient().CreateUserAsync(User("ann@example.com"), false, false, CancellationToken.None);

        Assert.False(result.Failed);
        Assert.IsType<SswsCredentials>(harness.Services.GetRequiredService<IOktaCredentials>());
        Assert.Equal(0, (long)(await harness.Sandbox.GetStatsAsync())["tokenRequests"]!);
    }
}
