using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

public sealed class Auth0FaultTests
{
    [Fact]
    public async Task ServerErrors_Are500InAuth0sShape_AndNeverApplyThePost()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:Faults:ServerErrorRate"] = "1" });
        using var client = await sandbox.CreateAuth0ClientAsync();

        var get = await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));
        var post = await client.ImportAsync(Auth0Http.Users("""{"email":"a@example.com"}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, get.StatusCode);
        var body = await post.ReadJsonAsync();
        Assert.Equal(500, (int)body["statusCode"]!);
        Assert.Equal("Internal Server Error", (string?)body["error"]);
        Assert.False(string.IsNullOrEmpty((string?)body["message"]));
        var stats = await sandbox.GetAuth0StatsAsync();
        Assert.Equal(2, (int)stats["serverErrors"]!);
        Assert.Equal(0, (int)stats["importJobsCreated"]!);
    }

    [Fact]
    public async Task ServerErrors_WithTheSameSeed_HitTheSameRequests()
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:Auth0:Faults:ServerErrorRate"] = "0.3", ["Sandbox:Faults:Seed"] = "42" };
        var first = await StatusSequenceAsync(settings);
        var second = await StatusSequenceAsync(settings);

        Assert.Equal(first, second);
        Assert.Contains(200, first);
        Assert.Contains(500, first);
    }

    [Fact]
    public async Task JobFailureRate_One_FailsTheJobWithoutImporting()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await Auth0Http.StartAsync(time, new() { ["Sandbox:Auth0:Faults:JobFailureRate"] = "1" });
        using var client = await sandbox.CreateAuth0ClientAsync();

        var job = await client.RunJobAsync(time, Auth0Http.Users("""{"email":"a@example.com"}"""));

        Assert.Equal("failed", (string?)job["status"]);
        Assert.Null(job["summary"]);
        var stats = await sandbox.GetAuth0StatsAsync();
        Assert.Equal(0, (int)stats["users"]!);
        Assert.Equal(1, (int)stats["importJobsFailed"]!);
    }

    private static async Task<List<int>> StatusSequenceAsync(Dictionary<string, string?> settings)
    {
        await using var sandbox = await Auth0Http.StartAsync(settings: settings);
        using var client = await sandbox.CreateAuth0ClientAsync();
        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((int)(await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative))).StatusCode);
        }

        return statuses;
    }
}
