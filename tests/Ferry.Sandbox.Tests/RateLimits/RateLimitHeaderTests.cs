using System.Globalization;
using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.RateLimits;

/// <summary>The X-Rate-Limit-* arithmetic, driven by a fake clock.</summary>
public sealed class RateLimitHeaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public async Task Headers_CountDown_ThenE0000047_ThenANewWindowAfterReset()
    {
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxHost.StartAsync(Settings(("Sandbox:RateLimit:Limits:users", "3")), time);
        using var client = sandbox.CreateClient();
        var expectedReset = Start.AddSeconds(60).ToUnixTimeSeconds() + 1; // rounded up from .250

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative)));
        }

        Assert.Equal(["2", "1", "0", "0"], responses.Select(r => r.Header("X-Rate-Limit-Remaining")));
        Assert.All(responses, r => Assert.Equal("3", r.Header("X-Rate-Limit-Limit")));
        Assert.All(responses, r => Assert.Equal(expectedReset.ToString(CultureInfo.InvariantCulture), r.Header("X-Rate-Limit-Reset")));
        await responses[3].AssertOktaErrorAsync(HttpStatusCode.TooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.");

        time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(expectedReset));
        var afterReset = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, afterReset.StatusCode);
        Assert.Equal("2", afterReset.Header("X-Rate-Limit-Remaining"));
        Assert.Equal((expectedReset + 60).ToString(CultureInfo.InvariantCulture), afterReset.Header("X-Rate-Limit-Reset"));
    }

    [Fact]
    public async Task Window_OpensWithTheFirstRequest_NotOnTheClockMinute()
    {
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxHost.StartAsync(Settings(("Sandbox:RateLimit:Window", "00:00:10")), time);
        using var client = sandbox.CreateClient();
        time.Advance(TimeSpan.FromSeconds(17));

        var response = await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));

        var expected = Start.AddSeconds(27).ToUnixTimeSeconds() + 1;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), response.Header("X-Rate-Limit-Reset"));
    }

    [Fact]
    public async Task Multiplier_ScalesOktasPublishedLimits()
    {
        await using var sandbox = await SandboxHost.StartAsync(Settings(("Sandbox:RateLimit:Multiplier", "0.01")));
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var list = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));
        var get = await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));

        Assert.Equal("6", list.Header("X-Rate-Limit-Limit"));
        Assert.Equal("10", get.Header("X-Rate-Limit-Limit"));
    }

    [Fact]
    public async Task Buckets_AreIndependent_PerEndpoint()
    {
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxHost.StartAsync(Settings(("Sandbox:RateLimit:Limits:users", "1")), time);
        using var client = sandbox.CreateClient();
        var id = (string)(await client.CreateUserAsync("a@example.com"))["id"]!;

        var listThrottled = await client.GetAsync(new Uri("/api/v1/users", UriKind.Relative));
        var getById = await client.GetAsync(new Uri($"/api/v1/users/{id}", UriKind.Relative));
        var lifecycle = await client.PostAsync($"/api/v1/users/{id}/lifecycle/activate?sendEmail=false");

        Assert.Equal(HttpStatusCode.TooManyRequests, listThrottled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, getById.StatusCode);
        Assert.Equal("1000", getById.Header("X-Rate-Limit-Limit"));
        Assert.Equal(HttpStatusCode.OK, lifecycle.StatusCode);
        Assert.Equal("600", lifecycle.Header("X-Rate-Limit-Limit"));
        var buckets = (await sandbox.GetStatsAsync())["buckets"]!;
        Assert.Equal(2, (int)buckets["users"]!["requests"]!);
        Assert.Equal(1, (int)buckets["users"]!["throttled"]!);
        Assert.Equal(1, (int)buckets["userGet"]!["requests"]!);
        Assert.Equal(1, (int)buckets["other"]!["requests"]!);
    }

    [Fact]
    public async Task BackgroundShare_DrainsTheBucketThroughTheWindow()
    {
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxHost.StartAsync(
            Settings(("Sandbox:RateLimit:Limits:groups", "10"), ("Sandbox:RateLimit:BackgroundShare", "0.5")),
            time);
        using var client = sandbox.CreateClient();

        var first = await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        time.Advance(TimeSpan.FromSeconds(30));
        var halfway = await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));

        Assert.Equal("9", first.Header("X-Rate-Limit-Remaining"));
        Assert.Equal("6", halfway.Header("X-Rate-Limit-Remaining"));
    }

    [Fact]
    public async Task Stats_ListEachWindow_WithWhatClientsAndOtherAppsUsed()
    {
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxHost.StartAsync(
            Settings(("Sandbox:RateLimit:Limits:groups", "10"), ("Sandbox:RateLimit:BackgroundShare", "0.5"), ("Sandbox:RateLimit:Window", "00:00:10")),
            time);
        using var client = sandbox.CreateClient();

        // First window: two requests at its start, four at 9 s (the other apps have used 4 of 10 by then, 5 by its end).
        await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        time.Advance(TimeSpan.FromSeconds(9));
        for (var i = 0; i < 4; i++)
        {
            await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        }

        // Second window, 5 s after the first ended; the stats 2 s into it.
        time.Advance(TimeSpan.FromSeconds(6));
        await client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        time.Advance(TimeSpan.FromSeconds(2));
        var windows = (await sandbox.GetStatsAsync())["buckets"]!["groups"]!["windows"]!.AsArray();

        Assert.Equal(2, windows.Count);
        Assert.Equal("2026-01-01T00:00:00.250Z", (string?)windows[0]!["start"]);
        Assert.Equal(6, (int)windows[0]!["used"]!);
        Assert.Equal(5, (int)windows[0]!["others"]!);
        Assert.Equal(0, (int)windows[0]!["throttled"]!);
        Assert.Equal("2026-01-01T00:00:15.250Z", (string?)windows[1]!["start"]);
        Assert.Equal(1, (int)windows[1]!["used"]!);
        Assert.Equal(1, (int)windows[1]!["others"]!);
    }

    [Fact]
    public async Task Throttled_Request_DoesNotReachTheEndpoint()
    {
        var time = new FakeTimeProvider(Start);
        await using var sandbox = await SandboxHost.StartAsync(Settings(("Sandbox:RateLimit:Limits:users", "1")), time);
        using var client = sandbox.CreateClient();
        await client.CreateUserAsync("first@example.com");

        var throttled = await client.PostJsonAsync("/api/v1/users?activate=false", """{"profile":{"firstName":"A","lastName":"B","email":"second@example.com","login":"second@example.com"}}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(1, (int)(await sandbox.GetStatsAsync())["users"]!);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => (string?)p.Value);
}
