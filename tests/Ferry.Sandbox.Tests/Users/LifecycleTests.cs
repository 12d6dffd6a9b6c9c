using System.Net;
using System.Text.Json.Nodes;
using Ferry.Testing;

namespace Ferry.Sandbox.Tests.Users;

/// <summary>Every status transition the sandbox implements, and the errors for the ones Okta forbids.</summary>
public sealed class LifecycleTests
{
    private const string Password = "\"credentials\":{\"password\":{\"value\":\"Xyzzy1234\"}}";

    [Fact]
    public async Task Activate_StagedWithoutPassword_SendEmailFalse_IsProvisioned_WithActivationLink_AndNoEmail()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate?sendEmail=false");

        var token = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("^[A-Za-z0-9]{20}$", (string)token["activationToken"]!);
        Assert.EndsWith($"/welcome/{token["activationToken"]}", (string)token["activationUrl"]!, StringComparison.Ordinal);
        Assert.Equal("PROVISIONED", await StatusAsync(client, id));
        Assert.Equal(0, (int)(await sandbox.GetStatsAsync())["emailsSent"]!);
    }

    [Fact]
    public async Task Activate_SendEmailDefault_ReturnsEmptyObject_AndCountsTheEmail()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate");

        Assert.Empty((await response.ReadJsonAsync()).AsObject());
        Assert.Equal(1, (int)(await sandbox.GetStatsAsync())["emailsSent"]!);
        var emails = JsonNode.Parse(await client.GetStringAsync(new Uri("/sandbox/emails", UriKind.Relative)))!.AsArray();
        Assert.Equal("a@example.com", (string?)emails.Single()!["login"]);
        Assert.Equal(1, (int)emails.Single()!["activation"]!);
    }

    [Fact]
    public async Task Activate_StagedWithPassword_IsActive_WithoutEmail()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=false", Password))["id"]!;

        await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate");

        Assert.Equal("ACTIVE", await StatusAsync(client, id));
        Assert.Equal(0, (int)(await sandbox.GetStatsAsync())["emailsSent"]!);
    }

    [Fact]
    public async Task Activate_ActiveUser_IsE0000016()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=true", Password))["id"]!;

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate");

        await response.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000016", "Activation failed because the user is already active");
    }

    [Fact]
    public async Task Activate_ProvisionedUser_IsE0000038()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=true"))["id"]!;

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate");

        await response.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000038");
    }

    [Fact]
    public async Task Reactivate_Provisioned_DefaultsToNoEmail_AndReturnsToken()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=true"))["id"]!;
        var emailsAfterCreate = (int)(await sandbox.GetStatsAsync())["emailsSent"]!;

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/reactivate");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["activationToken"]);
        Assert.Equal(emailsAfterCreate, (int)(await sandbox.GetStatsAsync())["emailsSent"]!);
        Assert.Equal("PROVISIONED", await StatusAsync(client, id));
    }

    [Fact]
    public async Task Reactivate_WithSendEmail_CountsAReactivationEmail()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=true"))["id"]!;

        await client.PostAsync($"/api/v1/users/{id}/lifecycle/reactivate?sendEmail=true");

        var emails = JsonNode.Parse(await client.GetStringAsync(new Uri("/sandbox/emails", UriKind.Relative)))!.AsArray();
        Assert.Equal(1, (int)emails.Single()!["reactivation"]!);
        Assert.Equal(2, (int)(await sandbox.GetStatsAsync())["emailsSent"]!);
    }

    [Fact]
    public async Task Reactivate_FromRecovery_IsAllowed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=true", Password))["id"]!;
        await SetStatusAsync(client, id, "RECOVERY");

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/reactivate");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PROVISIONED", await StatusAsync(client, id));
    }

    [Theory]
    [InlineData("STAGED")]
    [InlineData("ACTIVE")]
    [InlineData("DEPROVISIONED")]
    [InlineData("SUSPENDED")]
    public async Task Reactivate_FromOtherStatuses_IsE0000038(string status)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;
        await SetStatusAsync(client, id, status);

        var response = await client.PostAsync($"/api/v1/users/{id}/lifecycle/reactivate");

        await response.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000038", "This operation is not allowed in the user's current status.");
    }

    [Fact]
    public async Task Deactivate_ThenActivate_MovesThroughDeprovisioned()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com", "?activate=true", Password))["id"]!;

        var deactivated = await client.PostAsync($"/api/v1/users/{id}/lifecycle/deactivate");
        var statusAfterDeactivate = await StatusAsync(client, id);
        var again = await client.PostAsync($"/api/v1/users/{id}/lifecycle/deactivate");
        await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate?sendEmail=false");

        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.Equal("DEPROVISIONED", statusAfterDeactivate);
        await again.AssertOktaErrorAsync(HttpStatusCode.Forbidden, "E0000038");
        Assert.Equal("ACTIVE", await StatusAsync(client, id));
    }

    [Fact]
    public async Task Lifecycle_OnUnknownUser_Is404()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();

        var response = await client.PostAsync("/api/v1/users/00uNoSuchUser00000000/lifecycle/activate");

        await response.AssertOktaErrorAsync(HttpStatusCode.NotFound, "E0000007");
    }

    [Fact]
    public async Task StatusLinks_FollowTheStatus()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var staged = await client.CreateUserAsync("a@example.com");
        var provisioned = await client.CreateUserAsync("b@example.com", "?activate=true");

        Assert.NotNull(staged["_links"]!["activate"]);
        Assert.Null(staged["_links"]!["reactivate"]);
        Assert.Null(provisioned["_links"]!["activate"]);
        Assert.Equal("POST", (string?)provisioned["_links"]!["reactivate"]!["method"]);
    }

    internal static async Task<string> StatusAsync(HttpClient client, string id) =>
        (string)(await (await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative))).ReadJsonAsync())["status"]!;

    internal static async Task SetStatusAsync(HttpClient client, string id, string status)
    {
        var response = await client.PutAsync(
            new Uri($"/sandbox/users/{id}/status", UriKind.Relative),
            new StringContent($$"""{"status":"{{status}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
