using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Options;

namespace Ferry.Sandbox.Tests.Inspection;

public sealed class InspectionTests
{
    [Fact]
    public async Task Stats_CountTraffic_AndListOnlyLoginsAttemptedMoreThanOnce()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        using var anonymous = new HttpClient { BaseAddress = sandbox.BaseAddress };
        await client.CreateGroupAsync("Sales");
        await client.CreateUserAsync("once@example.com");
        await client.CreateUserAsync("twice@example.com");
        await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"A","lastName":"B","email":"twice@example.com","login":"twice@example.com"}}""");
        await anonymous.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        var stats = await sandbox.GetStatsAsync();

        Assert.Equal(5, (long)stats["requests"]!);
        Assert.Equal(1, (long)stats["unauthorized"]!);
        Assert.Equal(2, (int)stats["users"]!);
        Assert.Equal(2, (int)stats["usersByStatus"]!["STAGED"]!);
        Assert.Equal(2, (int)stats["groups"]!);
        Assert.Equal(0, (int)stats["emailsSent"]!);
        Assert.Equal(1, (int)stats["maxConcurrent"]!);
        Assert.Single(stats["createAttemptsByLogin"]!.AsObject());
        Assert.Equal(2, (int)stats["createAttemptsByLogin"]!["twice@example.com"]!);
        Assert.Equal(600, (int)stats["buckets"]!["users"]!["limit"]!);
        Assert.Equal(3, (int)stats["buckets"]!["users"]!["requests"]!);
    }

    [Fact]
    public async Task Reset_ClearsUsersGroupsCountersAndWindows_ButKeepsEveryone()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Limits:users"] = "2" });
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("a@example.com");
        await client.CreateUserAsync("b@example.com");
        await client.CreateGroupAsync("Sales");

        var reset = await client.PostAsync(new Uri("/sandbox/reset", UriKind.Relative), null);
        var stats = await sandbox.GetStatsAsync();
        var again = await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"A","lastName":"B","email":"a@example.com","login":"a@example.com"}}""");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(0, (int)stats["users"]!);
        Assert.Equal(1, (int)stats["groups"]!);
        Assert.Equal(0, (long)stats["requests"]!);
        Assert.Empty(stats["createAttemptsByLogin"]!.AsObject());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task SetStatus_RejectsUnknownStatus()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var response = await client.PutAsync(
            new Uri($"/sandbox/users/{id}/status", UriKind.Relative),
            new StringContent("""{"status":"HAPPY"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("Sandbox:RateLimit:Limits:nonsense", "5", "unknown bucket")]
    [InlineData("Sandbox:Concurrency", "0", "Concurrency")]
    [InlineData("Sandbox:Faults:ServerErrorRate", "1.5", "ServerErrorRate")]
    [InlineData("Sandbox:RateLimit:Window", "00:00:00", "Window")]
    public async Task InvalidConfiguration_FailsAtStart_WithAClearMessage(string key, string value, string mentioned)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SandboxHost.StartAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }
}
