using Ferry.Core.Auth0Api;
using Ferry.Core.Okta;
using Ferry.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Functions.Tests;

/// <summary>
/// The Function App's Okta and Auth0 clients, from the registrations its Program makes (AddFerryOrchestration), never
/// follow a redirect with their credentials: an org and tenant on loopback answer 307 towards a second server, which
/// must receive nothing.
/// </summary>
public sealed class OutboundTests
{
    [Fact]
    public async Task OktaAndAuth0Clients_OfTheFunctionApp_FailOnARedirect_AndTheTargetGetsNothing()
    {
        await using var target = await LoopbackServer.StartAsync();
        await using var org = await LoopbackServer.StartAsync(LoopbackServer.Redirect(307, target.BaseAddress));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Okta:OrgUrl"] = org.BaseAddress.ToString(),
            ["Okta:ApiToken"] = "ssws-token-of-the-function-app",
            ["Okta:MaxRetries"] = "0",
            ["Auth0:Domain"] = org.BaseAddress.ToString(),
            ["Auth0:ClientId"] = "ferry",
            ["Auth0:ClientSecret"] = "auth0-secret-of-the-function-app",
        }).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddFerryOrchestration()
            .BuildServiceProvider();

        var okta = await services.GetRequiredService<OktaClientFactory>().Create(new OktaCallMetrics())
            .GetUserAsync("jane@example.com", TestContext.Current.CancellationToken);
        var auth0 = await services.GetRequiredService<Auth0Client>()
            .FindConnectionAsync("Username-Password-Authentication", null, TestContext.Current.CancellationToken);

        Assert.Equal(307, okta.Failure!.StatusCode);
        Assert.Equal(307, auth0.Failure!.StatusCode);
        Assert.Contains(org.Requests, r => r.PathAndQuery == "/oauth/token");
        Assert.Empty(target.Requests);
    }
}
