namespace Ferry.Core.RateLimiting;

/// <summary>
/// Everything <see cref="RateLimitBudgetState"/> keeps about one bucket, as plain data: what a durable entity
/// persists between operations. Never a secret: limits, counts and times.
/// </summary>
public sealed class RateLimitBudgetMemo
{
    /// <summary>The window length the options gave when <see cref="Window"/> was learned; a new setting discards it.</summary>
    public TimeSpan? ConfiguredWindow { get; set; }

    /// <summary>Okta's window length as learned (longer than configured when Okta's outlived an estimate).</summary>
    public TimeSpan? Window { get; set; }

    /// <summary>Okta's limit for the bucket, from <c>X-Rate-Limit-Limit</c> (null until the first answer).</summary>
    public int? Limit { get; set; }

    /// <summary>The budget's own count of windows; leases carry it so answers are placed in the right one.</summary>
    public long Epoch { get; set; }

    public DateTimeOffset? EpochStart { get; set; }

    public DateTimeOffset? PreviousEpochStart { get; set; }

    /// <summary>Where the current window ends, once an answer has placed it.</summary>
    public DateTimeOffset? WindowEnd { get; set; }

    /// <summary>The <c>X-Rate-Limit-Reset</c> of the server window the current epoch is in.</summary>
    public DateTimeOffset? ServerReset { get; set; }

    public DateTimeOffset? PreviousServerReset { get; set; }

    /// <summary>The lowest Remaining Okta reported in the current window.</summary>
    public int? MinRemaining { get; set; }

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

/// <summary>A lease still out: when it stops counting, and how many of its slots fall in which window.</summary>
public sealed record OutstandingLease(DateTimeOffset Expires, IReadOnlyDictionary<long, int> SlotsByEpoch)
{
    public int Slots => SlotsByEpoch.Values.Sum();
}
