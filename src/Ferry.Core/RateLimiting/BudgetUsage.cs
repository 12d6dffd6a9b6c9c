namespace Ferry.Core.RateLimiting;

/// <summary>
/// What became of a <see cref="BudgetGrant"/>'s slots, given back to the budget: the slots never used, per window,
/// and the answers, grouped by window, outcome and Okta's Reset (so a batch of hundreds of requests reports in a
/// few lines). Plain data, never a request's content.
/// </summary>
public sealed record BudgetUsage(string Bucket, long LeaseId, IReadOnlyList<BudgetUnused> Unused, IReadOnlyList<BudgetAnswers> Answers)
{
    public int Used => Answers.Sum(a => a.Count);
}

/// <summary>Slots of window <paramref name="Epoch"/> that were not used (no request needed them, or their time had passed).</summary>
public sealed record BudgetUnused(long Epoch, int Count);

/// <summary>
/// <see cref="Count"/> requests sent on slots of window <see cref="Epoch"/> that ended the same way with the same
/// Okta Reset: the earliest answer's time and Remaining, the lowest Remaining, the latest answer's time and the
/// longest round trip.
/// </summary>
public sealed record BudgetAnswers(
    long Epoch,
    BudgetOutcome Outcome,
    int Count,
    int? Limit,
    DateTimeOffset? Reset,
    int? FirstRemaining,
    int? MinRemaining,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    TimeSpan RoundTrip)
{
    /// <summary>The headers of the earliest answer (null when the answers had none).</summary>
    public RateLimitHeaders? FirstHeaders => Limit is { } l && Reset is { } r && FirstRemaining is { } rem ? new RateLimitHeaders(l, rem, r) : null;

    /// <summary>The headers with the lowest Remaining (null when the answers had none).</summary>
    public RateLimitHeaders? LowestHeaders => Limit is { } l && Reset is { } r && MinRemaining is { } rem ? new RateLimitHeaders(l, rem, r) : null;
}
