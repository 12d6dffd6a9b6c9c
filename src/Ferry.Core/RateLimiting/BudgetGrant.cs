namespace Ferry.Core.RateLimiting;

/// <summary>
/// A batch of paced slots for one bucket, handed to a holder that sends at most one request per slot, not before
/// its time and not after its window's last send, with at most <see cref="Concurrency"/> in flight. Plain data: it
/// travels from a durable entity through an orchestration to an activity.
/// </summary>
/// <param name="LeaseId">The budget's id for the batch; the holder gives it back with <see cref="BudgetUsage"/>.</param>
/// <param name="Slots">The slots, in runs of evenly spaced ones; empty when nothing can be granted before <see cref="RetryAt"/>.</param>
/// <param name="RetryAt">When nothing was granted: when to ask again.</param>
/// <param name="Reason">Why nothing (or less than asked) was granted.</param>
/// <param name="Snapshot">The bucket's budget as it stood, for progress displays.</param>
public sealed record BudgetGrant(
    string Bucket,
    long LeaseId,
    IReadOnlyList<BudgetSlotRun> Slots,
    int Concurrency,
    DateTimeOffset? RetryAt,
    string Reason,
    BudgetSnapshot Snapshot)
{
    public int Count => Slots.Sum(s => s.Count);

    /// <summary>Every slot's time and window, in order.</summary>
    public IEnumerable<(long Epoch, DateTimeOffset At, DateTimeOffset LastSend)> Expand() =>
        Slots.SelectMany(run => Enumerable.Range(0, run.Count).Select(i => (run.Epoch, run.First + (run.Interval * i), run.LastSend)));
}

/// <summary><see cref="Count"/> slots of one window, <see cref="Interval"/> apart from <see cref="First"/>; none may be sent after <see cref="LastSend"/>.</summary>
public sealed record BudgetSlotRun(long Epoch, DateTimeOffset First, TimeSpan Interval, int Count, DateTimeOffset LastSend);
