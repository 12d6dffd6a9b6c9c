using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Auth0;

public sealed class RateLimitTests
{
    [Fact]
    public async Task ManagementApi_EveryResponse_CarriesRateLimitHeaders()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await SandboxHost.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Auth0:RateLimit:Limit"] = "10", ["Sandbox:Auth0:RateLimit:Window"] = "00:00:10" },
            time);
        using var client = await sandbox.CreateAuth0ClientAsync();
        using var anonymous = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var first = await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));
        var second = await client.GetAsync(new Uri("/api/v2/jobs/job_missing", UriKind.Relative));
        var unauthorized = await anonymous.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));

        Assert.Equal("10", first.Header("x-ratelimit-limit"));
        Assert.Equal("9", first.Header("x-ratelimit-remaining"));
        Assert.Equal("8", second.Header("x-ratelimit-remaining"));
        Assert.Equal("7", unauthorized.Header("x-ratelimit-remaining"));

        // The bucket refills at 1 token a second: 3 taken, so full again 3 seconds from now.
        Assert.Equal(Auth0Http.Start.AddSeconds(3).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), unauthorized.Header("x-ratelimit-reset"));
    }

    [Fact]
    public async Task ManagementApi_OverTheBucket_Is429WithRetryAfter_ThenRefills()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await SandboxHost.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Auth0:RateLimit:Limit"] = "3", ["Sandbox:Auth0:RateLimit:Window"] = "00:00:06" },
            time);
        using var client = await sandbox.CreateAuth0ClientAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative))).StatusCode);
        }

        var throttled = await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));
        time.Advance(TimeSpan.FromSeconds(2));
        var refilled = await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative));

        await throttled.AssertAuth0ErrorAsync(HttpStatusCode.TooManyRequests, "too_many_requests", "Global limit has been reached");
        Assert.Equal("3", throttled.Header("x-ratelimit-limit"));
        Assert.Equal("0", throttled.Header("x-ratelimit-remaining"));
        Assert.Equal("2", throttled.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.OK, refilled.StatusCode);
        Assert.Equal(1, (int)(await sandbox.GetAuth0StatsAsync())["throttled"]!);
    }

    [Fact]
    public async Task ManagementApi_ByDefault_AllowsBurstsOfTen_ThenFiveRequestsASecond_AsAPaidTenant()
    {
        var time = new FakeTimeProvider(Auth0Http.Start);
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>(), time);
        using var client = await sandbox.CreateAuth0ClientAsync();

        async Task<int> AllowedInARowAsync()
        {
            var allowed = 0;
            while ((await client.GetAsync(new Uri("/api/v2/connections", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
            {
                allowed++;
            }

            return allowed;
        }

        var burst = await AllowedInARowAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        var aSecondLater = await AllowedInARowAsync();

        Assert.Equal(10, burst);
        Assert.Equal(5, aSecondLater);
    }
}
