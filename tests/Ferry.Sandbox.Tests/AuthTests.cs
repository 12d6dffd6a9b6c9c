using System.Net;
using System.Net.Http.Headers;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Request_WithoutToken_Is401InvalidToken()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var response = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.Unauthorized, "E0000011", "Invalid token provided");
    }

    [Fact]
    public async Task Request_WithWrongToken_Is401InvalidToken()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient("not-the-token");

        var response = await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.Unauthorized, "E0000011");
    }

    [Fact]
    public async Task Request_WithBearerScheme_Is401()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.ApiToken);

        var response = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.Unauthorized, "E0000011");
    }

    [Fact]
    public async Task Request_WithConfiguredToken_IsAccepted_AndDevTokenIsNot()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:ApiToken"] = "00configured-token" });
        using var configured = sandbox.CreateClient("00configured-token");
        using var development = sandbox.CreateClient(SandboxOptions.DevelopmentApiToken);

        var ok = await configured.GetAsync(new Uri("/api/v1/users", UriKind.Relative));
        var rejected = await development.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task UnknownEndpoint_Is404InOktaShape_AndWrongMethodIs405()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var missing = await client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));
        var wrongMethod = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, new Uri("/api/v1/users", UriKind.Relative)));

        await missing.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007");
        await wrongMethod.AssertOktaErrorAsync(HttpStatusCode.MethodNotAllowed, "E0000022");
    }
}
