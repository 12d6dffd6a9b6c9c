using System.Net;
using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Users;

public sealed class CreateUserTests
{
    private const string Profile = """{"firstName":"Isaac","lastName":"Brock","email":"isaac.brock@example.com","login":"isaac.brock@example.com","mobilePhone":"555-415-1337"}""";

    [Fact]
    public async Task Create_WithActivateFalse_IsStaged_WithOktaShape()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users?activate=false", $$"""{"profile":{{Profile}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = (await response.ReadJsonAsync()).AsObject();
        Assert.Matches("^00u[A-Za-z0-9]{17}$", (string)user["id"]!);
        Assert.Equal("STAGED", (string?)user["status"]);
        Assert.Null(user["activated"]);
        Assert.Null(user["statusChanged"]);
        Assert.Null(user["passwordChanged"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string)user["created"]!);
        Assert.Equal("555-415-1337", (string?)user["profile"]!["mobilePhone"]);
        Assert.Equal("OKTA", (string?)user["credentials"]!["provider"]!["type"]);
        Assert.Null(user["credentials"]!["password"]);
        Assert.EndsWith($"/api/v1/users/{user["id"]}/lifecycle/activate", (string)user["_links"]!["activate"]!["href"]!, StringComparison.Ordinal);
        Assert.EndsWith($"/api/v1/users/{user["id"]}", (string)user["_links"]!["self"]!["href"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithoutCredentials_ActivateDefault_IsProvisioned_AndEmailIsCounted()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", $$"""{"profile":{{Profile}}}""");

        var user = await response.ReadJsonAsync();
        Assert.Equal("PROVISIONED", (string?)user["status"]);
        var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, (int)stats["emailsSent"]!);
    }

    [Fact]
    public async Task Create_WithPassword_AndActivate_IsActive_AndPasswordIsNeverEchoed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users?activate=true", $$"""{"profile":{{Profile}},"credentials":{"password":{"value":"tlpWENT2m"} } }""");

        var text = await response.Content.ReadAsStringAsync();
        var user = JsonNode.Parse(text)!;
        Assert.Equal("ACTIVE", (string?)user["status"]);
        Assert.NotNull(user["activated"]);
        Assert.NotNull(user["passwordChanged"]);
        Assert.Empty(user["credentials"]!["password"]!.AsObject());
        Assert.DoesNotContain("tlpWENT2m", text, StringComparison.Ordinal);
        Assert.Equal(0, (int)(await sandbox.GetStatsAsync())["emailsSent"]!);
    }

    [Fact]
    public async Task Create_WithPasswordButNotActivated_IsStaged()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var user = await client.CreateUserAsync("staged.pw@example.com", "?activate=false", "\"credentials\":{\"password\":{\"value\":\"Abcdefg12\"}}");

        Assert.Equal("STAGED", (string?)user["status"]);
        Assert.NotNull(user["credentials"]!["password"]);
    }

    [Fact]
    public async Task Create_WithWeakPassword_IsRejectedWithPolicyMessage()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", $$"""{"profile":{{Profile}},"credentials":{"password":{"value":"short"} } }""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: password");
        Assert.StartsWith("password: Password requirements were not met.", Assert.Single(causes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithPasswordContainingUsername_IsRejected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", $$"""{"profile":{{Profile}},"credentials":{"password":{"value":"Isaac2024xyz"} } }""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: password");
    }

    [Fact]
    public async Task Create_WithNextLoginChangePassword_IsPasswordExpired()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users?activate=true&nextLogin=changePassword", $$"""{"profile":{{Profile}},"credentials":{"password":{"value":"tlpWENT2m"} } }""");

        Assert.Equal("PASSWORD_EXPIRED", (string?)(await response.ReadJsonAsync())["status"]);
    }

    [Fact]
    public async Task Create_WithNextLoginButNotActivated_IsE0000125()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users?activate=false&nextLogin=changePassword", $$"""{"profile":{{Profile}},"credentials":{"password":{"value":"tlpWENT2m"} } }""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000125");
    }

    [Fact]
    public async Task Create_WithNextLoginButNoPassword_IsE0000124()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users?activate=true&nextLogin=changePassword", $$"""{"profile":{{Profile}}}""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000124");
    }

    [Fact]
    public async Task Create_WithRecoveryQuestion_KeepsQuestion_NotAnswer()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=false",
            $$"""{"profile":{{Profile}},"credentials":{"recovery_question":{"question":"Who is a major player in the cowboy scene?","answer":"Annie Oakley"} } }""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Who is a major player in the cowboy scene?", (string?)JsonNode.Parse(text)!["credentials"]!["recovery_question"]!["question"]);
        Assert.DoesNotContain("Annie Oakley", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithFederationProvider_IsActive()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=true&provider=true",
            $$"""{"profile":{{Profile}},"credentials":{"provider":{"type":"FEDERATION","name":"FEDERATION"} } }""");

        var user = await response.ReadJsonAsync();
        Assert.Equal("ACTIVE", (string?)user["status"]);
        Assert.Equal("FEDERATION", (string?)user["credentials"]!["provider"]!["type"]);
    }

    [Theory]
    [InlineData("isaac.brock@example.com")]
    [InlineData("ISAAC.BROCK@EXAMPLE.COM")]
    [InlineData("isáàc.bröck@example.com")]
    public async Task Create_DuplicateLogin_IgnoringCaseAndDiacritics_IsOktasDuplicateError(string secondLogin)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("isaac.brock@example.com");

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=false",
            $$"""{"profile":{"firstName":"I","lastName":"B","email":"other@example.com","login":"{{secondLogin}}"} }""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: login");
        Assert.Equal(["login: An object with this field already exists in the current organization"], causes);
        Assert.Equal(1, (int)(await sandbox.GetStatsAsync())["duplicateCreates"]!);
    }

    [Fact]
    public async Task Create_WithMissingRequiredAttributes_ListsEveryBlankField()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", """{"profile":{}}""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: login");
        Assert.Equal(
            [
                "login: The field cannot be left blank",
                "firstName: The field cannot be left blank",
                "lastName: The field cannot be left blank",
                "email: The field cannot be left blank",
                "login: Username must be in the form of an email address",
            ],
            causes);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("nodomain@example")]
    [InlineData("space in@example.com")]
    public async Task Create_WithInvalidEmail_DoesNotMatchRequiredPattern(string email)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users",
            $$"""{"profile":{"firstName":"A","lastName":"B","email":"{{email}}","login":"valid.login@example.com"} }""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: email");
        Assert.Contains("email: Does not match required pattern", causes);
    }

    [Fact]
    public async Task Create_WithOverlongFirstName_IsRejected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var name = new string('x', 51);

        var response = await client.PostJsonAsync(
            "/api/v1/users",
            $$"""{"profile":{"firstName":"{{name}}","lastName":"B","email":"a@example.com","login":"a@example.com"} }""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: firstName");
        Assert.StartsWith("firstName: The field is too long", Assert.Single(causes), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithUnknownAttribute_IsNotDefinedInProfile()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users",
            """{"profile":{"firstName":"A","lastName":"B","email":"a@example.com","login":"a@example.com","favouriteColour":"blue"}}""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: newUser");
        Assert.Equal(["Property name 'favouriteColour' is not defined in profile"], causes);
    }

    [Fact]
    public async Task Create_WithConfiguredCustomAttribute_IsAccepted()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Profile:CustomAttributes:0"] = "favouriteColour" });
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=false",
            """{"profile":{"firstName":"A","lastName":"B","email":"a@example.com","login":"a@example.com","favouriteColour":"blue"}}""");

        Assert.Equal("blue", (string?)(await response.ReadJsonAsync())["profile"]!["favouriteColour"]);
    }

    [Fact]
    public async Task Create_WithNonEmailLogin_WhenOrgAllowsIt_IsAccepted()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Profile:LoginMustBeEmail"] = "false" });
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync(
            "/api/v1/users?activate=false",
            """{"profile":{"firstName":"A","lastName":"B","email":"a@example.com","login":"jdoe42"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Create_WithMalformedJson_IsE0000003()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", """{"profile": {"login": """);

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000003", "The request body was not well-formed.");
    }

    [Fact]
    public async Task Create_WithTwentyGroupIds_AddsEveryMembership()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((string)(await client.CreateGroupAsync($"Group {i}"))["id"]!);
        }

        var user = await client.CreateUserAsync("member@example.com", extra: $"\"groupIds\":[{string.Join(',', ids.Select(id => $"\"{id}\""))}]");

        var groups = (await (await client.GetAsync(new Uri($"/api/v1/users/{user["id"]}/groups", UriKind.Relative))).ReadJsonAsync()).AsArray();
        Assert.Equal("Everyone", (string?)groups[0]!["profile"]!["name"]);
        Assert.Equal(ids, groups.Skip(1).Select(g => (string)g!["id"]!));
    }

    [Fact]
    public async Task Create_WithTwentyOneGroupIds_IsE0000093()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var group = (string)(await client.CreateGroupAsync("Only"))["id"]!;

        var response = await client.PostJsonAsync(
            "/api/v1/users",
            $$"""{"profile":{{Profile}},"groupIds":[{{string.Join(',', Enumerable.Repeat($"\"{group}\"", 21))}}]}""");

        var causes = await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000093", "Target count limit exceeded");
        Assert.Equal(["The number of group targets is too large"], causes);
        Assert.Equal(0, (int)(await sandbox.GetStatsAsync())["users"]!);
    }

    [Fact]
    public async Task Create_WithUnknownGroupId_IsNotFound_AndCreatesNobody()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", $$"""{"profile":{{Profile}},"groupIds":["00gDoesNotExist000000"]}""");

        await response.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007", "Not found: Resource not found: 00gDoesNotExist000000 (UserGroup)");
        Assert.Equal(0, (int)(await sandbox.GetStatsAsync())["users"]!);
    }

    [Fact]
    public async Task Create_WithEveryoneGroupId_IsForbidden()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var groups = (await (await client.GetAsync(new Uri("/api/v1/groups?q=Every", UriKind.Relative))).ReadJsonAsync()).AsArray();
        var everyone = (string)groups.Single()!["id"]!;

        var response = await client.PostJsonAsync("/api/v1/users", $$"""{"profile":{{Profile}},"groupIds":["{{everyone}}"]}""");

        await response.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000006");
    }

    [Fact]
    public async Task Create_WithUnknownUserType_IsRejected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostJsonAsync("/api/v1/users", $$"""{"profile":{{Profile}},"type":{"id":"otyNoSuchType0000000"} }""");

        await response.AssertOktaErrorAsync(HttpStatusCode.BadRequest, "E0000001", "Api validation failed: type");
    }

    [Fact]
    public async Task Create_ConcurrentlyWithSameLogin_CreatesExactlyOne()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            client.PostJsonAsync("/api/v1/users?activate=false", $$"""{"profile":{{Profile}}}""")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(39, responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
        var stats = await sandbox.GetStatsAsync();
        Assert.Equal(1, (int)stats["users"]!);
        Assert.Equal(40, (int)stats["createAttemptsByLogin"]!["isaac.brock@example.com"]!);
    }
}
