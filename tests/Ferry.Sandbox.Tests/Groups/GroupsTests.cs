using System.Net;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Groups;

public sealed class GroupsTests
{
    [Fact]
    public async Task Create_ReturnsOktaGroupShape()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/groups", """{"profile":{"name":"All Employees","description":"Every single one of our employees"}}""");

        var group = await response.ReadJsonAsync();
        Assert.Matches("^00g[A-Za-z0-9]{17}$", (string)group["id"]!);
        Assert.Equal("OKTA_GROUP", (string?)group["type"]);
        Assert.Equal("okta:user_group", (string?)group["objectClass"]![0]);
        Assert.Equal("All Employees", (string?)group["profile"]!["name"]);
        Assert.Equal("Every single one of our employees", (string?)group["profile"]!["description"]);
        Assert.EndsWith($"/api/v1/groups/{group["id"]}/users", (string)group["_links"]!["users"]!["href"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("All Employees")]
    [InlineData("all employees")]
    public async Task Create_DuplicateName_IsE0000001(string second)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateGroupAsync("All Employees");

        var response = await client.PostJsonAsync("/api/v1/groups", $$"""{"profile":{"name":"{{second}}"} }""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: name");
        Assert.Equal(["name: An object with this field already exists in the current organization"], causes);
    }

    [Theory]
    [InlineData("""{"profile":{"name":""}}""")]
    [InlineData("""{"profile":{}}""")]
    public async Task Create_WithoutName_IsRejected(string body)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/groups", body);

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: name");
        Assert.Equal(["name: The field cannot be left blank"], causes);
    }

    [Fact]
    public async Task Create_NameOver255_IsRejected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/groups", $$"""{"profile":{"name":"{{new string('g', 256)}}"} }""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: name");
    }

    [Fact]
    public async Task Q_IsStartsWith_IncludesEveryone_AndIsNotPaged()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateGroupAsync("Sales");
        await client.CreateGroupAsync("Sales Northeast");
        await client.CreateGroupAsync("Presales");

        var sales = await client.GetAsync(new Uri("/api/v1/groups?q=sales", UriKind.Relative));
        var everyone = await client.GetAsync(new Uri("/api/v1/groups?q=Every", UriKind.Relative));

        Assert.Equal(["Sales", "Sales Northeast"], (await sales.ReadJsonAsync()).AsArray().Select(g => (string)g!["profile"]!["name"]!));
        Assert.Empty(sales.Links());
        var builtIn = (await everyone.ReadJsonAsync()).AsArray().Single()!;
        Assert.Equal("BUILT_IN", (string?)builtIn["type"]);
    }

    [Fact]
    public async Task Search_ByName_IsExactButCaseInsensitive()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateGroupAsync("Sales");
        await client.CreateGroupAsync("Sales Northeast");

        var response = await client.GetAsync(new Uri($"/api/v1/groups?search={Uri.EscapeDataString("profile.name eq \"SALES\"")}", UriKind.Relative));

        Assert.Equal(["Sales"], (await response.ReadJsonAsync()).AsArray().Select(g => (string)g!["profile"]!["name"]!));
    }

    [Fact]
    public async Task Search_ByType_AndPaging_VisitsEveryGroupOnce()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.CreateGroupAsync($"G{i}");
        }

        var names = new List<string>();
        Uri? next = new($"/api/v1/groups?limit=2&search={Uri.EscapeDataString("type eq \"OKTA_GROUP\"")}", UriKind.Relative);
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            names.AddRange((await response.ReadJsonAsync()).AsArray().Select(g => (string)g!["profile"]!["name"]!));
            next = response.NextLink();
        }

        Assert.Equal(["G0", "G1", "G2", "G3", "G4"], names);
    }

    [Fact]
    public async Task Get_ById_AndUnknownIs404()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateGroupAsync("Sales"))["id"]!;

        var found = await client.GetAsync(new Uri($"/api/v1/groups/{id}", UriKind.Relative));
        var missing = await client.GetAsync(new Uri("/api/v1/groups/00gMissing00000000000", UriKind.Relative));

        Assert.Equal("Sales", (string?)(await found.ReadJsonAsync())["profile"]!["name"]);
        await missing.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007", "Not found: Resource not found: 00gMissing00000000000 (UserGroup)");
    }

    [Fact]
    public async Task Membership_PutAndDelete_Are204AndIdempotent()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var group = (string)(await client.CreateGroupAsync("Sales"))["id"]!;
        var user = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;
        var membership = new Uri($"/api/v1/groups/{group}/users/{user}", UriKind.Relative);

        var first = await client.PutAsync(membership, null);
        var second = await client.PutAsync(membership, null);
        var members = (await (await client.GetAsync(new Uri($"/api/v1/groups/{group}/users", UriKind.Relative))).ReadJsonAsync()).AsArray();
        var removed = await client.DeleteAsync(membership);
        var removedAgain = await client.DeleteAsync(membership);
        var after = (await (await client.GetAsync(new Uri($"/api/v1/groups/{group}/users", UriKind.Relative))).ReadJsonAsync()).AsArray();

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.Equal(user, (string?)members.Single()!["id"]);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removedAgain.StatusCode);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Membership_UnknownGroupOrUser_Is404_AndEveryoneIsForbidden()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var group = (string)(await client.CreateGroupAsync("Sales"))["id"]!;
        var user = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;
        var everyone = (string)(await (await client.GetAsync(new Uri("/api/v1/groups?q=Everyone", UriKind.Relative))).ReadJsonAsync())[0]!["id"]!;

        var noGroup = await client.PutAsync(new Uri($"/api/v1/groups/00gMissing00000000000/users/{user}", UriKind.Relative), null);
        var noUser = await client.PutAsync(new Uri($"/api/v1/groups/{group}/users/00uMissing00000000000", UriKind.Relative), null);
        var builtIn = await client.PutAsync(new Uri($"/api/v1/groups/{everyone}/users/{user}", UriKind.Relative), null);

        await noGroup.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007", "Not found: Resource not found: 00gMissing00000000000 (UserGroup)");
        await noUser.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007", "Not found: Resource not found: 00uMissing00000000000 (User)");
        await builtIn.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000006");
    }

    [Fact]
    public async Task Members_ArePagedWithLinks_AndEveryoneHoldsEveryUser()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var group = (string)(await client.CreateGroupAsync("Sales"))["id"]!;
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = (string)(await client.CreateUserAsync($"u{i}@example.com"))["id"]!;
            ids.Add(id);
            await client.PutAsync(new Uri($"/api/v1/groups/{group}/users/{id}", UriKind.Relative), null);
        }

        var everyone = (string)(await (await client.GetAsync(new Uri("/api/v1/groups?q=Everyone", UriKind.Relative))).ReadJsonAsync())[0]!["id"]!;

        Assert.Equal(ids, await AllMembersAsync(client, group));
        Assert.Equal(ids, await AllMembersAsync(client, everyone));
    }

    private static async Task<List<string>> AllMembersAsync(HttpClient client, string group)
    {
        var seen = new List<string>();
        Uri? next = new($"/api/v1/groups/{group}/users?limit=2", UriKind.Relative);
        while (next is not null)
        {
            var response = await client.GetAsync(next);
            seen.AddRange((await response.ReadJsonAsync()).AsArray().Select(u => (string)u!["id"]!));
            next = response.NextLink();
        }

        return seen;
    }
}
