using Ferry.Core.Okta;
using Ferry.Core.Outcomes;
using Ferry.Core.Tests.Pipeline;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>
/// The whole chain — runner, Okta client, in-process budget, sandbox — on one fake clock that runs about 20× faster
/// than real time: pacing stays within the configured share with no 429 when Ferry is alone on the org, and a job
/// recovers from injected 429s.
/// </summary>
public sealed class BudgetFakeClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AloneOnTheOrg_PacesWithinTheShare_WithoutA429()
    {
        await using var clock = new AutoAdvancingClock(Start, TimeSpan.FromMilliseconds(20));
        var sends = new RequestTimes(clock.Time);
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?> { ["Sandbox:RateLimit:Limits:users"] = "60", ["Sandbox:RateLimit:Window"] = "00:00:10" },
            new Dictionary<string, string?> { ["Ferry:Budget:Share"] = "0.5", ["Ferry:Budget:Window"] = "00:00:10", ["Okta:AttemptTimeout"] = "00:10:00" },
            clock.Time,
            services => services.AddHttpClient(OktaClientFactory.HttpClientName).AddHttpMessageHandler(() => sends));
        var csv = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 150).Select(i => $"u{i}@example.com,U,{i}\n"));

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.All(run.Results, r => Assert.Equal(RowAction.Created, r["action"]));
        Assert.Equal(0, (long)(await harness.Sandbox.GetStatsAsync())["throttled"]!);
        var times = sends.Times("/api/v1/users");
        Assert.Equal(150, times.Count);
        // Never more than the share (30 of 60) in any 10-second span, give or take the window edge; and paced,
        // so 150 creates take at least four full windows rather than a burst.
        Assert.InRange(MaxInAnySpan(times, TimeSpan.FromSeconds(10)), 25, 32);
        Assert.True(times[^1] - times[0] >= TimeSpan.FromSeconds(40), $"150 creates took only {times[^1] - times[0]}");
    }

    [Fact]
    public async Task InjectedThrottles_AreWaitedOut_AndTheJobCompletes()
    {
        await using var clock = new AutoAdvancingClock(Start, TimeSpan.FromMilliseconds(20));
        await using var harness = await OktaHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["Sandbox:RateLimit:Limits:users"] = "60",
                ["Sandbox:RateLimit:Window"] = "00:00:10",
                ["Sandbox:Faults:ThrottleRate"] = "0.1",
                ["Sandbox:Faults:Seed"] = "4",
            },
            new Dictionary<string, string?> { ["Ferry:Budget:Share"] = "1.0", ["Ferry:Budget:Window"] = "00:00:10", ["Okta:AttemptTimeout"] = "00:10:00" },
            clock.Time);
        var csv = "email,firstName,lastName\n" + string.Concat(Enumerable.Range(0, 120).Select(i => $"u{i}@example.com,U,{i}\n"));

        var run = await PipelineRun.RunAsync(harness, csv);

        Assert.All(run.Results, r => Assert.Equal(RowAction.Created, r["action"]));
        Assert.True(run.Summary.Throttled > 0);
        Assert.Equal(120, (int)(await harness.Sandbox.GetStatsAsync())["users"]!);
    }

    private static int MaxInAnySpan(List<DateTimeOffset> times, TimeSpan span)
    {
        var max = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= span)
            {
                start++;
            }

            max = Math.Max(max, end - start + 1);
        }

        return max;
    }

    /// <summary>Records when each request goes on the wire (innermost handler), on the test's clock.</summary>
    private sealed class RequestTimes(TimeProvider time) : DelegatingHandler
    {
        private readonly List<(string Path, DateTimeOffset At)> _sends = [];

        public List<DateTimeOffset> Times(string path)
        {
            lock (_sends)
            {
                return _sends.Where(s => s.Path == path).Select(s => s.At).Order().ToList();
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_sends)
            {
                _sends.Add((request.RequestUri!.AbsolutePath, time.GetUtcNow()));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
