using System.Net;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Sandbox.Tests.Traffic;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task RequestsBeyondTheConcurrencyLimit_Are429WithZeroedHeaders()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:Concurrency"] = "2", ["Sandbox:Latency:Mean"] = "00:00:01" },
            time);
        using var client = sandbox.CreateClient();

        var requests = Enumerable.Range(0, 3).Select(_ => client.GetAsync(new Uri("/api/v1/users", UriKind.Relative))).ToList();
        var rejected = await Task.WhenAny(requests);
        await WaitUntilAsync(async () => (int)(await sandbox.GetStatsAsync())["inFlight"]! == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        var all = await Task.WhenAll(requests);

        var throttled = Assert.Single(all, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Same(await rejected, throttled);
        Assert.Equal("0", throttled.Header("X-Rate-Limit-Limit"));
        Assert.Equal("0", throttled.Header("X-Rate-Limit-Remaining"));
        await throttled.AssertOktaErrorAsync(HttpStatusCode.TooManyRequests, "E0000047");
        Assert.Equal(2, all.Count(r => r.StatusCode == HttpStatusCode.OK));
        var stats = await sandbox.GetStatsAsync();
        Assert.Equal(2, (int)stats["maxConcurrent"]!);
        Assert.Equal(1, (int)stats["concurrencyThrottled"]!);
        Assert.Equal(0, (int)stats["inFlight"]!);
    }

    [Fact]
    public async Task Latency_DelaysEveryResponse_ByTheConfiguredMean()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Latency:Mean"] = "00:00:00.500" }, time);
        using var client = sandbox.CreateClient();

        var pending = client.GetAsync(new Uri("/api/v1/groups", UriKind.Relative));
        await WaitUntilAsync(async () => (int)(await sandbox.GetStatsAsync())["inFlight"]! == 1);
        time.Advance(TimeSpan.FromMilliseconds(499));
        var stillPending = !pending.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(stillPending);
        Assert.Equal(HttpStatusCode.OK, (await pending).StatusCode);
    }

    /// <summary>
    /// Waits until the sandbox's counters show the request inside, then a moment more: the request's delay starts on
    /// the fake clock just after it is counted, and a clock advanced before that would leave it stalled for good (seen
    /// on a loaded CI machine).
    /// </summary>
    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        Assert.Fail("condition not met within 5 s");
    }
}
