using System.Net;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Users;

/// <summary>Okta's delete semantics (a user must be DEPROVISIONED first), group delete, and the simulated sign-in.</summary>
public sealed class DeleteTests
{
    [Fact]
    public async Task DeleteUser_NotDeprovisioned_OnlyDeactivates_SecondDeleteRemovesItAndItsMemberships()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var group = (string)(await client.CreateGroupAsync("Sales"))["id"]!;
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;
        (await client.PutAsync(new Uri($"/api/v1/groups/{group}/users/{id}", UriKind.Relative), null)).EnsureSuccessStatusCode();

        var first = await client.DeleteAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));
        var afterFirst = await (await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative))).ReadJsonAsync();
        var second = await client.DeleteAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));
        var afterSecond = await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));
        var members = await (await client.GetAsync(new Uri($"/api/v1/groups/{group}/users", UriKind.Relative))).ReadJsonAsync();
        var third = await client.DeleteAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));
        var again = await client.CreateUserAsync("a@example.com");
        var stats = await sandbox.GetStatsAsync();

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal("DEPROVISIONED", (string)afterFirst["status"]!);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterSecond.StatusCode);
        Assert.Empty(members.AsArray());
        await third.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007");
        Assert.NotEqual(id, (string)again["id"]!); // the login is free again
        Assert.Equal(1, (int)stats["users"]!);
        Assert.Null(stats["usersByStatus"]!["DEPROVISIONED"]);
    }

    [Fact]
    public async Task ListUsers_PagesPastADeletedUser()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((string)(await client.CreateUserAsync($"u{i}@example.com"))["id"]!);
        }

        await client.PostAsync($"/api/v1/users/{ids[2]}/lifecycle/deactivate");
        await client.DeleteAsync(new Uri($"/api/v1/users/{ids[2]}", UriKind.Relative));
        var listed = new List<string>();
        Uri? next = new("/api/v1/users?limit=2", UriKind.Relative);
        while (next is not null)
        {
            var page = await client.GetAsync(next);
            listed.AddRange((await page.ReadJsonAsync()).AsArray().Select(u => (string)u!["id"]!));
            next = page.NextLink();
        }

        Assert.Equal([ids[0], ids[1], ids[3], ids[4]], listed);
    }

    [Fact]
    public async Task DeleteGroup_RemovesAnOktaGroupAndItsMemberships_EveryoneIs403()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var group = (string)(await client.CreateGroupAsync("Sales"))["id"]!;
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;
        (await client.PutAsync(new Uri($"/api/v1/groups/{group}/users/{id}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var everyone = (string)(await (await client.GetAsync(new Uri("/api/v1/groups?search=type%20eq%20%22BUILT_IN%22", UriKind.Relative))).ReadJsonAsync())[0]!["id"]!;

        var deleted = await client.DeleteAsync(new Uri($"/api/v1/groups/{group}", UriKind.Relative));
        var gone = await client.GetAsync(new Uri($"/api/v1/groups/{group}", UriKind.Relative));
        var userGroups = await (await client.GetAsync(new Uri($"/api/v1/users/{id}/groups", UriKind.Relative))).ReadJsonAsync();
        var builtIn = await client.DeleteAsync(new Uri($"/api/v1/groups/{everyone}", UriKind.Relative));
        var sameName = await client.CreateGroupAsync("Sales");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await gone.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007");
        Assert.Equal(["Everyone"], userGroups.AsArray().Select(g => (string)g!["profile"]!["name"]!));
        await builtIn.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000006");
        Assert.NotEqual(group, (string)sameName["id"]!);
    }

    [Fact]
    public async Task SimulatedLogin_SetsLastLogin_OnlyForAUserWhoCanSignIn()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var staged = (string)(await client.CreateUserAsync("s@example.com"))["id"]!;
        var active = (string)(await (await client.PostJsonAsync("/api/v1/users?activate=true", """{"profile":{"firstName":"A","lastName":"B","email":"a@example.com","login":"a@example.com"},"credentials":{"password":{"value":"Xyzzy1234"}}}""")).ReadJsonAsync())["id"]!;
        var before = await (await client.GetAsync(new Uri($"/api/v1/users/{active}", UriKind.Relative))).ReadJsonAsync();

        var login = await client.PostAsync($"/sandbox/users/{active}/login");
        var after = await (await client.GetAsync(new Uri($"/api/v1/users/{active}", UriKind.Relative))).ReadJsonAsync();
        var refused = await client.PostAsync($"/sandbox/users/{staged}/login");

        Assert.Null(before["lastLogin"]);
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.NotNull((string?)after["lastLogin"]);
        Assert.Equal((string)before["lastUpdated"]!, (string)after["lastUpdated"]!);
        await refused.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000038");
    }
}
