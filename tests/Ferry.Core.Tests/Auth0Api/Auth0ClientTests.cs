using System.Text;
using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Core.Tests.Auth0Api;

/// <summary>The Auth0 client against the sandbox's tenant over real HTTP on loopback.</summary>
public sealed class Auth0ClientTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Calls_ShareOneToken_UntilItIsRenewed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var services = Services(sandbox);
        var client = services.GetRequiredService<Auth0Client>();

        for (var i = 0; i < 10; i++)
        {
            Assert.False((await client.FindConnectionAsync(sandbox.Auth0Options.ConnectionName, null, Cancel)).Failed);
        }

        Assert.Equal(1, (int)(await sandbox.GetAuth0StatsAsync(Cancel))["tokenRequests"]!);
    }

    [Fact]
    public async Task FindConnection_ByNameOrId_OrNotFound()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var services = Services(sandbox);
        var client = services.GetRequiredService<Auth0Client>();

        var byName = await client.FindConnectionAsync(sandbox.Auth0Options.ConnectionName, null, Cancel);
        var byId = await client.FindConnectionAsync(sandbox.Auth0Options.ConnectionId, null, Cancel);
        var missing = await client.FindConnectionAsync("No-Such-Connection", null, Cancel);

        Assert.Equal(sandbox.Auth0Options.ConnectionId, byName.Value!.Id);
        Assert.Equal(sandbox.Auth0Options.ConnectionName, byId.Value!.Name);
        Assert.Equal(Auth0FailureKind.NotFound, missing.Failure!.Kind);
    }

    [Fact]
    public async Task RateLimit_WhenNothingRemains_TheNextCallWaitsForTheReset_No429()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Auth0:RateLimit:Limit"] = "3",
            ["Sandbox:Auth0:RateLimit:Window"] = "00:00:01",
        });
        using var services = Services(sandbox);
        var client = services.GetRequiredService<Auth0Client>();
        var metrics = new OktaCallMetrics();

        for (var i = 0; i < 12; i++)
        {
            Assert.False((await client.FindConnectionAsync(sandbox.Auth0Options.ConnectionId, metrics, Cancel)).Failed);
        }

        var stats = await sandbox.GetAuth0StatsAsync(Cancel);
        Assert.Equal(12, (int)stats["requests"]!);
        Assert.Equal(0, (int)stats["throttled"]!);
        Assert.Equal(new BucketCalls(12, 0), metrics.Snapshot()["GET /api/v2/connections"]);
    }

    [Fact]
    public async Task UsersImport_AThirdJobWhileTwoRun_IsThrottled_WithATimeToTryAgain_TheTwoComplete()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Auth0:UsersPerSecond"] = "5" });
        using var services = Services(sandbox);
        var client = services.GetRequiredService<Auth0Client>();
        var request = new Auth0ImportRequest(sandbox.Auth0Options.ConnectionId, Upsert: false, "test#0", SendCompletionEmail: false);

        var first = await client.CreateUsersImportAsync(request, Users("a", 3), null, Cancel);
        var second = await client.CreateUsersImportAsync(request, Users("b", 3), null, Cancel);
        var third = await client.CreateUsersImportAsync(request, Users("c", 3), null, Cancel);

        Assert.Equal(Auth0Job.Pending, first.Value!.Status);
        Assert.Equal("test#0", first.Value.ExternalId);
        Assert.False(second.Failed);
        Assert.Equal((Auth0FailureKind.Throttled, 429), (third.Failure!.Kind, third.Failure.StatusCode));
        Assert.NotNull(third.Failure.RetryAt);
        Auth0Job job;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Cancel);
            job = (await client.GetJobAsync(first.Value.Id, null, Cancel)).Value!;
        }
        while (!job.IsFinished);

        Assert.Equal((Auth0Job.Completed, 3, 0), (job.Status, job.Summary!.Inserted, job.Summary.Failed));
        Assert.Empty((await client.GetJobErrorsAsync(first.Value.Id, null, Cancel)).Value!); // Auth0's 204
        Assert.Equal(0, (int)(await sandbox.GetAuth0StatsAsync(Cancel))["completionEmails"]!);
    }

    [Fact]
    public async Task JobErrors_KeepOnlyTheUsersKeys_NeverTheirHashes()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var services = Services(sandbox);
        var client = services.GetRequiredService<Auth0Client>();
        var users = Encoding.UTF8.GetBytes($$"""[{"email":"not-an-email","username":"nobody","password_hash":"{{Auth0Files.Bcrypt}}"}]""");

        var created = await client.CreateUsersImportAsync(new Auth0ImportRequest(sandbox.Auth0Options.ConnectionId, false, "x", false), users, null, Cancel);
        Auth0Job job;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Cancel);
            job = (await client.GetJobAsync(created.Value!.Id, null, Cancel)).Value!;
        }
        while (!job.IsFinished);
        var errors = (await client.GetJobErrorsAsync(created.Value.Id, null, Cancel)).Value!;

        var error = Assert.Single(errors);
        Assert.Equal(("not-an-email", "nobody"), (error.Email, error.Username));
        Assert.Equal(("INVALID_FORMAT", "email"), (error.Errors[0].Code, error.Errors[0].Path));
        Assert.DoesNotContain(Auth0Files.Bcrypt, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobErrors_NeverQuoteAPasswordHash_AndKeepMessagesShort()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var services = Services(sandbox);
        var client = services.GetRequiredService<Auth0Client>();
        const string hash = "$2b$10$this-is-not-a-bcrypt-hash-but-it-is-secret-all-the-same";
        var longEmail = new string('e', 400) + "@";
        var users = Encoding.UTF8.GetBytes($$"""[{"email":"a@example.com","username":"a","password_hash":"{{hash}}"},{"email":"{{longEmail}}","username":"b"}]""");

        var created = await client.CreateUsersImportAsync(new Auth0ImportRequest(sandbox.Auth0Options.ConnectionId, false, "x", false), users, null, Cancel);
        Auth0Job job;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, Cancel);
            job = (await client.GetJobAsync(created.Value!.Id, null, Cancel)).Value!;
        }
        while (!job.IsFinished);
        var errors = (await client.GetJobErrorsAsync(created.Value.Id, null, Cancel)).Value!;

        var pattern = Assert.Single(errors, e => e.Username == "a").Errors.Single();
        Assert.Equal(("PATTERN", "password_hash"), (pattern.Code, pattern.Path));
        Assert.DoesNotContain(hash, pattern.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("$2b$10$", pattern.Message, StringComparison.Ordinal);
        Assert.Contains("not kept", pattern.Message, StringComparison.Ordinal);
        var format = Assert.Single(errors, e => e.Username == "b").Errors.Single();
        Assert.Equal("INVALID_FORMAT", format.Code);
        Assert.InRange(format.Message.Length, 100, 200);
    }

    [Fact]
    public async Task WrongSecret_IsUnauthorized_AndTheMessageHoldsNoSecret()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var services = Services(sandbox, secret: "wrong-secret-value-12345");
        var client = services.GetRequiredService<Auth0Client>();

        var result = await client.FindConnectionAsync(sandbox.Auth0Options.ConnectionName, null, Cancel);

        Assert.Equal(Auth0FailureKind.Unauthorized, result.Failure!.Kind);
        Assert.DoesNotContain("wrong-secret-value-12345", result.Failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/oauth/token", 307)]
    [InlineData("/oauth/token", 302)]
    [InlineData("/api/v2/connections", 307)]
    [InlineData("/api/v2/connections", 301)]
    public async Task Redirect_FromTheTokenEndpointOrTheApi_IsAFailureNamingTheStatus_AndTheTargetGetsNothing(string redirected, int status)
    {
        const string secret = "client-secret-that-stays-with-the-tenant";
        await using var other = await LoopbackServer.StartAsync();
        var redirect = LoopbackServer.Redirect(status, other.BaseAddress);
        await using var tenant = await LoopbackServer.StartAsync(context =>
            context.Request.Path.StartsWithSegments(redirected, StringComparison.Ordinal) ? redirect(context)
            : context.Request.Path == "/oauth/token" ? Json(context, """{"access_token":"tenant-token","expires_in":3600}""")
            : Json(context, "[]"));
        using var services = Services(tenant.BaseAddress, "ferry-client", secret);

        var result = await services.GetRequiredService<Auth0Client>().FindConnectionAsync("Username-Password-Authentication", null, Cancel);

        Assert.Equal(status, result.Failure!.StatusCode);
        Assert.Contains($"{status}", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("not followed", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains(tenant.Requests, r => r.PathAndQuery.StartsWith(redirected, StringComparison.Ordinal));
        Assert.Contains(secret, tenant.Requests[0].Body, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
    }

    private static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private static ServiceProvider Services(SandboxHost sandbox, string? secret = null) =>
        Services(sandbox.BaseAddress, sandbox.Auth0Options.ClientId, secret ?? sandbox.Auth0Options.ClientSecret);

    private static ServiceProvider Services(Uri tenant, string clientId, string secret)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth0:Domain"] = tenant.ToString(),
            ["Auth0:ClientId"] = clientId,
            ["Auth0:ClientSecret"] = secret,
        }).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddAuth0().BuildServiceProvider();
    }

    private static byte[] Users(string prefix, int count) =>
        Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(1, count).Select(i => $$"""{"email":"{{prefix}}{{i}}@example.com"}""")) + "]");
}
