using System.Globalization;
using Ferry.Core.Okta;
using Ferry.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Core.Tests.Okta;

/// <summary>
/// Where Ferry's Okta credentials may go: only to <c>Okta:OrgUrl</c>. Two real servers on loopback: the "org", which
/// answers a hostile paging link or a redirect, and another, which must never receive a request (so never a token,
/// an API token or a client assertion).
/// </summary>
public sealed class OktaOutboundTests
{
    private const string ApiToken = "ssws-token-that-must-stay-with-the-org";

    /// <summary>Paging links that are not the org's (<c>{org}</c> and <c>{other}</c> are the two servers' ports).</summary>
    public static TheoryData<string> HostileLinks { get; } =
    [
        "//127.0.0.1:{other}/api/v1/groups?after=x",
        "http://127.0.0.1:{other}/api/v1/groups?after=x",
        "https://127.0.0.1:{org}/api/v1/groups?after=x",
        "http://127.0.0.1:{org}@127.0.0.1:{other}/api/v1/groups?after=x",
        "http://user@127.0.0.1:{org}/api/v1/groups?after=x",
        "http://localhost:{org}/api/v1/groups?after=x",
        "http://127.0.0.1:{org}\\@127.0.0.1:{other}/api/v1/groups?after=x",
        "/\\127.0.0.1:{other}/api/v1/groups?after=x",
        "http://127.0.0.1:{org}//127.0.0.1:{other}/api/v1/groups?after=x",
        "/api/v1/groups?after=x",
        "ftp://127.0.0.1:{org}/api/v1/groups?after=x",
    ];

    [Theory]
    [MemberData(nameof(HostileLinks))]
    public async Task ListOktaGroups_WithANextLinkOffTheOrg_IsAFailureValue_AndNothingIsRequested(string hostile)
    {
        await using var other = await LoopbackServer.StartAsync();
        LoopbackServer? org = null;
        org = await LoopbackServer.StartAsync(context => Page(context, org!, Port(hostile, org!.Port, other.Port)));
        await using var _ = org;
        await using var services = Okta(org.BaseAddress);
        var okta = services.GetRequiredService<OktaClientFactory>().Create(new OktaCallMetrics());

        var groups = await okta.ListOktaGroupsAsync(CancellationToken.None);

        Assert.True(groups.Failed);
        Assert.Equal(OktaFailureKind.Rejected, groups.Failure.Kind);
        Assert.Contains("not followed", groups.Failure.Summary, StringComparison.Ordinal);
        Assert.Single(org.Requests);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task ListOktaGroups_WithANextLinkOnTheOrg_FollowsIt()
    {
        LoopbackServer? org = null;
        org = await LoopbackServer.StartAsync(context => Page(context, org!, $"http://127.0.0.1:{org!.Port}/api/v1/groups?after=x"));
        await using var _ = org;
        await using var services = Okta(org.BaseAddress);
        var okta = services.GetRequiredService<OktaClientFactory>().Create(new OktaCallMetrics());

        var groups = await okta.ListOktaGroupsAsync(CancellationToken.None);

        Assert.False(groups.Failed);
        Assert.Equal(2, org.Requests.Count);
        Assert.Equal("/api/v1/groups?after=x", org.Requests[1].PathAndQuery);
        Assert.Equal($"SSWS {ApiToken}", org.Requests[1].Headers["Authorization"]);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task ApiCall_AnsweredWithARedirect_IsAFailureNamingTheStatus_AndTheTargetGetsNothing(int status)
    {
        await using var other = await LoopbackServer.StartAsync();
        await using var org = await LoopbackServer.StartAsync(LoopbackServer.Redirect(status, other.BaseAddress));
        await using var services = Okta(org.BaseAddress);
        var okta = services.GetRequiredService<OktaClientFactory>().Create(new OktaCallMetrics());

        var user = await okta.GetUserAsync("jane@example.com", CancellationToken.None);

        Assert.Equal((OktaFailureKind.Rejected, status), (user.Failure!.Kind, user.Failure.StatusCode));
        Assert.Contains($"{status}", user.Failure.Summary, StringComparison.Ordinal);
        Assert.Contains("not followed", user.Failure.Summary, StringComparison.Ordinal);
        Assert.Single(org.Requests);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task TokenEndpoint_AnsweringARedirect_GetsNoAssertionResent_AndTheCallFailsNamingTheStatus()
    {
        using var app = ServiceApp.Rsa();
        await using var other = await LoopbackServer.StartAsync();
        var redirect = LoopbackServer.Redirect(307, other.BaseAddress);
        await using var org = await LoopbackServer.StartAsync(context =>
            context.Request.Path == "/oauth2/v1/token" ? redirect(context) : context.Response.WriteAsync("{}"));
        await using var services = Okta(org.BaseAddress, app.FerrySettings());
        var okta = services.GetRequiredService<OktaClientFactory>().Create(new OktaCallMetrics());

        var user = await okta.GetUserAsync("jane@example.com", CancellationToken.None);

        Assert.True(user.Failed);
        Assert.True(user.Failure.IsFatal);
        Assert.Contains("307", user.Failure.Summary, StringComparison.Ordinal);
        Assert.Contains("not followed", user.Failure.Summary, StringComparison.Ordinal);
        Assert.All(org.Requests, r => Assert.Equal("/oauth2/v1/token", r.PathAndQuery));
        Assert.Contains("client_assertion=", Assert.Single(org.Requests).Body, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
    }

    private static string Port(string link, int org, int other) =>
        link.Replace("{org}", org.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", other.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>An empty page of groups; the org's first answer links to <paramref name="next"/>.</summary>
    private static Task Page(HttpContext context, LoopbackServer org, string next)
    {
        if (org.Requests.Count == 1)
        {
            context.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("[]");
    }

    private static ServiceProvider Okta(Uri org, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Okta:OrgUrl"] = org.ToString(),
            ["Okta:ApiToken"] = ApiToken,
            ["Okta:MaxRetries"] = "0",
            ["Ferry:Budget:Share"] = "1.0",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddOkta()
            .BuildServiceProvider();
    }
}
