namespace Ferry.Core.RateLimiting;

/// <summary>A bucket's budget as seen now, for status payloads and the summary.</summary>
/// <param name="Limit">Okta's limit for the bucket (null until the first response).</param>
/// <param name="Remaining">The lowest Remaining Okta reported in the current window.</param>
/// <param name="Quota">Ferry's share of the limit per window.</param>
/// <param name="Operations">Operations on the budget so far (leases asked for, given back).</param>
/// <param name="Window">The window's length as learned from Okta's Reset (the setting until then).</param>
/// <param name="OthersPerWindow">What other apps used of the bucket in the last window Ferry watched (null: not known yet).</param>
/// <param name="SqueezedBy">How much less than its share Ferry takes per window, to leave other apps what they are on course to use.</param>
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
    long Operations = 0,
    TimeSpan? Window = null,
    int? OthersPerWindow = null,
    int SqueezedBy = 0);
