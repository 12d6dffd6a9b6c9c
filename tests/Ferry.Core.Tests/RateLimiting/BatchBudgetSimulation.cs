using Ferry.Core.RateLimiting;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>
/// A discrete-event simulation of durable leases: <see cref="Holders"/> lanes each loop "exchange (give back the last
/// batch's usage, ask for <see cref="Wanted"/> slots) → after <see cref="Dispatch"/> (the orchestration's round trip)
/// send one request per slot, not before its time nor after its window's last send, at most the grant's concurrency
/// at once → when every request has answered, after <see cref="Dispatch"/> again, exchange". Answers are recorded by
/// a real <see cref="LeaseBatchBudget"/>; Okta is an <see cref="OktaBucketModel"/>; the clock is fake.
/// </summary>
internal sealed class BatchBudgetSimulation(RateLimitBudgetState budget, OktaBucketModel okta)
{
    private readonly PriorityQueue<Action, (DateTimeOffset, long)> _events = new();
    private readonly SimulatedClock _clock = new();
    private long _sequence;

    public DateTimeOffset Now => _clock.Now;

    /// <summary>When the simulation starts (a budget carried over from an earlier run starts later).</summary>
    public DateTimeOffset Start
    {
        get => _clock.Now;
        init => _clock.Now = value;
    }

    public int Holders { get; init; } = 4;

    public int Wanted { get; init; } = 100;

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Each leg of a round trip varies uniformly by up to half of this either way (seeded).</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>From a batch's end to the next exchange, and from an exchange to its batch's start (each, ± half).</summary>
    public TimeSpan Dispatch { get; init; } = TimeSpan.FromMilliseconds(300);

    public Random Random { get; init; } = new(1);

    public int Sent { get; private set; }

    public int Exchanges { get; private set; }

    public List<DateTimeOffset> Throttles { get; } = [];

    /// <summary>Where to write what happens at each exchange (for investigating a run).</summary>
    public Action<string>? Log { get; init; }

    public void Run(TimeSpan duration)
    {
        var end = Now + duration;
        for (var i = 0; i < Holders; i++)
        {
            Schedule(Now + Wait(Dispatch), () => Exchange([]));
        }

        while (_events.TryDequeue(out var action, out var when) && when.Item1 < end)
        {
            _clock.Now = when.Item1;
            action();
        }

        okta.Close();
    }

    private void Exchange(IReadOnlyList<BudgetUsage> usage)
    {
        Exchanges++;
        foreach (var returned in usage)
        {
            budget.Settle(returned, Now);
            Log?.Invoke($"{Now:mm:ss.fff} settled lease {returned.LeaseId}: {string.Join(", ", returned.Answers.Select(a => $"e{a.Epoch} x{a.Count} reset {a.Reset:mm:ss} first {a.FirstAt:mm:ss.fff} rem {a.FirstRemaining}/{a.MinRemaining}"))}");
        }

        var grant = budget.TryAcquireBatch(Wanted, Now);
        Log?.Invoke($"{Now:mm:ss.fff} returned {usage.Sum(u => u.Used)} used/{usage.Sum(u => u.Unused.Sum(x => x.Count))} unused; granted {grant.Count} ({grant.Reason}) {(grant.Count > 0 ? $"{grant.Slots[0].First:mm:ss.fff}..{grant.Expand().Last().At:mm:ss.fff} epochs {string.Join("/", grant.Slots.Select(s => s.Epoch).Distinct())}" : $"retry {grant.RetryAt:mm:ss.fff}")}");
        if (grant.Count == 0)
        {
            Schedule(grant.RetryAt!.Value > Now ? grant.RetryAt.Value : Now + TimeSpan.FromMilliseconds(1), () => Exchange([]));
            return;
        }

        Schedule(Now + Wait(Dispatch), () => RunBatch(new LeaseBatchBudget([grant], _clock, TimeSpan.FromMilliseconds(5))));
    }

    /// <summary>Sends a request on each slot as the Okta handler would, then exchanges when all have answered.</summary>
    private void RunBatch(LeaseBatchBudget batch)
    {
        var outstanding = 0;
        var exhausted = false;
        void Next()
        {
            if (exhausted)
            {
                return;
            }

            var decision = batch.TryAcquireAsync("users").Result;
            if (decision.IsExhausted)
            {
                exhausted = true;
                if (outstanding == 0)
                {
                    Done();
                }

                return;
            }

            if (!decision.Granted)
            {
                Schedule(decision.RetryAt, Next);
                return;
            }

            outstanding++;
            var lease = decision.Lease;
            Schedule(lease.GrantedAt > Now ? lease.GrantedAt : Now, () =>
            {
                Send(lease, (outcome, headers) =>
                {
                    batch.CompleteAsync(lease, outcome, headers).AsTask().Wait();
                    outstanding--;
                    if (exhausted && outstanding == 0)
                    {
                        Done();
                    }
                });
                Next();
            });
        }

        void Done() => Schedule(Now + Wait(Dispatch), () => Exchange(batch.Usage()));

        Next();
    }

    private void Send(BudgetLease lease, Action<BudgetOutcome, RateLimitHeaders> answered)
    {
        Sent++;
        Schedule(Now + Leg(), () =>
        {
            var (allowed, headers) = okta.Arrive(Now);
            Schedule(Now + Leg(), () =>
            {
                if (!allowed)
                {
                    Throttles.Add(Now);
                }

                answered(allowed ? BudgetOutcome.Answered : BudgetOutcome.Throttled, headers);
            });
        });
    }

    private TimeSpan Leg() => (Latency / 2) + (Jitter * (Random.NextDouble() - 0.5));

    private TimeSpan Wait(TimeSpan typical) => typical * (0.5 + Random.NextDouble());

    private void Schedule(DateTimeOffset at, Action action) => _events.Enqueue(action, (at, _sequence++));

    private sealed class SimulatedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 5, 1, 12, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
