using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Users;

public sealed class UserLookupTests
{
    [Fact]
    public async Task Get_ById_ByUrlEncodedLogin_AndByShortName_ReturnsTheUser()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("isaac.brock@example.com"))["id"]!;

        foreach (var key in new[] { id, Uri.EscapeDataString("isaac.brock@example.com"), Uri.EscapeDataString("Isaac.Brock@Example.com"), "isaac.brock" })
        {
            var response = await client.GetAsync(new Uri($"/api/v1/users/{key}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(id, (string?)(await response.ReadJsonAsync())["id"]);
        }
    }

    [Fact]
    public async Task Get_AmbiguousShortName_IsNotFound()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("sam@one.example.com");
        await client.CreateUserAsync("sam@two.example.com");

        var response = await client.GetAsync(new Uri("/api/v1/users/sam", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007", "Not found: Resource not found: sam (User)");
    }

    [Fact]
    public async Task Get_UnknownLogin_Is404WithOktasWording()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.GetAsync(new Uri($"/api/v1/users/{Uri.EscapeDataString("nobody@example.com")}", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007", "Not found: Resource not found: nobody@example.com (User)");
    }

    [Fact]
    public async Task Search_ByLogin_IsCaseInsensitive_ButDiacriticSensitive()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("isaac.brock@example.com");

        var upper = await SearchAsync(client, "search", "profile.login eq \"ISAAC.BROCK@example.com\"");
        var accented = await SearchAsync(client, "search", "profile.login eq \"isáàc.bröck@example.com\"");

        Assert.Equal(["isaac.brock@example.com"], upper);
        Assert.Empty(accented);
    }

    [Fact]
    public async Task Filter_ByLogin_IsCaseSensitiveInValues()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("isaac.brock@example.com");

        Assert.Equal(["isaac.brock@example.com"], await SearchAsync(client, "filter", "profile.login eq \"isaac.brock@example.com\""));
        Assert.Empty(await SearchAsync(client, "filter", "profile.login eq \"ISAAC.BROCK@example.com\""));
    }

    [Fact]
    public async Task Search_ByEmailStatusAndCombinations_SelectsTheRightUsers()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("a@example.com");
        await client.CreateUserAsync("b@example.com");
        await client.CreateUserAsync("c@example.com", "?activate=true", "\"credentials\":{\"password\":{\"value\":\"Xyzzy1234\"}}");

        Assert.Equal(["b@example.com"], await SearchAsync(client, "search", "profile.email eq \"B@EXAMPLE.COM\""));
        Assert.Equal(["a@example.com", "b@example.com"], await SearchAsync(client, "search", "status eq \"STAGED\""));
        Assert.Equal(["c@example.com"], await SearchAsync(client, "search", "status eq \"ACTIVE\" and profile.lastName eq \"User\""));
        Assert.Equal(["a@example.com", "c@example.com"], await SearchAsync(client, "search", "profile.login eq \"a@example.com\" or status eq \"ACTIVE\""));
        Assert.Equal(["a@example.com"], await SearchAsync(client, "search", "(status eq \"STAGED\" or status eq \"ACTIVE\") and profile.login sw \"a\""));
        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], await SearchAsync(client, "search", "profile.email co \"example\""));
        Assert.Equal(["c@example.com"], await SearchAsync(client, "search", "status lt \"STAGED\" or status gt \"STAGED\""));
    }

    [Theory]
    [InlineData("profile.login eq")]
    [InlineData("profile.login equals \"x\"")]
    [InlineData("(status eq \"ACTIVE\"")]
    [InlineData("status eq \"ACTIVE\" and")]
    [InlineData("profile.login eq \"unterminated")]
    public async Task Search_Malformed_IsE0000031(string expression)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.GetAsync(new Uri($"/api/v1/users?search={Uri.EscapeDataString(expression)}", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000031", "Invalid search criteria.");
    }

    [Fact]
    public async Task Q_IsStartsWithOnNamesAndEmail_AndIsNotPaged()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","login":"ada@example.com"}}""");
        await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"Bob","lastName":"Adams","email":"bob@example.com","login":"bob@example.com"}}""");
        await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"Cy","lastName":"Young","email":"cy@example.com","login":"cy@example.com"}}""");

        var response = await client.GetAsync(new Uri("/api/v1/users?q=ad", UriKind.Relative));

        var logins = (await response.ReadJsonAsync()).AsArray().Select(u => (string)u!["profile"]!["login"]!).ToList();
        Assert.Equal(["ada@example.com", "bob@example.com"], logins);
        Assert.Empty(response.Links());
    }

    [Fact]
    public async Task List_FollowingNextLinks_ReturnsEveryUserOnce_AndTheLastPageHasNoNext()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var created = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            created.Add((string)(await client.CreateUserAsync($"user{i}@example.com"))["id"]!);
        }

        var seen = new List<string>();
        var pages = 0;
        Uri? next = new("/api/v1/users?limit=3", UriKind.Relative);
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(response.Links(), l => l.EndsWith("rel=\"self\"", StringComparison.Ordinal));
            seen.AddRange((await response.ReadJsonAsync()).AsArray().Select(u => (string)u!["id"]!));
            next = response.NextLink();
            pages++;
        }

        Assert.Equal(created, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task List_NextLink_KeepsTheSearch()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateUserAsync($"staged{i}@example.com");
        }

        await client.CreateUserAsync("active@example.com", "?activate=true", "\"credentials\":{\"password\":{\"value\":\"Xyzzy1234\"}}");

        var first = await client.GetAsync(new Uri($"/api/v1/users?limit=2&search={Uri.EscapeDataString("status eq \"STAGED\"")}", UriKind.Relative));
        var next = first.NextLink()!;
        var all = new List<string>();
        all.AddRange((await first.ReadJsonAsync()).AsArray().Select(u => (string)u!["status"]!));
        while (next is not null)
        {
            var page = await client.GetAsync(next);
            all.AddRange((await page.ReadJsonAsync()).AsArray().Select(u => (string)u!["status"]!));
            next = page.NextLink();
        }

        Assert.Contains("search=", first.NextLink()!.Query, StringComparison.Ordinal);
        Assert.Equal(5, all.Count);
        Assert.All(all, s => Assert.Equal("STAGED", s));
    }

    [Fact]
    public async Task List_WithoutSearch_OmitsDeprovisioned_ButSearchFindsThem()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("stays@example.com");
        var gone = (string)(await client.CreateUserAsync("gone@example.com"))["id"]!;
        await client.PostAsync($"/api/v1/users/{gone}/lifecycle/deactivate");

        var listed = (await (await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative))).ReadJsonAsync()).AsArray();
        var searched = await SearchAsync(client, "search", "status eq \"DEPROVISIONED\"");

        Assert.Equal(["stays@example.com"], listed.Select(u => (string)u!["profile"]!["login"]!));
        Assert.Equal(["gone@example.com"], searched);
    }

    [Fact]
    public async Task ReadAfterCreate_WithConsistencyDelay_Is404UntilTheDelayPasses()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Consistency:ReadAfterCreateDelay"] = "00:00:02" }, time);
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("fresh@example.com"))["id"]!;

        var tooSoon = await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));
        var searchTooSoon = await SearchAsync(client, "search", "profile.login eq \"fresh@example.com\"");
        time.Advance(TimeSpan.FromSeconds(2));
        var later = await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, tooSoon.StatusCode);
        Assert.Empty(searchTooSoon);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, string parameter, string expression)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/users?{parameter}={Uri.EscapeDataString(expression)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).AsArray().Select(u => (string)u!["profile"]!["login"]!).ToList();
    }
}
