using Ferry.Core.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>Durable leases: batches of paced slots granted by one budget, used by holders that ask only between batches.</summary>
public sealed class BatchLeaseTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstBatch_IsOneProbeSlot_OthersWaitForItsAnswer()
    {
        var budget = new RateLimitBudgetState("users", new RateLimitBudgetOptions());

        var probe = budget.TryAcquireBatch(100, T0);
        var second = budget.TryAcquireBatch(100, T0);

        Assert.Equal(1, probe.Count);
        Assert.Equal(0, second.Count);
        Assert.Equal("learning the limit", second.Reason);
        Assert.True(second.RetryAt > T0);
        // The probe is not tied to a window (none is known yet): its holder may send it however late it gets to it.
        Assert.Equal(T0 + new RateLimitBudgetOptions().LeaseTimeout, probe.Slots.Single().LastSend);
    }

    [Fact]
    public void Batch_IsPacedLikeSingleGrants_AndCountsAsInFlightUntilSettled()
    {
        var budget = Learned(new RateLimitBudgetOptions { Share = 0.5 }, limit: 600, window: TimeSpan.FromSeconds(60));

        var grant = budget.TryAcquireBatch(3, T0);

        var slots = grant.Expand().Select(s => (s.At - T0).TotalMilliseconds).ToList();
        Assert.Equal(3, slots.Count);
        // A fresh window opens with the first slot; the other 299 of the share are spread over the rest of its minute.
        Assert.Equal(0, slots[0]);
        Assert.InRange(slots[1], 195, 205);
        Assert.InRange(slots[2], 395, 405);
        Assert.Equal(3, budget.Snapshot(T0).InFlight);

        budget.Settle(new BudgetUsage("users", grant.LeaseId, [new BudgetUnused(grant.Slots[0].Epoch, 3)], []), T0.AddSeconds(1));
        Assert.Equal(0, budget.Snapshot(T0.AddSeconds(1)).InFlight);
    }

    [Fact]
    public void Batch_ReachesIntoTheNextWindow_OnlyUpToLeaseAhead()
    {
        var options = new RateLimitBudgetOptions { Share = 1.0, Window = TimeSpan.FromSeconds(10), LeaseAhead = TimeSpan.FromSeconds(5), MinBatchSlots = 1 };
        var budget = Learned(options, limit: 60, window: TimeSpan.FromSeconds(10));

        var grant = budget.TryAcquireBatch(1000, T0);

        var slots = grant.Expand().ToList();
        Assert.All(slots, s => Assert.True(s.At <= T0.AddSeconds(5)));
        Assert.InRange(slots.Count, 25, 31);
        Assert.Equal("as far ahead as leases go", grant.Reason);
    }

    [Fact]
    public void Batch_WhenTheWindowIsSpent_StartsAtTheNextWindow_OnceAnAnswerHasPlacedThisOne()
    {
        var options = new RateLimitBudgetOptions { Share = 1.0, Window = TimeSpan.FromSeconds(10), LeaseAhead = TimeSpan.FromSeconds(30), MinBatchSlots = 1 };
        var budget = Learned(options, limit: 10, window: TimeSpan.FromSeconds(10));

        var first = budget.TryAcquireBatch(15, T0);
        var epoch = first.Slots[0].Epoch;
        // Okta's answer to the window's first request: the window opened at T0 + 50 ms and ends 10 s later.
        budget.Settle(new BudgetUsage("users", first.LeaseId, [], [new BudgetAnswers(epoch, BudgetOutcome.Answered, first.Count, 10, T0.AddSeconds(11), 9, 10 - first.Count, T0.AddMilliseconds(100), T0.AddSeconds(9), TimeSpan.FromMilliseconds(100))]), T0.AddSeconds(9.5));
        var next = budget.TryAcquireBatch(5, T0.AddSeconds(9.5));

        // Without an answer the window's end is an estimate, and the next window's slots would risk opening it early.
        Assert.InRange(first.Count, 9, 10); // the window's share, paced up to one round trip before its end
        Assert.Equal("waiting for this window's first answers", first.Reason);
        Assert.Equal(5, next.Count);
        Assert.NotEqual(epoch, next.Slots[0].Epoch);
        Assert.All(next.Expand(), s => Assert.True(s.At >= T0.AddSeconds(10.1), $"slot at {s.At - T0} is before Okta's window ends"));
        Assert.All(next.Expand(), s => Assert.True(s.At < s.LastSend));
    }

    [Fact]
    public void Settle_AFewAnswersInANeighbouringWindow_DoNotPlaceThisOne()
    {
        var options = new RateLimitBudgetOptions { Share = 1.0, Window = TimeSpan.FromSeconds(10), MinBatchSlots = 1 };
        var budget = Learned(options, limit: 600, window: TimeSpan.FromSeconds(10));
        var grant = budget.TryAcquireBatch(100, T0);
        var epoch = grant.Slots[0].Epoch;

        // Three of the batch's requests reached Okta before its previous window closed; the other 97 opened this one.
        budget.Settle(
            new BudgetUsage("users", grant.LeaseId, [], [
                new BudgetAnswers(epoch, BudgetOutcome.Answered, 3, 600, T0.AddSeconds(1), 100, 98, T0.AddMilliseconds(60), T0.AddMilliseconds(90), TimeSpan.FromMilliseconds(100)),
                new BudgetAnswers(epoch, BudgetOutcome.Answered, 97, 600, T0.AddSeconds(11), 599, 503, T0.AddMilliseconds(1100), T0.AddSeconds(2), TimeSpan.FromMilliseconds(100)),
            ]),
            T0.AddSeconds(2));

        Assert.Equal(T0.AddSeconds(11), budget.Memo.ServerReset);
        Assert.Equal(epoch, budget.Memo.Epoch);
    }

    [Fact]
    public void Settle_WithA429_HoldsTheNextBatchUntilReset()
    {
        var budget = Learned(new RateLimitBudgetOptions { Share = 1.0 }, limit: 600, window: TimeSpan.FromSeconds(60));
        var grant = budget.TryAcquireBatch(10, T0);
        var reset = T0.AddSeconds(40);
        var epoch = grant.Slots[0].Epoch;

        budget.Settle(
            new BudgetUsage("users", grant.LeaseId, [new BudgetUnused(epoch, 9)], [new BudgetAnswers(epoch, BudgetOutcome.Throttled, 1, 600, reset, 0, 0, T0.AddSeconds(1), T0.AddSeconds(1), TimeSpan.FromMilliseconds(100))]),
            T0.AddSeconds(1));
        var blocked = budget.TryAcquireBatch(10, T0.AddSeconds(2));
        var after = budget.TryAcquireBatch(10, reset);

        Assert.Equal(0, blocked.Count);
        Assert.Equal(reset, blocked.RetryAt);
        Assert.Equal(10, after.Count);
        Assert.Equal(1, budget.Snapshot(reset).Throttled);
    }

    [Fact]
    public void LeaseNeverGivenBack_StopsCountingAfterTheLeaseTimeout()
    {
        var options = new RateLimitBudgetOptions { Share = 1.0, LeaseTimeout = TimeSpan.FromSeconds(30) };
        var budget = Learned(options, limit: 1_000_000, window: TimeSpan.FromSeconds(60));

        var lost = budget.TryAcquireBatch(50, T0);
        var last = lost.Expand().Last().At;

        Assert.Equal(50, budget.Snapshot(last.AddSeconds(29)).InFlight);
        budget.TryAcquireBatch(1, last.AddSeconds(31));
        Assert.Equal(1, budget.Snapshot(last.AddSeconds(31)).InFlight);
    }

    [Fact]
    public void Memo_RoundTripsThroughJson_AndTheBudgetCarriesOn()
    {
        var budget = Learned(new RateLimitBudgetOptions { Share = 0.5 }, limit: 600, window: TimeSpan.FromSeconds(60));
        budget.TryAcquireBatch(5, T0);

        var json = System.Text.Json.JsonSerializer.Serialize(budget.Memo);
        var again = new RateLimitBudgetState("users", new RateLimitBudgetOptions { Share = 0.5 }, System.Text.Json.JsonSerializer.Deserialize<RateLimitBudgetMemo>(json));
        var restored = again.Snapshot(T0);
        var next = again.TryAcquireBatch(1, T0);

        Assert.Equal(600, restored.Limit);
        Assert.Equal(5, restored.InFlight);
        // The sixth slot of the window, paced as the first five were (0, 200, 400, 600, 800 ms).
        Assert.InRange((next.Expand().Single().At - T0).TotalMilliseconds, 995, 1010);
    }

    [Fact]
    public async Task LeaseBatchBudget_SlotsInOrder_ThenExhausted_AndUsageReportsAnswersAndUnused()
    {
        var clock = new FakeTimeProvider(T0);
        var budget = Learned(new RateLimitBudgetOptions { Share = 1.0 }, limit: 600, window: TimeSpan.FromSeconds(60));
        var grant = budget.TryAcquireBatch(3, T0);
        var batch = new LeaseBatchBudget([grant], clock);

        var first = await batch.TryAcquireAsync("users", TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await batch.CompleteAsync(first.Lease, BudgetOutcome.Answered, new RateLimitHeaders(600, 590, T0.AddSeconds(60)), TestContext.Current.CancellationToken);
        var second = await batch.TryAcquireAsync("users", TestContext.Current.CancellationToken);
        var third = await batch.TryAcquireAsync("users", TestContext.Current.CancellationToken);
        var fourth = await batch.TryAcquireAsync("users", TestContext.Current.CancellationToken);
        var other = await batch.TryAcquireAsync("other", TestContext.Current.CancellationToken);
        var usage = batch.Usage().Single();

        Assert.True(first.Granted && second.Granted && third.Granted);
        Assert.True(fourth.IsExhausted);
        Assert.True(other.IsExhausted);
        Assert.Equal(["users", "other"], batch.Spent);
        Assert.Equal(grant.LeaseId, usage.LeaseId);
        Assert.Equal(1, usage.Used);
        Assert.Equal(590, usage.Answers.Single().MinRemaining);
        Assert.Empty(usage.Unused); // the two taken without an answer are in flight, not unused
    }

    [Fact]
    public async Task LeaseBatchBudget_SlotsPastTheirWindowsLastSend_AreGivenBackUnused()
    {
        var clock = new FakeTimeProvider(T0);
        var options = new RateLimitBudgetOptions { Share = 1.0, Window = TimeSpan.FromSeconds(10) };
        var budget = Learned(options, limit: 600, window: TimeSpan.FromSeconds(10));
        var grant = budget.TryAcquireBatch(5, T0);
        var batch = new LeaseBatchBudget([grant], clock);

        clock.Advance(TimeSpan.FromSeconds(11)); // the batch started after its window was over
        var decision = await batch.TryAcquireAsync("users", TestContext.Current.CancellationToken);
        var usage = batch.Usage().Single();

        Assert.True(decision.IsExhausted);
        Assert.Equal(5, usage.Unused.Sum(u => u.Count));
    }

    [Theory]
    [InlineData(1.0, 10, 1)]
    [InlineData(1.0, 10, 2)]
    [InlineData(0.5, 10, 3)]
    [InlineData(0.5, 10, 4)]
    [InlineData(1.0, 60, 5)]
    [InlineData(0.5, 60, 6)]
    public void Simulation_FourHoldersWithSlowDispatch_EveryWindowGetsItsShare_WithoutA429(double share, int windowSeconds, int seed)
    {
        // 600 per window (Okta's minute, or compressed to 10 s as in the benchmarks), round trips 100 ± 30 ms; each
        // holder needs 150–450 ms from one batch's end to the next batch's start (an orchestration's round trip through
        // storage) and asks for up to 500 slots at a time.
        var window = TimeSpan.FromSeconds(windowSeconds);
        var okta = new OktaBucketModel(limit: 600, window: window);
        var budget = new RateLimitBudgetState("users", new RateLimitBudgetOptions { Share = share, Concurrency = 10, Window = window });
        var simulation = new BatchBudgetSimulation(budget, okta) { Holders = 4, Wanted = 500, Jitter = TimeSpan.FromMilliseconds(60), Random = new Random(seed) };

        simulation.Run(window * 12);

        var quota = (int)(600 * share);
        Assert.Empty(simulation.Throttles);
        var full = okta.Windows.Skip(1).SkipLast(1).ToList();
        Assert.True(full.Count >= 8, $"only {full.Count} windows");
        Assert.True(full.All(w => w.Used >= (int)(quota * 0.97) && w.Used <= quota), string.Join(", ", okta.Windows.Select(w => $"{w.WindowStart:ss.fff}:{w.Used}")));
        Assert.True(simulation.Exchanges * 20 <= simulation.Sent, $"{simulation.Exchanges} exchanges for {simulation.Sent} requests");
    }

    [Fact]
    public void SpreadBatch_SlotsAreDueAcrossTheSpread_NotAllNow()
    {
        // A bucket with room to spare (a look-up bucket) for rows whose creates are paced over the next 4 s.
        var options = new RateLimitBudgetOptions { Share = 1.0, Window = TimeSpan.FromSeconds(2), MinBatchSlots = 1 };
        var budget = Learned(options, limit: 1000, window: TimeSpan.FromSeconds(2));
        var spread = new BudgetSpread(T0.AddSeconds(1), T0.AddSeconds(5));

        var unspread = Learned(options, limit: 1000, window: TimeSpan.FromSeconds(2)).TryAcquireBatch(20, T0);
        var grant = budget.TryAcquireBatch(20, T0, spread);

        // Without the spread every slot is due at once and none may go after this window's last send (before 2 s).
        Assert.All(unspread.Expand(), s => Assert.True(s.LastSend <= T0.AddSeconds(2)));
        var slots = grant.Expand().ToList();
        Assert.Equal(20, slots.Count);
        for (var i = 0; i < slots.Count; i++)
        {
            // Slot i is due no sooner than its share of the spread, and each can still be sent when it is due.
            Assert.True(slots[i].At >= spread.Due(i, 20), $"slot {i} at {slots[i].At:ss.fff}");
            Assert.True(slots[i].LastSend > slots[i].At, $"slot {i}");
        }

        Assert.True(slots[^1].At >= T0.AddSeconds(4.5));
    }

    private static RateLimitBudgetState Learned(RateLimitBudgetOptions options, int limit, TimeSpan window)
    {
        var budget = new RateLimitBudgetState("users", options);
        var probe = budget.TryAcquire(T0.AddMinutes(-10));
        budget.Complete(probe.Lease, BudgetOutcome.Answered, new RateLimitHeaders(limit, limit - 1, T0.AddMinutes(-10) + window), T0.AddMinutes(-10));
        budget.Memo.OthersPerWindow = 0; // it has watched a window through: no other app uses the bucket
        return budget;
    }
}
