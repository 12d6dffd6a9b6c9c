using Ferry.Core.RateLimiting;

namespace Ferry.Core.Tests.RateLimiting;

/// <summary>
/// A discrete-event simulation: <see cref="Workers"/> callers each loop "acquire a lease, send, get the answer
/// <see cref="Latency"/> later, report it" against an <see cref="OktaBucketModel"/>, on a fake clock.
/// </summary>
internal sealed class BudgetSimulation(RateLimitBudgetState budget, OktaBucketModel okta)
{
    private readonly PriorityQueue<Action, (DateTimeOffset, long)> _events = new();
    private long _sequence;

    public DateTimeOffset Now { get; private set; } = new(2026, 5, 1, 12, 0, 0, 0, TimeSpan.Zero);

    public int Workers { get; init; } = 20;

    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Each leg of a round trip varies uniformly by up to half of this either way (seeded).</summary>
    public TimeSpan Jitter { get; init; }

    public Random Random { get; init; } = new(1);

    public int Sent { get; private set; }

    public int Answered { get; private set; }

    public List<DateTimeOffset> Throttles { get; } = [];

    /// <summary>Injected 429s: requests sent in these intervals are answered 429 with the window's Reset.</summary>
    public List<(DateTimeOffset From, DateTimeOffset To)> ThrottleBursts { get; } = [];

    public void Run(TimeSpan duration)
    {
        var end = Now + duration;
        for (var i = 0; i < Workers; i++)
        {
            Schedule(Now, TryStart);
        }

        while (_events.TryDequeue(out var action, out var when) && when.Item1 < end)
        {
            Now = when.Item1;
            action();
        }

        okta.Close();
    }

    private void TryStart()
    {
        var decision = budget.TryAcquire(Now);
        if (!decision.Granted)
        {
            Schedule(decision.RetryAt > Now ? decision.RetryAt : Now + TimeSpan.FromMilliseconds(1), TryStart);
            return;
        }

        if (decision.Lease.GrantedAt > Now)
        {
            // A paced slot ahead: send then.
            Schedule(decision.Lease.GrantedAt, () => Send(decision.Lease));
            return;
        }

        Send(decision.Lease);
    }

    private void Send(BudgetLease lease)
    {
        Sent++;
        var arrival = Now + Leg();
        Schedule(arrival, () =>
        {
            var burst = ThrottleBursts.Any(b => Now >= b.From && Now < b.To);
            var (allowed, headers) = okta.Arrive(Now);
            var throttled = burst || !allowed;
            if (burst)
            {
                headers = headers with { Remaining = 0 };
            }

            Schedule(Now + Leg(), () =>
            {
                if (throttled)
                {
                    Throttles.Add(Now);
                }
                else
                {
                    Answered++;
                }

                budget.Complete(lease, throttled ? BudgetOutcome.Throttled : BudgetOutcome.Answered, headers, Now);
                TryStart();
            });
        });
    }

    private TimeSpan Leg() => (Latency / 2) + (Jitter * (Random.NextDouble() - 0.5));

    private void Schedule(DateTimeOffset at, Action action) => _events.Enqueue(action, (at, _sequence++));
}
