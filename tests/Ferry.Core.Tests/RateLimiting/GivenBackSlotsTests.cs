using Ferry.Core.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>
/// Slots a lease gives back go back at once (issue 20, item 6): between small jobs the users bucket showed
/// "598/600 left, 120 in flight" and half the two-row jobs waited 10–25 s at 0 rows for their first slot, paced after
/// the slots a finished lane had leased and never used.
/// </summary>
public sealed class GivenBackSlotsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Settle_AFinishedLanesUnusedSlots_NothingStaysInFlight_AndTheNextLeaseStartsNow()
    {
        var clock = new FakeTimeProvider(T0);
        var budget = Learned(new RateLimitBudgetOptions(), limit: 600, clock);

        // A two-row job's lane asked for a whole batch: half a window of paced slots (150 at 300 a minute).
        var lane = budget.TryAcquireBatch(3000, clock.GetUtcNow());
        Assert.InRange(lane.Count, 140, 151);
        clock.Advance(TimeSpan.FromSeconds(2));
        budget.Settle(Used(lane, 2, remaining: 597, clock.GetUtcNow()), clock.GetUtcNow());
        var afterSettle = budget.Snapshot(clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(1));
        var next = budget.TryAcquireBatch(2, clock.GetUtcNow());

        Assert.Equal(0, afterSettle.InFlight);
        Assert.Equal(2, next.Count);
        var first = next.Expand().First().At;
        Assert.True(first - clock.GetUtcNow() <= TimeSpan.FromSeconds(1), $"the next job's first slot is {first - clock.GetUtcNow()} away");
    }

    [Fact]
    public void Settle_EightTwoRowJobsBackToBack_EachFirstSlotWithinASecond()
    {
        var clock = new FakeTimeProvider(T0);
        var budget = Learned(new RateLimitBudgetOptions(), limit: 600, clock);
        var waits = new List<TimeSpan>();

        for (var job = 0; job < 8; job++)
        {
            var asked = clock.GetUtcNow();
            var lease = budget.TryAcquireBatch(3000, asked);
            var slots = lease.Expand().ToList();
            waits.Add(slots[0].At - asked);
            // The job's two rows go on their slots; the lane ends and gives the rest back.
            clock.Advance((slots[1].At > asked ? slots[1].At - asked : TimeSpan.Zero) + TimeSpan.FromMilliseconds(300));
            budget.Settle(Used(lease, 2, remaining: 590 - (2 * job), clock.GetUtcNow()), clock.GetUtcNow());
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.All(waits, w => Assert.True(w <= TimeSpan.FromSeconds(1), string.Join(", ", waits.Select(x => x.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))));
        Assert.Equal(0, budget.Snapshot(clock.GetUtcNow()).InFlight);
    }

    [Fact]
    public void Settle_AnEarlierLeasesSlots_KeepTheLaterLeasesPace()
    {
        // Slots given back by a lease granted before another still out do not pull the next slot before the other's.
        var clock = new FakeTimeProvider(T0);
        var budget = Learned(new RateLimitBudgetOptions(), limit: 600, clock);
        var first = budget.TryAcquireBatch(20, clock.GetUtcNow());
        var second = budget.TryAcquireBatch(20, clock.GetUtcNow());
        var secondLast = second.Expand().Last().At;

        clock.Advance(TimeSpan.FromSeconds(1));
        budget.Settle(Used(first, 5, remaining: 594, clock.GetUtcNow()), clock.GetUtcNow());
        var third = budget.TryAcquireBatch(1, clock.GetUtcNow());

        Assert.True(third.Expand().Single().At > secondLast);
        Assert.Equal(21, budget.Snapshot(clock.GetUtcNow()).InFlight);
    }

    /// <summary>A lease given back with its first <paramref name="used"/> slots answered and the rest unused.</summary>
    internal static BudgetUsage Used(BudgetGrant grant, int used, int remaining, DateTimeOffset answeredBy)
    {
        var slots = grant.Expand().ToList();
        var epoch = slots[0].Epoch;
        var firstAt = slots[0].At.AddMilliseconds(100);
        var lastAt = used > 0 ? slots[used - 1].At.AddMilliseconds(100) : firstAt;
        if (lastAt > answeredBy)
        {
            lastAt = answeredBy;
        }

        var limit = 600;
        var answers = used == 0
            ? new List<BudgetAnswers>()
            : [new BudgetAnswers(epoch, BudgetOutcome.Answered, used, limit, ResetOf(firstAt), remaining + used - 1, remaining, firstAt, lastAt, TimeSpan.FromMilliseconds(100))];
        return new BudgetUsage(grant.Bucket, grant.LeaseId, [new BudgetUnused(epoch, slots.Count - used)], answers);
    }

    /// <summary>The Reset of the one-minute window the test's first answer opened (T0's minute, rounded up).</summary>
    private static DateTimeOffset ResetOf(DateTimeOffset at) => at < T0.AddSeconds(60) ? T0.AddSeconds(60) : T0.AddSeconds(120);

    /// <summary>A budget that learned the limit from a probe ten minutes ago (Okta's minute windows).</summary>
    internal static RateLimitBudgetState Learned(RateLimitBudgetOptions options, int limit, FakeTimeProvider clock)
    {
        var budget = new RateLimitBudgetState("users", options);
        var at = clock.GetUtcNow().AddMinutes(-10);
        var probe = budget.TryAcquire(at);
        budget.Complete(probe.Lease, BudgetOutcome.Answered, new RateLimitHeaders(limit, limit - 1, at.AddSeconds(60)), at);
        budget.Memo.OthersPerWindow = 0; // it has watched a window through: no other app uses the bucket
        return budget;
    }
}
