namespace Ferry.Core.RateLimiting;

/// <summary>A bucket's budget as seen now, for status payloads and the summary.</summary>
/// <param name="Limit">Okta's limit for the bucket (null until the first response).</param>
/// <param name="Remaining">The lowest Remaining Okta reported in the current window.</param>
/// <param name="Quota">Ferry's share of the limit per window.</param>
/// <param name="Operations">Operations on the budget so far (leases asked for, given back).</param>
public sealed record BudgetSnapshot(
    string Bucket,
    int? Limit,
    int? Remaining,
    int Quota,
    DateTimeOffset? WindowEnd,
    int InFlight,
    int ConcurrencyCap,
    long Granted,
    long Throttled,
    long ConcurrencyThrottled,
    long NoResponse,
    long Operations = 0);
