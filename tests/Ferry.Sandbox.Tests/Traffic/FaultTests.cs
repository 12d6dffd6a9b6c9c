using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Traffic;

public sealed class FaultTests
{
    [Fact]
    public async Task ServerErrors_Are500JsonOr502And503Html()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Faults:ServerErrorRate"] = "1" });
        using var client = sandbox.CreateClient();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            responses.Add(await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative)));
        }

        Assert.All(responses, r => Assert.Contains((int)r.StatusCode, new[] { 500, 502, 503 }));
        Assert.Equal(3, responses.Select(r => r.StatusCode).Distinct().Count());
        await responses.First(r => r.StatusCode == HttpStatusCode.InternalServerError).AssertOktaErrorAsync(HttpStatusCode.InternalServerError, "E0000009");
        Assert.Equal("text/html", responses.First(r => r.StatusCode == HttpStatusCode.BadGateway).Content.Headers.ContentType!.MediaType);
        Assert.Equal(30, (int)(await sandbox.GetStatsAsync())["serverErrors"]!);
    }

    [Fact]
    public async Task Faults_WithTheSameSeed_HitTheSameRequests()
    {
        var settings = new Dictionary<string, string?> { ["Sandbox:Faults:ServerErrorRate"] = "0.3", ["Sandbox:Faults:Seed"] = "42" };
        var first = await StatusSequenceAsync(settings);
        var second = await StatusSequenceAsync(settings);
        var otherSeed = await StatusSequenceAsync(new Dictionary<string, string?>(settings) { ["Sandbox:Faults:Seed"] = "7" });

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.Contains(200, first);
        Assert.Contains(first, s => s >= 500);
    }

    [Fact]
    public async Task Resets_DropTheConnection_SometimesAfterTheCreateWasApplied()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Faults:ResetRate"] = "1" });
        using var client = sandbox.CreateClient();

        var failures = 0;
        for (var i = 0; i < 20; i++)
        {
            try
            {
                await client.PostJsonAsync("/api/v1/users?activate=false", $$"""{"profile":{"firstName":"A","lastName":"B","email":"u{{i}}@example.com","login":"u{{i}}@example.com"} }""");
            }
            catch (HttpRequestException)
            {
                failures++;
            }
        }

        var stats = await sandbox.GetStatsAsync();
        Assert.Equal(20, failures);
        Assert.Equal(20, (int)stats["resets"]!);
        Assert.InRange((int)stats["users"]!, 1, 19);
    }

    [Fact]
    public async Task SlowResponses_StallForTheSlowDelay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Faults:SlowRate"] = "1", ["Sandbox:Faults:SlowDelay"] = "00:00:05" },
            time);
        using var client = sandbox.CreateClient();

        var pending = client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        await ConcurrencyTests.WaitUntilAsync(async () => (int)(await sandbox.GetStatsAsync())["slowResponses"]! == 1);
        time.Advance(TimeSpan.FromSeconds(4.9));
        var stalled = !pending.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.True(stalled);
        Assert.Equal(HttpStatusCode.OK, (await pending).StatusCode);
        Assert.Equal(1, (int)(await sandbox.GetStatsAsync())["slowResponses"]!);
    }

    [Fact]
    public async Task ThrottleBursts_Answer429_ThoughTheBucketHasRoom()
    {
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Faults:ThrottleRate"] = "1" });
        using var client = sandbox.CreateClient();

        var response = await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));

        await response.AssertOktaErrorAsync(HttpStatusCode.TooManyRequests, "E0000047");
        Assert.Equal("0", response.Header("X-Rate-Limit-Remaining"));
        Assert.Equal("600", response.Header("X-Rate-Limit-Limit"));
    }

    private static async Task<List<int>> StatusSequenceAsync(Dictionary<string, string?> settings)
    {
        await using var sandbox = await SandboxHost.StartAsync(settings);
        using var client = sandbox.CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((int)(await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative))).StatusCode);
        }

        return statuses;
    }
}
