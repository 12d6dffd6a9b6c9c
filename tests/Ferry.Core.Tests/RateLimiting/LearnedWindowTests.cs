using System.Text.Json;
using Ferry.Core.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>
/// The window's length is learned from Okta's <c>X-Rate-Limit-Reset</c>, the setting only a first guess (issue 20,
/// item 7): on a sandbox with 10-s windows and the default <c>Ferry:Budget:Window</c> (60 s) a job ran at 0.314 of its
/// share.
/// </summary>
public sealed class LearnedWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Complete_TheProbesReset_IsTheFirstGuessOfTheWindow()
    {
        var clock = new FakeTimeProvider(T0);
        var budget = new RateLimitBudgetState("users", new RateLimitBudgetOptions());

        var probe = budget.TryAcquire(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMilliseconds(80));
        // The probe opened a window at T0 + 40 ms; Okta's Reset is its end in whole seconds, rounded up.
        budget.Complete(probe.Lease, BudgetOutcome.Answered, new RateLimitHeaders(100, 99, T0.AddSeconds(11)), clock.GetUtcNow());

        Assert.InRange(budget.Memo.Window!.Value.TotalSeconds, 10, 11);
        Assert.Equal(budget.Memo.Window, budget.Snapshot(clock.GetUtcNow()).Window);
    }

    [Fact]
    public void Complete_SuccessiveResets_GiveTheWindow_AndItOutlivesTheSetting()
    {
        var clock = new FakeTimeProvider(T0);
        var budget = new RateLimitBudgetState("users", new RateLimitBudgetOptions { Share = 1.0 });
        var probe = budget.TryAcquire(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMilliseconds(900));
        budget.Complete(probe.Lease, BudgetOutcome.Answered, new RateLimitHeaders(100, 99, T0.AddSeconds(11)), clock.GetUtcNow());
        var guessed = budget.Memo.Window;

        // Okta's next window: opened by a request just after the first one ended, its Reset ten seconds after the first's.
        clock.SetUtcNow(T0.AddSeconds(11.05));
        var next = budget.TryAcquire(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMilliseconds(100));
        budget.Complete(next.Lease, BudgetOutcome.Answered, new RateLimitHeaders(100, 99, T0.AddSeconds(21)), clock.GetUtcNow());

        Assert.True(next.Granted);
        Assert.NotEqual(TimeSpan.FromSeconds(10), guessed);
        Assert.Equal(TimeSpan.FromSeconds(10), budget.Memo.Window);
        // Persisted with the entity: a budget on the same memo knows it, whatever the setting says.
        var memo = JsonSerializer.Deserialize<RateLimitBudgetMemo>(JsonSerializer.Serialize(budget.Memo));
        var restored = new RateLimitBudgetState("users", new RateLimitBudgetOptions { Window = TimeSpan.FromMinutes(5) }, memo);
        Assert.Equal(TimeSpan.FromSeconds(10), restored.Snapshot(clock.GetUtcNow()).Window);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Simulation_TenSecondWindows_SettingLeftAtAMinute_UsesItsShare(int seed)
    {
        // The sandbox's 10-s windows, Ferry told nothing (Ferry:Budget:Window at its default, a minute): four lanes
        // asking for up to 500 slots at a time. Before: about a third of the share.
        var window = TimeSpan.FromSeconds(10);
        var okta = new OktaBucketModel(limit: 600, window: window);
        var budget = new RateLimitBudgetState("users", new RateLimitBudgetOptions { Share = 0.5 });
        var simulation = new BatchBudgetSimulation(budget, okta) { Holders = 4, Wanted = 500, Jitter = TimeSpan.FromMilliseconds(60), Random = new Random(seed) };

        simulation.Run(TimeSpan.FromMinutes(2));

        Assert.Empty(simulation.Throttles);
        Assert.Equal(window, budget.Memo.Window);
        // Over the whole run, the first windows included: at least 0.85 of the share.
        Assert.True(simulation.Sent >= 0.85 * 300 * 12, $"sent {simulation.Sent} of {300 * 12}: {Windows(okta)}");
        Assert.All(okta.Windows.Skip(2).SkipLast(1), w => Assert.InRange(w.Used, 285, 300));
    }

    [Fact]
    public void Simulation_MinuteWindows_SettingTenSeconds_LearnsTheLongerWindow()
    {
        var window = TimeSpan.FromSeconds(60);
        var okta = new OktaBucketModel(limit: 600, window: window);
        var budget = new RateLimitBudgetState("users", new RateLimitBudgetOptions { Share = 0.5, Window = TimeSpan.FromSeconds(10) });
        var simulation = new BatchBudgetSimulation(budget, okta) { Holders = 4, Wanted = 500, Jitter = TimeSpan.FromMilliseconds(60), Random = new Random(4) };

        simulation.Run(TimeSpan.FromMinutes(8));

        Assert.Empty(simulation.Throttles);
        Assert.Equal(window, budget.Memo.Window);
        Assert.All(okta.Windows.Skip(1).SkipLast(1), w => Assert.InRange(w.Used, 285, 300));
    }

    private static string Windows(OktaBucketModel okta) => string.Join(", ", okta.Windows.Select(w => $"{w.WindowStart:mm:ss.fff}:{w.Used}"));
}
