namespace Ferry.Core.RateLimiting;

/// <summary>
/// Everything <see cref="RateLimitBudgetState"/> keeps about one bucket, as plain data: what a durable entity
/// persists between operations. Never a secret: limits, counts and times.
/// </summary>
public sealed class RateLimitBudgetMemo
{
    /// <summary>
    /// Okta's window length as learned from its Reset headers (null until then: <c>Ferry:Budget:Window</c> is the first
    /// guess). Kept whatever the setting says later: the headers correct it.
    /// </summary>
    public TimeSpan? Window { get; set; }

    /// <summary>Okta's limit for the bucket, from <c>X-Rate-Limit-Limit</c> (null until the first answer).</summary>
    public int? Limit { get; set; }

    /// <summary>The budget's own count of windows; leases carry it so answers are placed in the right one.</summary>
    public long Epoch { get; set; }

    public DateTimeOffset? EpochStart { get; set; }

    /// <summary>Where the current window ends, once an answer has placed it.</summary>
    public DateTimeOffset? WindowEnd { get; set; }

    /// <summary>The <c>X-Rate-Limit-Reset</c> of the server window the current epoch is in.</summary>
    public DateTimeOffset? ServerReset { get; set; }

    /// <summary>The lowest Remaining Okta reported in the current window.</summary>
    public int? MinRemaining { get; set; }

    /// <summary>When the answer with <see cref="MinRemaining"/> came.</summary>
    public DateTimeOffset? RemainingAt { get; set; }

    /// <summary>Ferry's answers given back so far that Okta counted in the current window (whichever window's slots they were on).</summary>
    public int AnsweredInWindow { get; set; }

    /// <summary>
    /// Okta's window before the current one, as Ferry saw it: once every lease with slots in it is back, what other apps
    /// used of it is known (<see cref="ClosedWindow.Counted"/>).
    /// </summary>
    public ClosedWindow? PreviousWindow { get; set; }

    /// <summary>What other apps used of the bucket in the last window Ferry watched through (null until one was).</summary>
    public int? OthersPerWindow { get; set; }

    /// <summary>Slots granted in the current window (given-back unused slots deducted).</summary>
    public int GrantedInEpoch { get; set; }

    /// <summary>Answers to requests of the previous window that Okta counted in this one.</summary>
    public int CarriedIn { get; set; }

    /// <summary>Leases granted and neither given back nor expired: what is in flight, and in which windows.</summary>
    public Dictionary<long, OutstandingLease> Outstanding { get; set; } = [];

    /// <summary>The last slot handed out: the next is paced from it.</summary>
    public DateTimeOffset LastSlot { get; set; } = DateTimeOffset.MinValue;

    /// <summary>No slot before this (after a 429, until Reset; after a concurrency 429, a short back-off).</summary>
    public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

    /// <summary>The current concurrency cap (AIMD), at most <see cref="RateLimitBudgetOptions.Concurrency"/>.</summary>
    public int? Cap { get; set; }

    public int AnswersSinceCapChange { get; set; }

    /// <summary>The id of the lease of the probe request that is learning the limit, while it is out.</summary>
    public long? Probe { get; set; }

    /// <summary>A slowly decaying maximum of round trips: how long before a window's end the last request may go.</summary>
    public TimeSpan RoundTrip { get; set; }

    /// <summary>Slots handed out since the budget began.</summary>
    public long Granted { get; set; }

    /// <summary>The id of the last lease handed out (a lease is one slot, or a batch of them).</summary>
    public long LastLeaseId { get; set; }

    public long Throttled { get; set; }

    public long ConcurrencyThrottled { get; set; }

    public long NoResponse { get; set; }

    /// <summary>Operations on the budget since it began (leases asked for and given back): what a durable entity is called for.</summary>
    public long Operations { get; set; }
}

/// <summary>
/// A lease still out: when it stops counting, how many of its slots fall in which window, and its first and last slot
/// (null in state persisted before they were kept).
/// </summary>
public sealed record OutstandingLease(DateTimeOffset Expires, IReadOnlyDictionary<long, int> SlotsByEpoch, DateTimeOffset? First = null, DateTimeOffset? Last = null)
{
    public int Slots => SlotsByEpoch.Values.Sum();

    /// <summary>Of its slots in window <paramref name="epoch"/>, about how many were due by <paramref name="at"/> (they are evenly paced).</summary>
    public int DueBy(long epoch, DateTimeOffset at)
    {
        var slots = SlotsByEpoch.GetValueOrDefault(epoch);
        if (slots == 0 || First is not { } first || Last is not { } last || at < first)
        {
            return 0;
        }

        return at >= last ? slots : (int)(slots * ((at - first) / (last - first)));
    }
}

/// <summary>
/// A window of Okta's as Ferry saw it, kept after it ended: its Reset, Okta's limit, the lowest Remaining and when it
/// came, and Ferry's answers counted in it. Other apps used the rest.
/// </summary>
/// <param name="Epoch">The budget's last epoch in the window.</param>
/// <param name="Start">When the budget's epoch began (its first slot).</param>
/// <param name="End">Where the budget placed the window's end.</param>
/// <param name="Counted">Every lease on it came back, and what other apps used of it went into <see cref="RateLimitBudgetMemo.OthersPerWindow"/>.</param>
public sealed record ClosedWindow(long Epoch, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset Reset, int Limit, int MinRemaining, DateTimeOffset RemainingAt, int Answered, bool Counted = false)
{
    /// <summary>What other apps used of the window by the time of its lowest Remaining.</summary>
    public int Others => Math.Max(0, Limit - MinRemaining - Answered);
}
