using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ferry.Sandbox.Auth0;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

public sealed class TokenTests
{
    private static Dictionary<string, string> Grant(string secret = Auth0Options.DevelopmentClientSecret, string audience = "https://tenant.example/api/v2/") => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = Auth0Options.DevelopmentClientId,
        ["client_secret"] = secret,
        ["audience"] = audience,
    };

    [Fact]
    public async Task Token_JsonBody_IssuesBearerTokenForTheLifetime()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Auth0:TokenLifetime"] = "01:00:00" });
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var response = await client.PostAsJsonAsync(new Uri("/oauth/token", UriKind.Relative), Grant());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.False(string.IsNullOrEmpty((string?)body["access_token"]));
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3600, (int)body["expires_in"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["scope"]));
    }

    [Fact]
    public async Task Token_FormBody_IsAcceptedAndCounted()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var response = await client.PostAsync(new Uri("/oauth/token", UriKind.Relative), new FormUrlEncodedContent(Grant()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(86_400, (int)(await response.ReadJsonAsync())["expires_in"]!);
        Assert.Equal(1, (int)(await sandbox.GetAuth0StatsAsync())["tokenRequests"]!);
    }

    [Fact]
    public async Task Token_WrongSecret_Is401AccessDenied()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var response = await client.PostAsJsonAsync(new Uri("/oauth/token", UriKind.Relative), Grant(secret: "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("access_denied", (string?)body["error"]);
        Assert.Equal("Unauthorized", (string?)body["error_description"]);
    }

    [Fact]
    public async Task Token_AudienceNotManagementApi_Is403ServiceNotEnabled()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var response = await client.PostAsJsonAsync(new Uri("/oauth/token", UriKind.Relative), Grant(audience: "https://api.example.com/"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("access_denied", (string?)body["error"]);
        Assert.Equal("Service not enabled within domain: https://api.example.com/", (string?)body["error_description"]);
    }

    [Fact]
    public async Task ManagementApi_WithoutOrWithUnknownToken_Is401InvalidToken()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = sandbox.BaseAddress };
        using var forged = new HttpClient { BaseAddress = sandbox.BaseAddress };
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-issued");

        var none = await anonymous.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));
        var unknown = await forged.GetAsync(new Uri("/api/v2/jobs/job_x", UriKind.Relative));

        await none.AssertAuth0ErrorAsync(HttpStatusCode.Unauthorized, "invalid_token", "Invalid token");
        await unknown.AssertAuth0ErrorAsync(HttpStatusCode.Unauthorized, "invalid_token", "Invalid token");
        Assert.Equal(2, (int)(await sandbox.GetAuth0StatsAsync())["unauthorized"]!);
    }

    [Fact]
    public async Task ManagementApi_ExpiredToken_Is401()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:TokenLifetime"] = "00:10:00" });
        using var client = await sandbox.CreateAuth0ClientAsync();

        var fresh = await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));
        time.Advance(TimeSpan.FromMinutes(10));
        var expired = await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        await expired.AssertAuth0ErrorAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }
}
