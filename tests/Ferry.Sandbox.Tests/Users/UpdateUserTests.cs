using System.Net;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Users;

public sealed class UpdateUserTests
{
    [Fact]
    public async Task PartialUpdate_ChangesOnlyTheGivenAttributes()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("isaac@example.com"))["id"]!;

        var response = await client.PostJsonAsync($"/api/v1/users/{id}", """{"profile":{"firstName":"Isaac","mobilePhone":"555-415-1337"}}""");

        var user = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Isaac", (string?)user["profile"]!["firstName"]);
        Assert.Equal("User", (string?)user["profile"]!["lastName"]);
        Assert.Equal("555-415-1337", (string?)user["profile"]!["mobilePhone"]);
        var reread = await (await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative))).ReadJsonAsync();
        Assert.Equal("Isaac", (string?)reread["profile"]!["firstName"]);
    }

    [Fact]
    public async Task PartialUpdate_ToAnotherUsersLogin_IsDuplicate()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("taken@example.com");
        var id = (string)(await client.CreateUserAsync("mine@example.com"))["id"]!;

        var response = await client.PostJsonAsync($"/api/v1/users/{id}", """{"profile":{"login":"TAKEN@example.com"}}""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: login");
    }

    [Fact]
    public async Task PartialUpdate_ChangingLogin_MovesTheLookup()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("old@example.com"))["id"]!;

        await client.PostJsonAsync($"/api/v1/users/{id}", """{"profile":{"login":"new@example.com"}}""");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/users/old%40example.com", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/users/new%40example.com", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"A","lastName":"B","email":"old@example.com","login":"old@example.com"}}""")).StatusCode);
    }

    [Fact]
    public async Task PartialUpdate_WithUnknownAttribute_IsRejected_AndCustomAttributeIsAccepted()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Profile:CustomAttributes:0"] = "badgeNumber" });
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var unknown = await client.PostJsonAsync($"/api/v1/users/{id}", """{"profile":{"shoeSize":"44"}}""");
        var custom = await client.PostJsonAsync($"/api/v1/users/{id}", """{"profile":{"badgeNumber":"B-17"}}""");

        var causes = await unknown.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001");
        Assert.Equal(["Property name 'shoeSize' is not defined in profile"], causes);
        Assert.Equal("B-17", (string?)(await custom.ReadJsonAsync())["profile"]!["badgeNumber"]);
    }

    [Fact]
    public async Task PartialUpdate_ClearingARequiredAttribute_IsRejected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var response = await client.PostJsonAsync($"/api/v1/users/{id}", """{"profile":{"lastName":null}}""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: lastName");
        Assert.Equal(["lastName: The field cannot be left blank"], causes);
    }

    [Fact]
    public async Task PartialUpdate_SettingAPassword_MarksTheCredential()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var response = await client.PostJsonAsync($"/api/v1/users/{id}", """{"credentials":{"password":{"value":"Xyzzy1234"}}}""");

        var user = await response.ReadJsonAsync();
        Assert.NotNull(user["credentials"]!["password"]);
        Assert.NotNull(user["passwordChanged"]);
    }

    [Fact]
    public async Task PartialUpdate_UnknownUser_Is404()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users/00uMissing0000000000", """{"profile":{"firstName":"X"}}""");

        await response.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007");
    }
}
