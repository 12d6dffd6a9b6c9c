using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

public sealed class UsersTests
{
    [Fact]
    public async Task UsersByEmail_AnyCase_FindsTheImportedUser()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        await client.RunJobAsync(time, Auth0Http.Users("""{"email":"Grace@Example.com","given_name":"Grace"}"""));

        var found = (await (await client.GetAsync(new Uri("/api/v2/users-by-email?email=GRACE%40example.com", UriKind.Relative))).ReadJsonAsync()).AsArray();
        var none = (await (await client.GetAsync(new Uri("/api/v2/users-by-email?email=nobody%40example.com", UriKind.Relative))).ReadJsonAsync()).AsArray();

        var user = Assert.Single(found)!;
        Assert.Equal("grace@example.com", (string?)user["email"]);
        Assert.Matches("^auth0\\|[0-9a-f]{24}$", (string)user["user_id"]!);
        Assert.Equal("Username-Password-Authentication", (string?)user["identities"]![0]!["connection"]);
        Assert.Empty(none);
    }

    [Fact]
    public async Task GetUser_Unknown_Is404InexistentUser()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();

        var response = await client.GetAsync(new Uri("/api/v2/users/auth0%7Cnobody", UriKind.Relative));

        await response.AssertAuth0ErrorAsync(HttpStatusCode.NotFound, "inexistent_user", "The user does not exist.");
    }

    [Fact]
    public async Task ListUsers_ByConnectionWithTotals_PagesAndCounts()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        await client.RunJobAsync(time, Auth0Http.Users(Enumerable.Range(0, 5).Select(i => $$"""{"email":"p{{i}}@example.com"}""").ToArray()));

        var page = await (await client.GetAsync(new Uri(
            "/api/v2/users?q=identities.connection%3A%22Username-Password-Authentication%22&page=1&per_page=2&include_totals=true",
            UriKind.Relative))).ReadJsonAsync();
        var other = (await (await client.GetAsync(new Uri("/api/v2/users?q=identities.connection%3A%22Other%22", UriKind.Relative))).ReadJsonAsync()).AsArray();

        Assert.Equal(5, (int)page["total"]!);
        Assert.Equal(2, (int)page["start"]!);
        Assert.Equal(2, (int)page["limit"]!);
        Assert.Equal(["p2@example.com", "p3@example.com"], page["users"]!.AsArray().Select(u => (string)u!["email"]!));
        Assert.Empty(other);
        var stats = await sandbox.GetAuth0StatsAsync();
        Assert.Equal(5, (int)stats["usersByConnection"]!["Username-Password-Authentication"]!);
    }

    [Fact]
    public async Task UnknownPath_Is404InAuth0sShape()
    {
        await using var sandbox = await Auth0Http.StartAsync();
        using var client = await sandbox.CreateAuth0ClientAsync();

        var response = await client.GetAsync(new Uri("/api/v2/nothing-here", UriKind.Relative));

        await response.AssertAuth0ErrorAsync(HttpStatusCode.NotFound, null);
    }
}
