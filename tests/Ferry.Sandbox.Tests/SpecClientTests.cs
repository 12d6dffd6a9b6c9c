using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests;

/// <summary>The acceptance scenario: a client written against Okta's spec, with no special cases, against the sandbox.</summary>
public sealed class SpecClientTests
{
    [Fact]
    public async Task SpecClient_RunsTheBulkMigrationFlow_WithoutSpecialCases()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:RateLimit:Limits:users"] = "10" }, time);
        using var http = sandbox.CreateClient();
        var okta = new SpecClient(http);

        // Create group, then a staged user in it.
        var group = await okta.CreateGroupAsync("All Employees", "Every single one of our employees");
        Assert.Equal(HttpStatusCode.OK, group.Status);
        Assert.Equal("OKTA_GROUP", group.Value!.Type);
        var jane = new SpecClient.UserProfile("jane.doe@example.com", "jane.doe@example.com", "Jane", "Doe");
        var created = await okta.CreateUserAsync(jane, [group.Value.Id], activate: false);
        Assert.Equal("STAGED", created.Value!.Status);
        Assert.Equal(9, created.RateLimit.Remaining);

        // Find by login.
        var found = await okta.SearchUsersAsync("profile.login eq \"jane.doe@example.com\"");
        Assert.Equal(created.Value.Id, Assert.Single(found.Value!).Id);
        Assert.Equal(created.Value.Id, (await okta.GetUserAsync("jane.doe@example.com")).Value!.Id);

        // Activate without email, then reactivate.
        var activation = await okta.ActivateAsync(created.Value.Id, sendEmail: false);
        Assert.NotNull(activation.Value!.ActivationToken);
        Assert.Equal("PROVISIONED", (await okta.GetUserAsync(created.Value.Id)).Value!.Status);
        var reactivation = await okta.ReactivateAsync(created.Value.Id, sendEmail: true);
        Assert.Equal(HttpStatusCode.OK, reactivation.Status);

        // Duplicate login.
        var duplicate = await okta.CreateUserAsync(jane with { Email = "other@example.com" }, activate: false);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.Status);
        Assert.Equal("E0000001", duplicate.Error!.ErrorCode);
        Assert.Contains(duplicate.Error.ErrorCauses, c => c.ErrorSummary == "login: An object with this field already exists in the current organization");

        // Paging.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await okta.CreateUserAsync(new SpecClient.UserProfile($"u{i}@example.com", $"u{i}@example.com", "U", $"{i}"), activate: false)).Status);
        }

        Assert.Equal(5, (await okta.ListAllUsersAsync(limit: 2)).Count);

        // The users bucket is spent (10 calls): 429 with Reset, then success once the clock passes Reset.
        var throttled = await okta.CreateUserAsync(new SpecClient.UserProfile("late@example.com", "late@example.com", "L", "Ate"), activate: false);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Equal("E0000047", throttled.Error!.ErrorCode);
        Assert.Equal(0, throttled.RateLimit.Remaining);
        time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(throttled.RateLimit.Reset!.Value));
        var retried = await okta.CreateUserAsync(new SpecClient.UserProfile("late@example.com", "late@example.com", "L", "Ate"), activate: false);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
    }
}
